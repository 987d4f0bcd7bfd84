"""Reading a list page's .xlsx download in tests: the workbook, a sheet as (title, headers, rows), a column, and
the check that typed text which looks like a formula stayed text."""

import io

from openpyxl import load_workbook
from openpyxl.workbook import Workbook

FORMULA = '=HYPERLINK("http://x")'
XLSX = {"format": "xlsx"}


def workbook(response) -> Workbook:
    """The downloaded workbook, after checking that the answer is an .xlsx attachment."""
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"] and ".xlsx" in response["Content-Disposition"]
    return load_workbook(io.BytesIO(response.content))


def table(ws) -> tuple[str, list[str], list[list]]:
    """(title, headers, rows) of an exported sheet."""
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    return rows[0][0], rows[1], rows[2:]


def column(ws, header: str) -> list:
    _title, headers, rows = table(ws)
    return [r[headers.index(header)] for r in rows]


def assert_text_not_formula(ws) -> None:
    cells = [c for row in ws.iter_rows() for c in row if c.value == FORMULA]
    assert cells, "the formula-like value is missing"
    assert all(c.data_type == "s" for c in cells)
