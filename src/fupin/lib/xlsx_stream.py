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
    SheetTooLong,
    _cell_problem,
    _check_container,
    _first_sheet_path,
    _local,
    _plain,
    _refuse_doctype,
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
        tag = name.rpartition(":")[2]
        self.phonetic = self.phonetic or tag == "rPh"
        self.inside = tag == "t" and not self.phonetic

    def text(self, data: str) -> None:
        if self.inside:
            self.parts.append(data)

    def end(self, name: str) -> None:
        tag = name.rpartition(":")[2]
        self.inside = False
        if tag == "rPh":
            self.phonetic = False
        elif tag == "si":
            self.items.append("".join(self.parts))
            self.parts = []


def _parser(handlers: Any) -> Any:
    parser = expat.ParserCreate()  # names as written ("c", "x:c"); the handlers take the local part
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


class _RowReader:
    """Expat handlers for one pass over a sheet: each filled cell's value (or why it has none), collected into
    finished rows. Lean on purpose: it runs three times per cell of a sheet of a million rows. (Hidden rows and
    columns are looked for when the file is uploaded, before the import runs.)"""

    def __init__(self, max_rows: int, strings: list[str], dated: set[int]):
        self.max_rows, self.strings, self.dated = max_rows, strings, dated
        self.names: dict[str, str] = {}
        self.columns: dict[str, int] = {}
        self.ready: list[tuple[int, list[Any]]] = []
        self.merged: list[str] = []
        self.row = self.col = self.filled_rows = 0
        self.number = ""
        self.cells: list[Any] = []
        self.kind, self.style, self.inside = "", -1, ""
        self.text_parts: list[str] = []
        self.in_cell = self.has_value = self.has_formula = self.phonetic = False

    def _local(self, name: str) -> str:
        tag = self.names.get(name)
        if tag is None:
            tag = self.names[name] = name.rpartition(" ")[2].rpartition(":")[2]
        return tag

    def _column(self, ref: str, number: str) -> int:
        letters = ref[: len(ref) - len(number)] if ref.endswith(number) else ref.rstrip("0123456789")
        col = self.columns.get(letters)
        if col is None:
            col = 0
            for letter in letters:
                col = col * 26 + ord(letter) - 64
            col = self.columns[letters] = col - 1
        return col

    def start(self, name: str, attrs: dict[str, str]) -> None:
        tag = self.inside = self._local(name)
        if tag == "c":
            ref = attrs.get("r")
            self.col = self._column(ref, self.number) if ref else self.col + 1
            self.kind, self.style = attrs.get("t", ""), int(attrs.get("s") or -1)
            self.in_cell, self.has_value, self.has_formula, self.text_parts = True, False, False, []
        elif tag == "v" or tag == "is":
            self.has_value = self.in_cell
        elif tag == "f":
            self.has_formula = self.in_cell
        elif tag == "row":
            self.row = int(attrs.get("r") or self.row + 1)
            self.number, self.col, self.cells = str(self.row), -1, []
        elif tag == "rPh":
            self.phonetic = True
        elif tag == "mergeCell":
            self.merged.append(attrs.get("ref", ""))

    def text(self, data: str) -> None:
        inside = self.inside
        if self.in_cell and (inside == "v" or (inside == "t" and not self.phonetic)):
            self.text_parts.append(data)

    def end(self, name: str) -> None:
        tag = self._local(name)
        self.inside = ""
        if tag == "c":
            self.in_cell = False
            if (self.has_value or self.has_formula) and self.col < MAX_COLUMNS:
                self._filled()
        elif tag == "row":
            if any(c not in ("", None) for c in self.cells):
                self.filled_rows += 1
                if self.filled_rows > self.max_rows:
                    raise SheetTooLong(self.max_rows)
                self.ready.append((self.row, self.cells))
        elif tag == "rPh":
            self.phonetic = False

    def _filled(self) -> None:
        raw = "".join(self.text_parts) if self.has_value else None
        cell = {"t": self.kind} | ({"v": raw} if raw is not None else {}) | ({"f": ""} if self.has_formula else {})
        problem = _cell_problem(cell)
        value = problem or self._value(raw)
        cells = self.cells
        if len(cells) <= self.col:
            cells.extend([""] * (self.col + 1 - len(cells)))
        cells[self.col] = value

    def _value(self, raw: str | None) -> Any:
        kind = self.kind
        if kind == "inlineStr" or kind == "str":
            return _plain(raw or "")
        if kind == "s":
            return _plain(self.strings[int(raw or "")])
        if kind == "b":
            return raw == "1"
        if kind == "d":
            return _iso_day(raw or "")
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
