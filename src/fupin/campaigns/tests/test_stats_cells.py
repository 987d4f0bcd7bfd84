"""One statistics cell: what is accepted, what is refused and why (BAD_INPUTS: amounts, dates)."""

from datetime import date, datetime

import pytest

from fupin.campaigns.models import StatColumn
from fupin.campaigns.stat_cells import CellError, display, parse_cell, parse_date, parse_money, parse_percent
from fupin.lib.xlsx import BadCell


def column(kind: str, **kw) -> StatColumn:
    return StatColumn(key="c", label="列", type=kind, position=1, **kw)


@pytest.mark.parametrize(
    ("typed", "fen"),
    [
        ("1234", 123400),
        ("1234.5", 123450),
        ("1234.56", 123456),
        ("１２３４．５６", 123456),  # full-width, folded by NFKC
        ("1,234.50", 123450),
        ("￥1,234.50", 123450),
        ("88元", 8800),
        (" 0.01 ", 1),
        (100, 10000),
        (12.5, 1250),
        ("999999999999.99", 99999999999999),
    ],
)
def test_amounts_in_yuan_are_stored_exactly_in_fen(typed, fen):
    assert parse_money(typed) == fen


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("12.345", "最多两位小数"),
        (12.345, "最多两位小数"),
        ("-5", "不能为负数"),
        ("－5", "不能为负数"),
        ("NaN", "不是有效的金额"),
        ("Infinity", "不是有效的金额"),
        (float("nan"), "不是有效的数字"),
        ("1E+2", "不是有效的金额"),
        ("壹万元整", "阿拉伯数字"),
        ("1234567890123", "金额过大"),
        ("12,34", "不是有效的金额"),
        (True, "TRUE/FALSE"),
    ],
)
def test_money_with_more_than_two_decimals_negative_nan_or_words_is_refused(typed, reason):
    with pytest.raises(CellError, match=reason):
        parse_money(typed)


def test_percentages_are_0_to_100_with_two_decimals_at_most():
    assert parse_percent("12.5") == 1250
    assert parse_percent("100%") == 10000
    assert parse_percent("０") == 0
    for bad, reason in (("100.01", "0 到 100"), ("12.345", "两位小数"), ("-1", "负数"), ("八十", "阿拉伯数字")):
        with pytest.raises(CellError, match=reason):
            parse_percent(bad)


@pytest.mark.parametrize(
    "typed",
    [
        "2026-10-17",
        "2026/10/17",
        "2026.10.17",
        "2026年10月17日",
        "2026年10月17",
        "20261017",
        "２０２６-１０-１７",
        date(2026, 10, 17),
        datetime(2026, 10, 17, 9, 30),
        46312,
        46312.4,
    ],
)
def test_dates_are_read_in_a_documented_set_of_formats(typed):
    assert parse_date(typed) == date(2026, 10, 17)


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("2026-02-30", "不是有效日期"),
        ("10月17日", "不是有效日期"),
        ("1999-12-31", "2000 年至 2100 年"),
        (12, "不是有效日期"),
    ],
)
def test_invalid_or_absurd_dates_are_refused(typed, reason):
    with pytest.raises(CellError, match=reason):
        parse_date(typed)


def test_integers_refuse_fractions_and_accept_grouped_digits():
    col = column("integer")
    assert parse_cell(col, "1,200") == 1200
    assert parse_cell(col, 3.0) == 3
    with pytest.raises(CellError, match="应为整数"):
        parse_cell(col, "3.5")
    with pytest.raises(CellError, match="不是有效的数字"):
        parse_cell(col, "120人")


def test_a_choice_must_be_one_of_the_list():
    col = column("choice", choices=["资金", "物资"])
    assert parse_cell(col, " 物资 ") == "物资"
    with pytest.raises(CellError, match="资金、物资"):
        parse_cell(col, "现金")


def test_a_required_cell_left_empty_and_excel_error_values_are_refused():
    with pytest.raises(CellError, match="必须填写"):
        parse_cell(column("integer", required=True), "  ")
    assert parse_cell(column("integer"), "") is None
    with pytest.raises(CellError, match="#REF!"):
        parse_cell(column("integer"), "#REF!")
    with pytest.raises(CellError, match="公式"):
        parse_cell(column("money"), BadCell("单元格是没有计算结果的公式"))


def test_text_is_kept_as_typed_within_its_limit():
    col = column("text")
    assert parse_cell(col, '=HYPERLINK("http://x")') == '=HYPERLINK("http://x")'
    assert parse_cell(col, "阿卜杜拉·艾力 𠇹") == "阿卜杜拉·艾力 𠇹"
    with pytest.raises(CellError, match="最多 500 个字"):
        parse_cell(col, "字" * 501)


def test_a_stored_value_is_shown_as_the_form_would_accept_it_back():
    assert display(column("money"), 123450) == "1234.50"
    assert display(column("percent"), 1250) == "12.5"
    assert display(column("percent"), 10000) == "100"
    assert parse_money(display(column("money"), 1)) == 1
