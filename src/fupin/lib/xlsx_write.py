"""Writing .xlsx exports that cannot inject formulas: plain tables and forms laid out as government tables."""

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


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
    number = header_row  # rows are numbered here: ws.max_row scans every cell, which made a long form quadratic
    for number, row in enumerate(rows, start=header_row + 1):  # the last number places the total below
        _form_row(ws, number, row, formats, None)
    if total is not None:
        _form_row(ws, number + 1, total, formats, Font(bold=True))
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
