"""Reading untrusted .xlsx uploads safely and writing .xlsx exports that cannot inject formulas."""

import io
import posixpath
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from xml.etree.ElementTree import ParseError
from xml.parsers import expat

from defusedxml.ElementTree import fromstring
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from python_calamine import CalamineWorkbook

MAX_BYTES = 20 * 1024 * 1024
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024
MAX_ENTRIES = 2000
MAX_RATIO = 200  # a zip entry inflating more than this is treated as a bomb
MAX_CELLS = 1_000_000  # calamine allocates rows × columns up to the farthest filled cell
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
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


def read_rows(data: bytes, *, max_rows: int) -> list[tuple[int, list[Any]]]:
    """(1-based row number, cells from column A) of the first sheet's non-empty rows; at most max_rows.

    Error values and formulas without a saved result come back as BadCell, never as an empty cell.
    """
    _check_container(data)
    bad = _scan_first_sheet(data, max_rows)
    grid = _calamine_grid(data)
    for (number, col), cell in bad.items():  # calamine reads these as empty, or not at all
        cells = grid.setdefault(number, [])
        cells.extend([""] * (col + 1 - len(cells)))
        cells[col] = cell
    if len(grid) > max_rows:
        raise SheetTooLong(max_rows)
    return sorted(grid.items())


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


def _scan_first_sheet(data: bytes, max_rows: int) -> dict[tuple[int, int], BadCell]:
    """Stream the sheet's XML before calamine loads it: bound its real size, find cells without a value."""
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
    return scan.bad


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

    def __init__(self, max_rows: int):
        self.max_rows = max_rows
        self.bad: dict[tuple[int, int], BadCell] = {}
        self.row, self.col, self.filled_rows, self.last_filled, self.far_row, self.far_col = 0, -1, 0, 0, 0, 0
        self.cell: dict[str, str] | None = None  # the open <c>: its type, and the text of what it holds
        self.inside = ""

    def start(self, name: str, attrs: dict[str, str]) -> None:
        tag = self.inside = name.rpartition(" ")[2]
        if tag == "row":
            self.row, self.col = int(attrs.get("r") or self.row + 1), -1
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
        self.far_row, self.far_col = max(self.far_row, self.row), max(self.far_col, self.col + 1)
        if self.far_row * self.far_col > MAX_CELLS:
            raise SheetError(
                _("表格范围过大(有内容的单元格延伸到第 %(r)d 行第 %(c)d 列),请删除多余的行和列后另存")
                % {"r": self.row, "c": self.col + 1}
            )
        if self.row != self.last_filled:
            self.filled_rows, self.last_filled = self.filled_rows + 1, self.row
            if self.filled_rows > self.max_rows:
                raise SheetTooLong(self.max_rows)


def _cell_problem(cell: dict[str, str]) -> BadCell | None:
    value = cell.get("v")
    if cell["t"] == "e":
        return BadCell(_("单元格是错误值 %(v)s,请填写实际内容") % {"v": (value or "").strip() or "#N/A"})
    if "f" in cell and (value is None or (not value.strip() and cell["t"] != "str")):
        return BadCell(_("单元格是没有计算结果的公式,请在 Excel 中重新计算并保存,或直接填写内容"))
    return None


def is_error_value(value: Any) -> bool:
    return isinstance(value, BadCell) or (isinstance(value, str) and value in _EXCEL_ERRORS)


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


@dataclass(frozen=True)
class Table:
    """One sheet of a workbook written by write_tables."""

    title: str
    headers: Sequence[str]
    rows: Iterable[Sequence[Any]]
    note: str = ""
    sheet_name: str = "Sheet1"
    formats: Sequence[str | None] = ()


def write_table(
    *,
    title: str,
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    note: str = "",
    sheet_name: str = "Sheet1",
    formats: Sequence[str | None] = (),
) -> bytes:
    """A one-sheet workbook: a title row, an optional note row, a header row, then the rows.

    Text that Excel would read as a formula (= + - @ tab CR) is written as a text cell, in the title and
    the note too (they often carry a name someone typed). `formats` gives a column's number format
    ("#,##0.00" for 元) to its numbers.
    """
    return write_tables([Table(title, headers, rows, note, sheet_name, formats)])


def write_tables(tables: Sequence[Table]) -> bytes:
    """A workbook with one sheet per table, each laid out as write_table lays out its one."""
    book = Workbook(write_only=False)
    book.remove(book.active)
    for table in tables:
        _fill_sheet(book.create_sheet(table.sheet_name[:31]), table)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _fill_sheet(ws, table: Table) -> None:
    width, formats = max(len(table.headers), 1), table.formats
    _write_cell(ws.cell(1, 1), table.title)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    ws.cell(1, 1).font = Font(bold=True, size=14)
    ws.cell(1, 1).alignment = Alignment(horizontal="center")
    header_row = 2
    if table.note:
        _write_cell(ws.cell(2, 1), table.note)
        ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=width)
        header_row = 3
    for col, header in enumerate(table.headers, start=1):
        cell = ws.cell(header_row, col)
        _write_cell(cell, header)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDE6F0")
    # rows are numbered here: ws.max_row scans every cell, which made a long table quadratic
    for number, row in enumerate(table.rows, start=header_row + 1):
        for col, value in enumerate(row, start=1):
            cell = ws.cell(number, col)
            _write_cell(cell, value)
            if col <= len(formats) and formats[col - 1] and isinstance(value, (int, float, Decimal)):
                cell.number_format = formats[col - 1]
    for col in range(1, width + 1):
        ws.column_dimensions[get_column_letter(col)].width = 18
    ws.freeze_panes = ws.cell(header_row + 1, 1)


def _write_cell(cell, value: Any) -> None:
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)  # control characters openpyxl refuses to write
    cell.value = value
    if isinstance(value, str):
        # Setting data_type after the value keeps "=HYPERLINK(...)" a plain string, never a formula.
        cell.data_type = "s"
        if value.startswith(_FORMULA_STARTS) or (value.isdigit() and len(value) > 11):
            cell.number_format = "@"


def header_index(rows: list[tuple[int, list[Any]]], required: Sequence[str], *, scan: int = 5):
    """Find the header row among the first rows: (position in rows, {header: column index})."""
    for pos, (_number, cells) in enumerate(rows[:scan]):
        names = [header_name(c) for c in cells]
        if set(required) <= set(names):
            return pos, {name: i for i, name in enumerate(names) if name}
    return None, {}


def header_name(value: Any) -> str:
    """A header as typed, minus what templates add to it: spaces, full-width forms, a required-field star."""
    return "".join(unicodedata.normalize("NFKC", cell_text(value)).split()).strip("*")


_THIN = Side(style="thin", color="808080")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)


def write_form(
    *,
    title: str,
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    info: Sequence[str] = (),
    note: str = "",
    total: Sequence[Any] | None = None,
    formats: Sequence[str | None] = (),
    sheet_name: str = "Sheet1",
) -> bytes:
    """A one-sheet form laid out as a government table: the title, a line of facts (填报单位, 填报日期)
    spread over one row, an optional note, a boxed header and rows, and a bold total row.

    `formats` gives each column's number format ("0.00" for 元); text is written as write_table writes
    it, never as a formula.
    """
    book = Workbook()
    ws = book.active
    ws.title = sheet_name[:31]
    width = max(len(headers), 1)
    _form_line(ws, 1, [title], width, Font(bold=True, size=16), "center")
    line = 2
    if info:
        _form_line(ws, line, info, width, Font(size=11), "left")
        line += 1
    if note:
        _form_line(ws, line, [note], width, Font(size=9, color="555555"), "left")
        ws.row_dimensions[line].height = 30
        line += 1
    header_row = line
    _form_header(ws, header_row, headers)
    for row in rows:
        _form_row(ws, ws.max_row + 1, row, formats, None)
    if total is not None:
        _form_row(ws, ws.max_row + 1, total, formats, Font(bold=True))
    _form_page(ws, header_row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _form_header(ws, row: int, headers: Sequence[str]) -> None:
    _form_row(ws, row, headers, (), Font(bold=True))
    for col in range(1, len(headers) + 1):
        cell = ws.cell(row, col)
        cell.fill = PatternFill("solid", fgColor="DDE6F0")
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)


def _form_page(ws, header_row: int) -> None:
    """Columns as wide as their content (CJK counts double), a frozen header repeated on every printed
    page, landscape and one page wide."""
    widths: dict[int, int] = {}
    for row in ws.iter_rows(min_row=header_row):
        for cell in row:
            text = cell_text(cell.value)
            size = sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)
            widths[cell.column] = max(widths.get(cell.column, 0), size)
    for col, size in widths.items():
        ws.column_dimensions[get_column_letter(col)].width = max(8, min(36, size + 2))
    ws.freeze_panes = ws.cell(header_row + 1, 1)
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.page_setup.orientation = "landscape"
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToHeight = 0


def _form_line(ws, row: int, parts: Sequence[str], width: int, font: Font, align: str) -> None:
    """Parts spread over the row's width, each merged over its share; the last one right-aligned."""
    count = min(len(parts), width)
    bounds = [round(i * width / count) for i in range(count + 1)]
    for i in range(count):
        text = " ".join(parts[i:]) if i == count - 1 else parts[i]
        start, end = bounds[i] + 1, bounds[i + 1]
        if end > start:
            ws.merge_cells(start_row=row, start_column=start, end_row=row, end_column=end)
        cell = ws.cell(row, start)
        _write_cell(cell, text)
        cell.font = font
        last = i == count - 1 and count > 1
        cell.alignment = Alignment(horizontal="right" if last else align, vertical="center", wrap_text=True)


def _form_row(ws, row: int, values: Sequence[Any], formats: Sequence[str | None], font: Font | None) -> None:
    for col, value in enumerate(values, start=1):
        cell = ws.cell(row, col)
        _write_cell(cell, value)
        cell.border = _BOX
        number_format = formats[col - 1] if col <= len(formats) else None
        if number_format and not isinstance(value, str) and value is not None:
            cell.number_format = number_format
        if font is not None:
            cell.font = font
