"""Reading a large .xlsx row by row in bounded memory, with the same care as `read_rows`.

`read_rows` lets python-calamine load the whole sheet (about 0.5 KiB per row of eight cells); a ledger of a
million rows would hold half a gigabyte. `StreamedSheet` instead feeds the first sheet's XML to expat a block
at a time and hands back the rows finished so far, so only one block's rows are alive at once. Values come
back as calamine gives them (text, int or float, bool, date or datetime, BadCell), with the same checks:
error values and formulas without a saved result, Excel's 1900-02-29 and dates out of range are BadCell, and
the row cap is enforced while reading. Shared strings (text Excel stores once per workbook) are the one
part kept whole; merged ranges are known only after the last row, since the file lists them after the data.
"""

import io
import zipfile
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any
from xml.parsers import expat

from defusedxml.ElementTree import fromstring
from django.utils.translation import gettext as _
from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format

from .xlsx import (
    BadCell,
    SheetError,
    _check_container,
    _first_sheet_path,
    _local,
    _plain,
    _refuse_doctype,
    _SheetScan,
    date_problem,
    phantom_day,
)

BLOCK = 64 * 1024  # bytes of XML fed to the parser at a time
MAX_COLUMNS = 256  # cells further right are not read: no import has that many columns
_DATE_IDS = {*range(14, 23), *range(27, 37), *range(45, 48), *range(50, 59)}  # built-in date formats (zh-CN too)
_EPOCH = datetime(1899, 12, 30)


def _date_styles(zf: zipfile.ZipFile) -> set[int]:
    """Indexes of the cell styles whose number format shows a date or a time."""
    if "xl/styles.xml" not in zf.namelist():
        return set()
    styles = fromstring(zf.read("xl/styles.xml"))
    custom = {
        int(el.get("numFmtId", "0")): el.get("formatCode", "") for el in styles.iter() if _local(el.tag) == "numFmt"
    }
    xfs = next((el for el in styles if _local(el.tag) == "cellXfs"), None)
    dated = set()
    for index, xf in enumerate(xf for xf in (xfs if xfs is not None else []) if _local(xf.tag) == "xf"):
        fmt = int(xf.get("numFmtId", "0"))
        code = custom.get(fmt, BUILTIN_FORMATS.get(fmt, ""))
        if fmt in _DATE_IDS or (code and is_date_format(code)):
            dated.add(index)
    return dated


class _Strings:
    """Expat handlers collecting the shared strings: each <si>'s text runs, phonetic guides left out."""

    def __init__(self) -> None:
        self.items: list[str] = []
        self.parts: list[str] = []
        self.inside = self.phonetic = False

    def start(self, name: str, _attrs: dict[str, str]) -> None:
        tag = name.rpartition(" ")[2]
        self.phonetic = self.phonetic or tag == "rPh"
        self.inside = tag == "t" and not self.phonetic

    def text(self, data: str) -> None:
        if self.inside:
            self.parts.append(data)

    def end(self, name: str) -> None:
        tag = name.rpartition(" ")[2]
        self.inside = False
        if tag == "rPh":
            self.phonetic = False
        elif tag == "si":
            self.items.append("".join(self.parts))
            self.parts = []


def _parser(handlers: Any) -> Any:
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.StartDoctypeDeclHandler = _refuse_doctype  # no DTD, so no entity to expand
    parser.StartElementHandler, parser.EndElementHandler = handlers.start, handlers.end
    parser.CharacterDataHandler = handlers.text
    parser.buffer_text = True
    return parser


def _shared_strings(zf: zipfile.ZipFile) -> list[str]:
    if "xl/sharedStrings.xml" not in zf.namelist():
        return []
    strings = _Strings()
    with zf.open("xl/sharedStrings.xml") as stream:
        _parser(strings).ParseFile(stream)
    return strings.items


class _RowReader(_SheetScan):
    """The scan's checks, plus each filled cell's value, collected into finished rows."""

    def __init__(self, max_rows: int, strings: list[str], dated: set[int]):
        super().__init__(max_rows)
        self.max_cells = (max_rows + 1) * MAX_COLUMNS
        self.strings, self.dated = strings, dated
        self.style = -1
        self.cells: list[Any] = []
        self.ready: list[tuple[int, list[Any]]] = []
        self.phonetic = False

    def start(self, name: str, attrs: dict[str, str]) -> None:
        super().start(name, attrs)
        tag = self.inside
        if tag == "c":
            self.style = int(attrs.get("s") or -1)
        elif tag == "rPh":
            self.phonetic = True
        elif tag == "row":
            self.cells = []

    def text(self, data: str) -> None:
        if self.cell is not None and self.inside == "v":
            self.cell["v"] += data
        elif self.cell is not None and self.inside == "t" and "is" in self.cell and not self.phonetic:
            self.cell["is"] += data

    def end(self, name: str) -> None:
        tag = name.rpartition(" ")[2]
        if tag == "rPh":
            self.phonetic = False
        super().end(name)
        if tag == "row" and any(c not in ("", None) for c in self.cells):
            self.ready.append((self.row, self.cells))

    def filled(self, cell: dict[str, str]) -> None:
        super().filled(cell)
        if self.col >= MAX_COLUMNS:
            return
        value = self.bad.pop((self.row, self.col), None) or self._value(cell)
        self.cells.extend([""] * (self.col + 1 - len(self.cells)))
        self.cells[self.col] = value

    def _value(self, cell: dict[str, str]) -> Any:
        kind, raw = cell["t"], cell.get("v")
        if kind == "inlineStr":
            return _plain(cell.get("is", ""))
        if kind == "s":
            return _plain(self.strings[int(raw or "")])
        if kind == "b":
            return raw == "1"
        if kind in ("str", "d"):
            return _iso_day(raw or "") if kind == "d" else _plain(raw or "")
        if not raw:
            return ""
        number = float(raw)
        if self.style in self.dated:
            return _serial_day(number)
        return _plain(number)

    def take(self) -> list[tuple[int, list[Any]]]:
        rows, self.ready = self.ready, []
        return rows


def _iso_day(text: str) -> Any:
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        return BadCell(_("日期 %(d)s 无法识别,请填写实际日期") % {"d": text[:30]})
    return _whole_day(value)


def _serial_day(number: float) -> Any:
    """Excel's day count as a date (a datetime when it has a time), as calamine reads it."""
    if 60 <= number < 61:
        return phantom_day()
    if not 0 <= number < 2_958_466:  # beyond 9999-12-31
        return BadCell(_("日期数值 %(v)s 无法识别,请填写实际日期") % {"v": number})
    value = _EPOCH + timedelta(days=number + (1 if number < 60 else 0))
    return _whole_day(value)


def _whole_day(value: datetime) -> Any:
    shown = value.date() if value.time() == datetime.min.time() and value.tzinfo is None else value
    return date_problem(shown) or shown


class StreamedSheet:
    """The first sheet's non-empty rows as (1-based row number, cells from column A), read as iterated; its
    merged ranges ("G4:G5") once the iteration has ended."""

    def __init__(self, data: bytes, *, max_rows: int):
        _check_container(data)
        self.data, self.max_rows = data, max_rows
        self.merged: list[str] = []

    def __iter__(self) -> Iterator[tuple[int, list[Any]]]:
        try:
            with zipfile.ZipFile(io.BytesIO(self.data)) as zf:
                reader = _RowReader(self.max_rows, _shared_strings(zf), _date_styles(zf))
                parser = _parser(reader)
                with zf.open(_first_sheet_path(zf)) as stream:
                    while block := stream.read(BLOCK):
                        parser.Parse(block, False)
                        yield from reader.take()
                parser.Parse(b"", True)
                yield from reader.take()
        except SheetError:
            raise
        except (KeyError, StopIteration, ValueError, IndexError, expat.ExpatError, zipfile.BadZipFile) as exc:
            raise SheetError(_("无法读取表格内容:文件已损坏或不是标准 .xlsx")) from exc
        self.merged = reader.merged
