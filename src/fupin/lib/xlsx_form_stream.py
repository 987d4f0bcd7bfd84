"""A form laid out as `write_form` lays it out, written a row at a time for exports of thousands of rows.

The title, a line of facts, a boxed header repeated on every printed page, boxed rows with their number
formats, landscape and one page wide; text never becomes a formula (cells are written by `xlsx_write`). The
sheet is openpyxl's write-only one: each row goes to the file as it comes and no cell stays in memory, so
`rows` may be a generator reading a query a chunk at a time. Column widths go into the file before the rows,
so they cannot follow the content: the caller gives the widest text of each column (`display_width`).
"""

import io
from collections.abc import Iterable, Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, NamedStyle, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.cell_range import CellRange

from .xlsx_write import _BOX, _write_cell

_HEADER_FILL = PatternFill("solid", fgColor="DDE6F0")
_CENTERED = Alignment(horizontal="center", vertical="center", wrap_text=True)


def display_width(text: str) -> int:
    """How many columns of a monospaced font the text takes: a Chinese character counts two."""
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


def stream_form(
    *,
    title: str,
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    widths: Sequence[int],
    info: Sequence[str] = (),
    formats: Sequence[str | None] = (),
    sheet_name: str = "Sheet1",
) -> bytes:
    """The form's .xlsx; `widths` gives each column's widest text (`display_width`) beyond its header."""
    book = Workbook(write_only=True)
    ws = book.create_sheet(sheet_name[:31])
    span = max(len(headers), 1)
    for col, header in enumerate(headers, start=1):
        size = max(display_width(header), widths[col - 1] if col <= len(widths) else 0)
        ws.column_dimensions[get_column_letter(col)].width = max(8, min(36, size + 2))
    header_row = 3 if info else 2
    ws.freeze_panes = f"A{header_row + 1}"
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.page_setup.orientation = "landscape"
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToHeight = 0
    styles = _styles(book, formats, span)
    ws.append(_line(ws, 1, [title], span, Font(bold=True, size=16), "center"))
    if info:
        ws.append(_line(ws, 2, info, span, Font(size=11), "left"))
    ws.append([_cell(ws, header, _HEADER) for header in headers])
    for row in rows:
        ws.append([_cell(ws, v, _BOXED if v is None or isinstance(v, str) else styles[i]) for i, v in enumerate(row)])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# Each kind of cell is a named style of the workbook, given by name: setting a cell's border, font and format
# one by one makes openpyxl hash every style object again for every cell (seconds for 20,000 rows).
_HEADER, _BOXED = "表头", "表格"


def _styles(book: Workbook, formats: Sequence[str | None], span: int) -> list[str]:
    """The style of each column's cells (boxed, with the column's number format), registered in the book."""
    book.add_named_style(NamedStyle(_HEADER, font=Font(bold=True), fill=_HEADER_FILL, border=_BOX, alignment=_CENTERED))
    book.add_named_style(NamedStyle(_BOXED, border=_BOX))
    names = []
    for col in range(span):
        number_format = formats[col] if col < len(formats) else None
        if number_format:
            name = f"{_BOXED}{number_format}"
            if name not in book.named_styles:
                book.add_named_style(NamedStyle(name, border=_BOX, number_format=number_format))
            names.append(name)
        else:
            names.append(_BOXED)
    return names


def _cell(ws: WriteOnlyWorksheet, value: Any, style: str) -> WriteOnlyCell:
    cell = WriteOnlyCell(ws)
    cell.style = style
    _write_cell(cell, value)
    return cell


def _line(ws: WriteOnlyWorksheet, row: int, parts: Sequence[str], span: int, font: Font, align: str) -> list[Any]:
    """Parts spread over the row's width, each merged over its share; the last one right-aligned."""
    count = min(len(parts), span)
    bounds = [round(i * span / count) for i in range(count + 1)]
    cells: list[Any] = [None] * span
    for i in range(count):
        text = " ".join(parts[i:]) if i == count - 1 else parts[i]
        start, end = bounds[i] + 1, bounds[i + 1]
        if end > start:
            ws.merged_cells.add(CellRange(min_col=start, min_row=row, max_col=end, max_row=row))
        cell = WriteOnlyCell(ws)
        _write_cell(cell, text)
        cell.font = font
        last = i == count - 1 and count > 1
        cell.alignment = Alignment(horizontal="right" if last else align, vertical="center", wrap_text=True)
        cells[start - 1] = cell
    return cells
