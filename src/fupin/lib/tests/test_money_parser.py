"""The one amount parser: what a person writes in 元 becomes 分 exactly, or is refused with the reason."""

import unicodedata
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st
from ninja import Schema
from pydantic import ValidationError as SchemaError

from fupin.lib.forms import AmountField
from fupin.lib.money import MAX_FEN, YuanText, parse_yuan, yuan


@pytest.mark.parametrize(
    ("text", "fen"),
    [
        ("100", 10000),
        ("1,234.50", 123450),
        ("1,234,567.8", 123456780),
        ("￥100", 10000),
        ("¥ 100.5", 10050),
        ("88元", 8800),
        ("￥1,000元", 100000),
        ("１００．５", 10050),
        ("１，２３４", 123400),
        (" 0.01 ", 1),
        ("100000000", 10000000000),
    ],
)
def test_amounts_written_as_a_person_writes_them_are_read_exactly(text, fen):
    assert parse_yuan(text) == fen


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("100,00", "金额「100,00」不是有效的金额:逗号只能作千位分隔符,每三位一组(如 1,234.50)"),
        ("1,0000", "金额「1,0000」不是有效的金额:逗号只能作千位分隔符,每三位一组(如 1,234.50)"),
        ("1,00,000", "金额「1,00,000」不是有效的金额:逗号只能作千位分隔符,每三位一组(如 1,234.50)"),
        (",100", "金额「,100」不是有效的金额:逗号只能作千位分隔符,每三位一组(如 1,234.50)"),
        ("-5", "金额不能为负数"),
        ("-0.00", "金额不能为负数"),
        ("\u22125", "金额不能为负数"),
        ("(100)", "金额不能为负数"),
        ("0", "金额必须大于零"),
        ("0.00", "金额必须大于零"),
        ("1e3", "金额「1e3」不是有效的金额:不接受科学计数法(如 1e3),请写成 1000"),
        ("1E+2", "金额「1E+2」不是有效的金额:不接受科学计数法(如 1e3),请写成 1000"),
        ("\u0661\u0660\u0660", "金额「\u0661\u0660\u0660」含有非 0–9 的数字「\u0661」,请用阿拉伯数字 0–9 填写"),
        ("\u06f1\u06f2", "金额「\u06f1\u06f2」含有非 0–9 的数字「\u06f1」,请用阿拉伯数字 0–9 填写"),
        ("\u0967\u0966", "金额「\u0967\u0966」含有非 0–9 的数字「\u0967」,请用阿拉伯数字 0–9 填写"),
        ("1.005", "金额「1.005」超过两位小数(元以下只到分)"),
        ("NaN", "金额「NaN」不是有效的金额,请写成 1234.50 这样的数字"),
        ("Infinity", "金额「Infinity」不是有效的金额,请写成 1234.50 这样的数字"),
        ("壹万元整", "金额「壹万元整」不是有效的金额:请用阿拉伯数字填写(如 10000),不接受大写或汉字"),
        ("1 000", "金额「1 000」不是有效的金额,请写成 1234.50 这样的数字"),
        ("100.", "金额「100.」不是有效的金额,请写成 1234.50 这样的数字"),
        ("1000000000000", "金额过大,「1000000000000」不是有效的金额(整数部分最多 12 位)"),
        ("200000000", "金额超过单笔上限 100,000,000 元,请核对"),
    ],
)
def test_amounts_a_person_would_misread_are_refused_with_the_reason(text, message):
    with pytest.raises(ValidationError) as refused:
        parse_yuan(text)
    assert refused.value.messages == [message]


def test_a_float_amount_is_refused_because_it_cannot_be_exact():
    with pytest.raises(ValidationError) as refused:
        parse_yuan(0.1)
    assert refused.value.messages == ["金额须以文字形式的元或整数分传递,不接受浮点数"]


def test_zero_is_accepted_only_where_allowed_and_the_field_names_the_message():
    assert parse_yuan("0.00", allow_zero=True) == 0
    with pytest.raises(ValidationError) as refused:
        parse_yuan("100,00", field="估值(元)", allow_zero=True)
    assert refused.value.messages[0].startswith("估值(元)「100,00」")


def _person_reads(text: str) -> Decimal:
    """What a person reads: the ASCII digits and the point, after dropping ￥, 元 and the separators."""
    folded = unicodedata.normalize("NFKC", text)
    return Decimal("".join(c for c in folded if c in "0123456789."))


@given(st.text(alphabet="0123456789,.-元￥¥eE +\u0661０，", max_size=16))
def test_whatever_the_parser_accepts_is_what_a_person_reads_and_formats_back(text):
    try:
        fen = parse_yuan(text)
    except ValidationError:
        return
    assert fen > 0
    assert _person_reads(text) * 100 == fen
    assert parse_yuan(yuan(fen)) == fen
    whole = unicodedata.normalize("NFKC", text).partition(".")[0]
    groups = "".join(c for c in whole if c in "0123456789,").split(",")
    assert len(groups[0]) <= 3 or len(groups) == 1
    assert all(len(group) == 3 for group in groups[1:])


@given(st.integers(min_value=1, max_value=MAX_FEN))
def test_every_amount_the_product_shows_is_read_back_the_same(fen):
    assert parse_yuan(yuan(fen)) == fen
    assert parse_yuan("￥" + yuan(fen) + "元") == fen


def test_the_form_field_refuses_a_misplaced_comma_with_the_parser_message():
    field = AmountField(label="捐赠金额(元)")
    assert field.clean("1,234.50") == 123450
    with pytest.raises(ValidationError) as refused:
        field.clean("100,00")
    reason = "捐赠金额(元)「100,00」不是有效的金额:逗号只能作千位分隔符,每三位一组(如 1,234.50)"
    assert refused.value.messages == [reason]


class _AmountIn(Schema):
    amount_yuan: YuanText


def test_an_api_schema_amount_refuses_a_misplaced_comma_with_the_parser_message():
    assert _AmountIn(amount_yuan="1,234.50").amount_yuan == "1,234.50"
    with pytest.raises(SchemaError) as refused:
        _AmountIn(amount_yuan="100,00")
    assert "金额「100,00」不是有效的金额:逗号只能作千位分隔符" in str(refused.value)
