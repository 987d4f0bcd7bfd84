"""Reading untrusted .xlsx uploads safely: by content, bounded, and never reading a cell as something it is not."""

import io
import posixpath
import re
import unicodedata
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from xml.etree.ElementTree import ParseError
from xml.parsers import expat

from defusedxml.ElementTree import fromstring
from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter
from python_calamine import CalamineWorkbook

# the writers live in their own module; their names stay importable from here
from .xlsx_write import Table as Table
from .xlsx_write import cell_text as cell_text
from .xlsx_write import write_form as write_form
from .xlsx_write import write_table as write_table
from .xlsx_write import write_tables as write_tables

MAX_BYTES = 20 * 1024 * 1024
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024
MAX_ENTRIES = 2000
MAX_RATIO = 200  # a zip entry inflating more than this is treated as a bomb
MAX_CELLS = 1_000_000  # calamine allocates rows × columns up to the farthest filled cell
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
FIRST_DATE, LAST_DATE = date(1920, 1, 1), date(2100, 12, 31)  # a date cell outside this is a typing slip
_EXCEL_ERRORS = {"#REF!", "#N/A", "#VALUE!", "#DIV/0!", "#NAME?", "#NUM!", "#NULL!", "#SPILL!"}


class SheetError(Exception):
    """A whole-file problem, with a message for the person who uploaded it."""


class SheetTooLong(SheetError):
    """More filled rows than the caller allows; `limit` is the number it asked for."""

    def __init__(self, limit: int):
        super().__init__(_("表格超过 %(n)d 行上限,请分批导入") % {"n": limit})
        self.limit = limit


@dataclass(frozen=True)
class BadCell:
    """A cell without a usable value (an Excel error, or a formula saved without its result)."""

    reason: str

    def __str__(self) -> str:
        return self.reason


def _check_container(data: bytes) -> None:
    if not data:
        raise SheetError(_("文件是空的"))
    if len(data) > MAX_BYTES:
        raise SheetError(_("文件超过 %(mb)d MB 上限") % {"mb": MAX_BYTES // 1024 // 1024})
    if data.startswith(_OLE):
        raise SheetError(_("这是旧版 Excel(.xls)或 WPS 格式文件,请在 Excel/WPS 中另存为 .xlsx 后再上传"))
    if not data.startswith(b"PK"):
        raise SheetError(_("文件不是 .xlsx 格式(可能是 CSV 或改了扩展名的文件),请另存为 .xlsx 后再上传"))
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
            names = {i.filename for i in infos}
    except zipfile.BadZipFile as exc:
        raise SheetError(_("文件已损坏,无法作为 .xlsx 打开")) from exc
    if any(name.lower().rsplit("/", 1)[-1] == "vbaproject.bin" for name in names):
        raise SheetError(_("文件含有宏(可能是改了扩展名的 .xlsm),已拒绝;请另存为不含宏的 .xlsx 后再上传"))
    if "xl/workbook.xml" not in names or "[Content_Types].xml" not in names:
        raise SheetError(_("文件不是 .xlsx 工作簿(缺少工作簿内容),请另存为 .xlsx 后再上传"))
    total = sum(i.file_size for i in infos)
    too_dense = any(i.compress_size and i.file_size / i.compress_size > MAX_RATIO for i in infos)
    if len(infos) > MAX_ENTRIES or total > MAX_UNZIPPED_BYTES or too_dense:
        raise SheetError(_("文件解压后过大或结构异常,已拒绝"))


def _plain(value: Any) -> Any:
    """calamine gives whole numbers as floats and dates as date/datetime: normalise."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        value = value.strip()
        if value in _EXCEL_ERRORS:  # typed or pasted as text: still not a value
            return BadCell(_("单元格是错误值 %(v)s,请填写实际内容") % {"v": value})
    return value


class SheetRows(list):
    """read_rows' answer: (row number, cells) pairs, and the sheet's merged ranges ("G4:G5"), which a reader of
    values alone cannot see (header_index refuses those below the header)."""

    def __init__(self, rows, *, merged=()):
        super().__init__(rows)
        self.merged: list[str] = list(merged)


def read_rows(data: bytes, *, max_rows: int) -> SheetRows:
    """(1-based row number, cells from column A) of the first sheet's non-empty rows; at most max_rows.

    Error values, formulas without a saved result and impossible dates (Excel's 1900-02-29, a date outside
    FIRST_DATE–LAST_DATE) come back as BadCell, never as an empty cell or a wrong date.
    """
    _check_container(data)
    scan = _scan_first_sheet(data, max_rows)
    grid = _calamine_grid(data)
    for (number, col), cell in _bad_cells(scan, grid).items():  # calamine reads these as empty or as another day
        cells = grid.setdefault(number, [])
        cells.extend([""] * (col + 1 - len(cells)))
        cells[col] = cell
    if len(grid) > max_rows:
        raise SheetTooLong(max_rows)
    return SheetRows(sorted(grid.items()), merged=scan.merged)


def _bad_cells(scan: "_SheetScan", grid: dict[int, list[Any]]) -> dict[tuple[int, int], BadCell]:
    bad = dict(scan.bad)
    for number, col in scan.serial_60:
        cells = grid.get(number, [])
        if col < len(cells) and isinstance(cells[col], date):
            bad[(number, col)] = phantom_day()
    for number, cells in grid.items():
        for col, value in enumerate(cells):
            if isinstance(value, date) and (number, col) not in bad and (problem := date_problem(value)):
                bad[(number, col)] = problem
    return bad


def phantom_day() -> BadCell:
    return BadCell(_("日期是 Excel 的 1900-02-29,这一天并不存在,请填写实际日期"))


def date_problem(value: date) -> BadCell | None:
    """A date outside FIRST_DATE–LAST_DATE is a typing slip."""
    if FIRST_DATE <= _day(value) <= LAST_DATE:
        return None
    return BadCell(
        _("日期 %(d)s 超出合理范围(%(a)d–%(b)d 年),请核对")
        % {"d": _day(value).isoformat(), "a": FIRST_DATE.year, "b": LAST_DATE.year}
    )


def _day(value: date) -> date:
    return value.date() if isinstance(value, datetime) else value


def _calamine_grid(data: bytes) -> dict[int, list[Any]]:
    try:
        sheet = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0)
        pad = [""] * (sheet.start[1] if sheet.start else 0)
        grid = {}
        for number, raw in enumerate(sheet.iter_rows(), start=1):
            cells = [_plain(v) for v in raw]
            if any(c not in ("", None) for c in cells):
                grid[number] = pad + cells
        return grid
    except Exception as exc:  # calamine raises its own error types for broken parts
        raise SheetError(_("无法读取表格内容:文件已损坏或不是标准 .xlsx")) from exc


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _first_sheet_path(zf: zipfile.ZipFile) -> str:
    """The part holding the workbook's first sheet, as calamine's get_sheet_by_index(0) reads it."""
    book = fromstring(zf.read("xl/workbook.xml"))
    sheet = next(el for el in book.iter() if _local(el.tag) == "sheet")
    rid = next(v for k, v in sheet.attrib.items() if _local(k) == "id")
    rels = fromstring(zf.read("xl/_rels/workbook.xml.rels"))
    target = next(el.get("Target", "") for el in rels if el.get("Id") == rid)
    return target.lstrip("/") if target.startswith("/") else posixpath.normpath("xl/" + target)


def _scan_first_sheet(data: bytes, max_rows: int) -> "_SheetScan":
    """Stream the sheet's XML before calamine loads it: bound its real size, find cells without a value,
    merged ranges, hidden rows and columns."""
    scan = _SheetScan(max_rows)
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.StartDoctypeDeclHandler = _refuse_doctype  # no DTD, so no entity to expand
    parser.StartElementHandler, parser.EndElementHandler = scan.start, scan.end
    parser.CharacterDataHandler = scan.text
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf, zf.open(_first_sheet_path(zf)) as stream:
            parser.ParseFile(stream)
    except SheetError:
        raise
    except (KeyError, StopIteration, ValueError, ParseError, expat.ExpatError, zipfile.BadZipFile) as exc:
        raise SheetError(_("无法读取表格内容:文件已损坏或不是标准 .xlsx")) from exc
    return scan


def _refuse_doctype(*_args) -> None:
    raise SheetError(_("文件含有不允许的 XML 文档类型声明,已拒绝"))


_REF = re.compile(r"^([A-Z]{1,3})(\d+)$")


def _position(ref: str | None, row: int, col: int) -> tuple[int, int]:
    """(1-based row, 0-based column) of a cell; `r` is optional in the file format."""
    match = _REF.match(ref or "")
    if match is None:
        return row, col + 1
    col = 0
    for letter in match.group(1):
        col = col * 26 + ord(letter) - 64
    return int(match.group(2)), col - 1


class _SheetScan:
    """Expat handlers for one pass over a sheet: its filled rows, its real extent, its cells without a value."""

    max_cells = MAX_CELLS  # the dense grid calamine would allocate; a streaming reader holds no such grid

    def __init__(self, max_rows: int):
        self.max_rows = max_rows
        self.bad: dict[tuple[int, int], BadCell] = {}
        self.row, self.col, self.filled_rows, self.last_filled, self.far_row, self.far_col = 0, -1, 0, 0, 0, 0
        self.cell: dict[str, str] | None = None  # the open <c>: its type, and the text of what it holds
        self.inside = ""
        self.merged: list[str] = []
        self.row_hidden = False  # the open <row>'s flag
        self.hidden_ranges: list[tuple[int, int]] = []  # hidden columns, (first, last), from 0
        self.hidden_filled_rows: set[int] = set()
        self.hidden_filled_cols: set[int] = set()
        self.serial_60: list[tuple[int, int]] = []  # numbers that a date format shows as 1900-02-29

    def start(self, name: str, attrs: dict[str, str]) -> None:
        tag = self.inside = name.rpartition(" ")[2]
        if tag == "row":
            self.row, self.col = int(attrs.get("r") or self.row + 1), -1
            self.row_hidden = attrs.get("hidden") in ("1", "true")
        elif tag == "col" and attrs.get("hidden") in ("1", "true"):
            self.hidden_ranges.append((int(attrs.get("min", "1")) - 1, int(attrs.get("max", "1")) - 1))
        elif tag == "mergeCell":
            self.merged.append(attrs.get("ref", ""))
        elif tag == "c":
            self.row, self.col = _position(attrs.get("r"), self.row, self.col)
            self.cell = {"t": attrs.get("t", "")}
        elif self.cell is not None and tag in ("v", "f", "is"):
            self.cell[tag] = ""

    def text(self, data: str) -> None:
        if self.cell is not None and self.inside == "v":
            self.cell["v"] += data

    def end(self, name: str) -> None:
        self.inside = ""
        if self.cell is not None and name.rpartition(" ")[2] == "c":
            cell, self.cell = self.cell, None
            if len(cell) > 1:  # holds something: not just a formatted empty cell
                self.filled(cell)

    def filled(self, cell: dict[str, str]) -> None:
        problem = _cell_problem(cell)
        if problem is not None:
            self.bad[(self.row, self.col)] = problem
        if self.row_hidden:
            self.hidden_filled_rows.add(self.row)
        if any(first <= self.col <= last for first, last in self.hidden_ranges):
            self.hidden_filled_cols.add(self.col)
        if cell["t"] in ("", "n") and _is_serial_60(cell.get("v", "")):
            self.serial_60.append((self.row, self.col))
        self.far_row, self.far_col = max(self.far_row, self.row), max(self.far_col, self.col + 1)
        if self.far_row * self.far_col > self.max_cells:
            raise SheetError(
                _("表格范围过大(有内容的单元格延伸到第 %(r)d 行第 %(c)d 列),请删除多余的行和列后另存")
                % {"r": self.row, "c": self.col + 1}
            )
        if self.row != self.last_filled:
            self.filled_rows, self.last_filled = self.filled_rows + 1, self.row
            if self.filled_rows > self.max_rows:
                raise SheetTooLong(self.max_rows)


def _is_serial_60(value: str) -> bool:
    try:
        return 60 <= float(value) < 61
    except ValueError:
        return False


def _cell_problem(cell: dict[str, str]) -> BadCell | None:
    value = cell.get("v")
    if cell["t"] == "e":
        return BadCell(_("单元格是错误值 %(v)s,请填写实际内容") % {"v": (value or "").strip() or "#N/A"})
    if "f" in cell and (value is None or (not value.strip() and cell["t"] != "str")):
        return BadCell(_("单元格是没有计算结果的公式,请在 Excel 中重新计算并保存,或直接填写内容"))
    return None


def is_error_value(value: Any) -> bool:
    return isinstance(value, BadCell) or (isinstance(value, str) and value in _EXCEL_ERRORS)


def header_index(rows: list[tuple[int, list[Any]]], required: Sequence[str], *, scan: int = 5):
    """Find the header row among the first rows: (position in rows, {header: column index}).

    Rows read by read_rows are refused when cells below the header are merged: a merged range holds its
    value in its first cell only, so the others would be read as empty.
    """
    for pos, (number, cells) in enumerate(rows[:scan]):
        names = [header_name(c) for c in cells]
        if set(required) <= set(names):
            if isinstance(rows, SheetRows):
                _refuse_merged_below(rows.merged, number)
            return pos, {name: i for i, name in enumerate(names) if name}
    return None, {}


def _refuse_merged_below(merged: list[str], header: int) -> None:
    places = []
    for ref in merged:
        first, _colon, last = ref.partition(":")
        (top, left), (bottom, right) = _position(first, 0, 0), _position(last or first, 0, 0)
        if bottom > header:
            rows = f"{top}" if top == bottom else f"{top}–{bottom}"
            cols = get_column_letter(left + 1) + ("" if left == right else "–" + get_column_letter(right + 1))
            places.append(_("第%(r)s行 %(c)s列为合并单元格") % {"r": rows, "c": cols})
    if places:
        raise SheetError(
            _(
                "表格的数据区有合并单元格(合并后只有第一格有内容,其余格会被读成空):%(p)s。请取消合并,在每一格填写后重新上传"
            )
            % {"p": "、".join(places[:20])}
        )


def hidden_places(data: bytes) -> list[str]:
    """「第7行」「D列」: the first sheet's hidden rows and columns that hold something (an unreadable file has
    none here; reading it says why)."""
    try:
        _check_container(data)
        scan = _scan_first_sheet(data, MAX_CELLS)
    except SheetError:
        return []
    return [_("第%(n)d行") % {"n": n} for n in sorted(scan.hidden_filled_rows)] + [
        _("%(c)s列") % {"c": get_column_letter(col + 1)} for col in sorted(scan.hidden_filled_cols)
    ]


def header_name(value: Any) -> str:
    """A header as typed, minus what templates add to it: spaces, full-width forms, a required-field star."""
    return "".join(unicodedata.normalize("NFKC", cell_text(value)).split()).strip("*")
