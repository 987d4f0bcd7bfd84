"""The shared list export: formula-like text stays text in every cell (the title row too), money is a number
with two decimals, a long list is cut at MAX_ROWS and says so."""

import io
from datetime import UTC, date, datetime
from types import SimpleNamespace

from openpyxl import load_workbook

from fupin.lib import list_export
from fupin.lib.list_export import MONEY, Column, names, title, when, xlsx_list, yuan
from fupin.lib.xlsx import write_table

LIKE_FORMULAS = ['=HYPERLINK("http://x")', "+1+2", "-3+4", "@SUM(A1)", "\t=1", "\r=1"]


def test_every_formula_like_text_is_written_as_text_in_title_note_headers_and_rows():
    data = write_table(title=LIKE_FORMULAS[0], note=LIKE_FORMULAS[1], headers=LIKE_FORMULAS, rows=[LIKE_FORMULAS])
    ws = load_workbook(io.BytesIO(data)).active
    cells = [c for row in ws.iter_rows() for c in row if c.value is not None]
    assert {c.value for c in cells} == set(LIKE_FORMULAS)
    assert all(c.data_type == "s" for c in cells)
    assert all(c.number_format == "@" for c in cells if c.row != 3)  # the header row is bold and filled instead


def test_a_list_export_has_a_title_row_chinese_headers_and_money_in_yuan():
    rows = [SimpleNamespace(name="东阳县", fen=123456, at=datetime(2026, 10, 17, 7, 0, tzinfo=UTC))]
    columns = [
        Column("单位", lambda r: r.name),
        Column("金额(元)", lambda r: yuan(r.fen), MONEY),
        Column("时间", lambda r: when(r.at)),
    ]
    response = xlsx_list(scope="清河市", name="捐赠", columns=columns, rows=rows, filters=[("状态", "已到账")])
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    ws = load_workbook(io.BytesIO(response.content)).active
    assert [list(r) for r in ws.iter_rows(values_only=True)] == [
        ["清河市 · 捐赠 · 状态:已到账", None, None],
        ["单位", "金额(元)", "时间"],
        ["东阳县", 1234.56, "2026-10-17 15:00"],
    ]
    assert ws["B3"].number_format == MONEY and ws.title == "捐赠"


def test_a_long_list_is_cut_and_the_title_says_so(monkeypatch):
    monkeypatch.setattr(list_export, "MAX_ROWS", 3)
    response = xlsx_list(scope="", name="清单", columns=[Column("序号", lambda n: n)], rows=list(range(10)))
    ws = load_workbook(io.BytesIO(response.content)).active
    assert ws["A1"].value == "清单 · 仅列出前 3 行" and ws.max_row == 2 + 3


def test_names_dates_and_titles_read_as_people_write_them():
    units = [SimpleNamespace(name=n) for n in ("甲", "乙", "丙", "丁")]
    assert names(units[:2]) == "甲、乙" and names(units) == "甲、乙、丙等4个单位"
    assert when(date(2026, 10, 17)) == "2026-10-17" and when(None) == ""
    assert title("2026年扶贫日活动", "审核报送", [("状态", "待审核")]) == "2026年扶贫日活动 · 审核报送 · 状态:待审核"
