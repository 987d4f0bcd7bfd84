"""Workbooks a careful clerk would not read at face value, built the way Excel, WPS and LibreOffice save them."""

import io
import shutil
import subprocess
import zipfile
from pathlib import Path

from openpyxl import Workbook


def book(rows: list[list], *, merge: str = "", hide_row: int = 0, hide_col: str = "", dates: tuple = ()) -> bytes:
    """A first sheet of rows; optionally a merged range, a hidden row or column, date-formatted cells."""
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    if merge:
        sheet.merge_cells(merge)
    if hide_row:
        sheet.row_dimensions[hide_row].hidden = True
    if hide_col:
        sheet.column_dimensions[hide_col].hidden = True
    for ref in dates:
        sheet[ref].number_format = "yyyy-mm-dd"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def with_macro(data: bytes) -> bytes:
    """The same workbook with a VBA project inside: an .xlsm renamed .xlsx."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item, source.read(item.filename))
        target.writestr("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0" + b"\x00" * 60)
    return out.getvalue()


def saved_by_libreoffice(data: bytes, folder: Path) -> bytes:
    """The workbook opened and saved again as .xlsx by LibreOffice (a stand-in for WPS)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice is installed with the test tools"
    source = folder / "in" / "表格.xlsx"
    source.parent.mkdir(parents=True, exist_ok=True)
    source.write_bytes(data)
    profile = folder / "profile"
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "xlsx:Calc MS Excel 2007 XML",
            "--outdir",
            str(folder / "out"),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return (folder / "out" / "表格.xlsx").read_bytes()


def bad_variants(header: list, rows: list[list], *, merge_col: str, number_col: int) -> list[tuple[str, bytes, str]]:
    """(input class, workbook, a message the page must show) for an import whose header is on row 1 and whose
    two data rows are rows 2 and 3: a macro, a merged cell, a hidden row, an identifier stored as a number."""
    numeric = [list(row) for row in rows]
    numeric[0][number_col] = 110105199001011234
    return [
        ("macro", with_macro(book([header, *rows])), "文件含有宏(可能是改了扩展名的 .xlsm),已拒绝"),
        ("merged", book([header, *rows], merge=f"{merge_col}2:{merge_col}3"), f"第2–3行 {merge_col}列为合并单元格"),
        ("hidden", book([header, *rows], hide_row=3), "表格中有隐藏且有内容的行或列:第3行"),
        ("number", book([header, *numeric]), f"第2行 {header[number_col]}: 是数字单元格,长号码会丢失位数"),
    ]
