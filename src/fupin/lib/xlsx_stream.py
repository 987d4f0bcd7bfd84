"""Reading a large .xlsx row by row in bounded memory, with the same care as `read_rows`.

`read_rows` lets python-calamine load the whole sheet (about 0.5 KiB per row of eight cells; calamine cannot
read lazily); a ledger of a million rows would hold half a gigabyte. `StreamedSheet` instead lets libxml2
(lxml) parse the first sheet's XML as it is inflated, hands back each row as soon as it has ended and drops
it, so only one row is alive at once. The parser checks the XML and normalises it (entities, quoting, CDATA,
comments); each row, written back out in that normal form, is split into cells by a few fixed patterns, so
Python does a little work per cell instead of a call per XML tag. Values come back as calamine gives them
(text, int or float, bool, date or datetime, BadCell), with the same checks: error values and formulas without
a saved result, Excel's 1900-02-29 and dates out of range are BadCell, and the row cap is enforced while
reading. Shared strings (text Excel stores once per workbook) are the one part kept whole; merged ranges are
known only after the last row, since the file lists them after the data.
"""

import io
import re
import zipfile
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import IO, Any
from xml.etree.ElementTree import ParseError

from defusedxml.ElementTree import fromstring
from django.utils.translation import gettext as _
from lxml import etree
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

MAX_COLUMNS = 256  # cells further right are not read: no import has that many columns
_DATE_IDS = {*range(14, 23), *range(27, 37), *range(45, 48), *range(50, 59)}  # built-in date formats (zh-CN too)
_EPOCH = datetime(1899, 12, 30)
# no DTD is loaded and no entity expanded (a DOCTYPE is refused outright); comments and processing
# instructions are dropped, so a row written back holds only elements, attributes and escaped text
_SAFE = {
    "resolve_entities": False,
    "no_network": True,
    "load_dtd": False,
    "huge_tree": False,
    "remove_comments": True,
    "remove_pis": True,
}

# Patterns over a row as libxml2 writes it: attributes as ` name="value"`, `<`, `>`, `&` and `"` escaped,
# so no `<` or `>` inside a tag's text or attributes. Elements are known by their local names, whatever prefix.
_P = r"(?:[\w.-]+:)?"
# a cell: as Excel, WPS, LibreOffice and openpyxl write a plain one (no prefix; column letters, style, type, one
# value) in groups 1-7, or any other in groups 8-9, read more slowly
_CELL = re.compile(
    r'<c(?: r="([A-Z]{1,3})[0-9]+")?(?: s="([0-9]+)")?(?: t="([a-zA-Z]+)")?'
    r'(?:/>|>(?:(<v>)([^<]*)</v>|(<is>)<t(?: xml:space="preserve")?>([^<]*)</t></is>)?</c>)'
    rf'|<{_P}c((?: [^\s=]+="[^"]*")*)(?:/>|>(.*?)</{_P}c>)',
    re.S,
)
_ATTRIBUTE = re.compile(r' ([^\s=]+)="([^"]*)"')
_FORMULA = re.compile(rf"<{_P}f[ />]")
_HOLDS_VALUE = re.compile(rf"<{_P}(?:v|is)[ />]")
_PHONETIC = re.compile(rf"<{_P}rPh[ >].*?</{_P}rPh>", re.S)  # a reading guide, not the text
_TEXT = re.compile(rf"<{_P}[vt](?: [^>]*[^/>])?>([^<]*)")


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


def _elements(stream: IO[bytes], *names: str) -> Iterator[Any]:
    """The elements of these local names, each once it has ended; each dropped from the tree once used, so the
    tree never holds more than the one being read."""
    context = etree.iterparse(stream, events=("end",), tag=[f"{{*}}{name}" for name in names], **_SAFE)
    first = True
    for _event, element in context:
        if first:
            _refuse_dtd(element)
            first = False
        yield element
        element.clear()
        while element.getprevious() is not None:
            del element.getparent()[0]
    if context.root is not None:
        _refuse_dtd(context.root)


def _refuse_dtd(element: Any) -> None:
    """A DOCTYPE is refused before any element is used (none is loaded or expanded meanwhile)."""
    if element.getroottree().docinfo.doctype:
        _refuse_doctype()


def _shared_strings(zf: zipfile.ZipFile) -> list[Any]:
    """Each <si>'s text runs, phonetic guides left out, as a cell holding it reads (trimmed; error text a
    BadCell): worked out once per string, not once per cell."""
    if "xl/sharedStrings.xml" not in zf.namelist():
        return []
    with zf.open("xl/sharedStrings.xml") as stream:
        return [_plain(_text_of(si)) for si in _elements(stream, "si")]


def _text_of(si: Any) -> str:
    return "".join(t.text or "" for t in si.iter("{*}t") if _local(t.getparent().tag) != "rPh")


_ENTITY = re.compile(r"&(#[xX][0-9a-fA-F]+|#[0-9]+|lt|gt|amp|quot|apos);")
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"', "apos": "'"}


def _entity(match: re.Match[str]) -> str:
    name = match[1]
    if name[0] != "#":
        return _NAMED[name]
    return chr(int(name[2:], 16) if name[1] in "xX" else int(name[1:]))


def _unescaped(text: str) -> str:
    return _ENTITY.sub(_entity, text) if "&" in text else text


class _Cells:
    """Turns one row, as libxml2 writes it back, into its cells from column A: each filled cell's value, or
    why it has none. Lean on purpose: it runs for every cell of a sheet of a million rows."""

    def __init__(self, strings: list[Any], dated: set[int]) -> None:
        self.strings, self.dated = strings, dated
        self.columns: dict[str, int] = {}

    def read(self, xml: str) -> list[Any]:
        cells: list[Any] = []
        col = -1
        for letters, style, kind, v_tag, v_text, is_tag, t_text, attributes, content in _CELL.findall(xml):
            if attributes or content:
                col, value = self._unusual(col, attributes, content)
            else:
                col = self.columns.get(letters, -1) if letters else col + 1
                if col < 0:
                    col = self._column(letters)
                if not (v_tag or is_tag):
                    continue  # holds nothing: not even a formula
                value = self._value(kind, style, _unescaped(v_text if v_tag else t_text))
            if value is _NOTHING or col >= MAX_COLUMNS:
                continue
            if len(cells) <= col:
                cells.extend([""] * (col + 1 - len(cells)))
            cells[col] = value
        return cells

    def _column(self, letters: str) -> int:
        col = 0
        for letter in letters:
            col = col * 26 + ord(letter) - 64
        self.columns[letters] = col - 1
        return col - 1

    def _unusual(self, col: int, attributes: str, content: str) -> tuple[int, Any]:
        """A cell with a formula, rich text, an empty value or other attributes: read as the plain ones, more
        slowly. (Its column, and its value or _NOTHING.)"""
        attrs = dict(_ATTRIBUTE.findall(attributes))
        ref = attrs.get("r")
        col = self._column(ref.rstrip("0123456789")) if ref else col + 1
        has_formula = _FORMULA.search(content) is not None
        has_value = _HOLDS_VALUE.search(content) is not None
        if not (has_value or has_formula):
            return col, _NOTHING
        raw = _unescaped("".join(_TEXT.findall(_PHONETIC.sub("", content)))) if has_value else None
        kind = attrs.get("t", "")
        cell = {"t": kind} | ({"v": raw} if raw is not None else {}) | ({"f": ""} if has_formula else {})
        return col, _cell_problem(cell) or self._value(kind, attrs.get("s", ""), raw)

    def _value(self, kind: str, style: str, raw: str | None) -> Any:
        if kind == "s":
            return self.strings[int(raw or "")]
        if kind == "inlineStr" or kind == "str":
            return _plain(raw or "")
        if kind == "e":
            return _cell_problem({"t": kind, "v": raw or ""})
        if kind == "b":
            return raw == "1"
        if kind == "d":
            return _iso_day(raw or "")
        if not raw:
            return ""
        number = float(raw)
        if int(style or -1) in self.dated:
            return _serial_day(number)
        return _plain(number)


_NOTHING = object()  # a cell element without a value or a formula: not a filled cell


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
                cells = _Cells(_shared_strings(zf), _date_styles(zf))
                with zf.open(_first_sheet_path(zf)) as stream:
                    yield from self._rows(stream, cells)
        except SheetError:
            raise
        except (KeyError, StopIteration, ValueError, IndexError, etree.LxmlError, zipfile.BadZipFile) as exc:
            raise SheetError(_("无法读取表格内容:文件已损坏或不是标准 .xlsx")) from exc

    def _rows(self, stream: IO[bytes], cells: _Cells) -> Iterator[tuple[int, list[Any]]]:
        number = filled = 0
        merged: list[str] = []
        for element in _elements(stream, "row", "mergeCell"):
            if _local(element.tag) == "mergeCell":
                merged.append(element.get("ref", ""))
                continue
            number = int(element.get("r") or number + 1)
            row = cells.read(etree.tostring(element, encoding="unicode", with_tail=False))
            if any(c not in ("", None) for c in row):
                filled += 1
                if filled > self.max_rows:
                    raise SheetTooLong(self.max_rows)
                yield number, row
        self.merged = merged


_ROW_TAG = re.compile(rb"<(?:[\w.-]+:)?row[\s/>]")


def sheet_rows(data: bytes) -> int:
    """How many rows the first sheet's XML holds, empty ones too, counted without parsing it (0 for a file
    that cannot be read; reading it says why): a progress bar's total, never below the filled rows."""
    count, rest = 0, b""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf, zf.open(_first_sheet_path(zf)) as stream:
            while block := stream.read(1 << 16):
                text = rest + block
                cut = text.rfind(b"<")  # a tag is counted whole: the text from the last `<` waits for more
                cut = len(text) if cut < 0 else cut
                count += len(_ROW_TAG.findall(text, 0, cut))
                rest = text[cut:]
        return count + len(_ROW_TAG.findall(rest))
    except (KeyError, StopIteration, ValueError, IndexError, ParseError, zipfile.BadZipFile, SheetError):
        return 0
