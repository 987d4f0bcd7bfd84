"""Reading untrusted .xlsx uploads safely and writing .xlsx exports that cannot inject formulas."""

import io
import zipfile
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from python_calamine import CalamineWorkbook

MAX_BYTES = 20 * 1024 * 1024
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024
MAX_ENTRIES = 2000
MAX_RATIO = 200  # a zip entry inflating more than this is treated as a bomb
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_EXCEL_ERRORS = {"#REF!", "#N/A", "#VALUE!", "#DIV/0!", "#NAME?", "#NUM!", "#NULL!", "#SPILL!"}


class SheetError(Exception):
    """A whole-file problem, with a message for the person who uploaded it."""


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
        return value.strip()
    return value


def read_rows(data: bytes, *, max_rows: int) -> list[tuple[int, list[Any]]]:
    """(1-based row number, cells) of the first sheet's non-empty rows; refuses more than max_rows."""
    _check_container(data)
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheet = book.get_sheet_by_index(0)
        rows: list[tuple[int, list[Any]]] = []
        for number, raw in enumerate(sheet.iter_rows(), start=1):
            cells = [_plain(v) for v in raw]
            if not any(c not in ("", None) for c in cells):
                continue
            if len(rows) >= max_rows:
                raise SheetError(_("表格超过 %(n)d 行上限,请分批导入") % {"n": max_rows})
            rows.append((number, cells))
    except SheetError:
        raise
    except Exception as exc:  # calamine raises its own error types for broken parts
        raise SheetError(_("无法读取表格内容:文件已损坏或不是标准 .xlsx")) from exc
    return rows


def is_error_value(value: Any) -> bool:
    return isinstance(value, str) and value in _EXCEL_ERRORS


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def write_table(
    *,
    title: str,
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    note: str = "",
    sheet_name: str = "Sheet1",
) -> bytes:
    """A one-sheet workbook: a title row, an optional note row, a header row, then the rows.

    Text that Excel would read as a formula (= + - @ tab CR) is written as a text cell.
    """
    book = Workbook(write_only=False)
    ws = book.active
    ws.title = sheet_name[:31]
    width = max(len(headers), 1)
    ws.append([title])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    ws.cell(1, 1).font = Font(bold=True, size=14)
    ws.cell(1, 1).alignment = Alignment(horizontal="center")
    header_row = 2
    if note:
        ws.append([note])
        ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=width)
        header_row = 3
    ws.append(list(headers))
    for col in range(1, width + 1):
        cell = ws.cell(header_row, col)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDE6F0")
    for row in rows:
        ws.append([None] * len(row))
        for col, value in enumerate(row, start=1):
            _write_cell(ws.cell(ws.max_row, col), value)
    for col in range(1, width + 1):
        ws.column_dimensions[get_column_letter(col)].width = 18
    ws.freeze_panes = ws.cell(header_row + 1, 1)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _write_cell(cell, value: Any) -> None:
    cell.value = value
    if isinstance(value, str):
        # Setting data_type after the value keeps "=HYPERLINK(...)" a plain string, never a formula.
        cell.data_type = "s"
        if value.startswith(_FORMULA_STARTS) or (value.isdigit() and len(value) > 11):
            cell.number_format = "@"


def header_index(rows: list[tuple[int, list[Any]]], required: Sequence[str], *, scan: int = 5):
    """Find the header row among the first rows: (position in rows, {header: column index})."""
    for pos, (_number, cells) in enumerate(rows[:scan]):
        names = [cell_text(c) for c in cells]
        if set(required) <= set(names):
            return pos, {name: i for i, name in enumerate(names) if name}
    return None, {}
