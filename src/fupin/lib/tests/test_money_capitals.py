"""人民币大写 (《支付结算办法》附一): digits, 拾佰仟 within a group of four, 万 and 亿 between groups, one 零 for
any run of zeros inside the number, 「整」 after 元, never after 分."""

import pytest

from fupin.lib.money import amount_in_capitals


@pytest.mark.parametrize(
    ("fen", "words"),
    [
        (123456, "壹仟贰佰叁拾肆元伍角陆分"),
        (100500, "壹仟零伍元整"),
        (50, "伍角"),
        (10000007, "壹拾万元零柒分"),
        (1, "壹分"),
        (7, "柒分"),
        (100, "壹元整"),
        (1000, "壹拾元整"),
        (1050, "壹拾元伍角"),
        (1007, "壹拾元零柒分"),
        (10100, "壹佰零壹元整"),
        (100000000, "壹佰万元整"),
        (1000100, "壹万零壹元整"),
        (10100000, "壹拾万壹仟元整"),
        (1001000000, "壹仟零壹万元整"),
        (10000000000, "壹亿元整"),
        (10000010000, "壹亿零壹佰元整"),
        (12000034000, "壹亿贰仟万零叁佰肆拾元整"),
        (0, "零元整"),
    ],
)
def test_amounts_are_written_in_capitals(fen, words):
    assert amount_in_capitals(fen) == words


def test_zheng_may_follow_jiao_where_receipts_already_print_it():
    assert amount_in_capitals(50, zheng_after_jiao=True) == "伍角整"
    assert amount_in_capitals(150, zheng_after_jiao=True) == "壹元伍角整"
    assert amount_in_capitals(155, zheng_after_jiao=True) == "壹元伍角伍分"


def test_a_negative_amount_is_refused():
    with pytest.raises(ValueError):
        amount_in_capitals(-1)
