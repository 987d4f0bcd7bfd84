"""Amounts typed by people → integer 分, never floats; a documented set of forms, never guessed."""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

_AMOUNT = re.compile(r"^\d{1,12}(\.\d{1,2})?$")
MAX_FEN = 100_000_000 * 100  # one hundred million 元 in one entry; more is a typing mistake


def parse_yuan(text: object, *, field: str = _("金额"), allow_zero: bool = False) -> int:
    """「1,234.50」「￥100」「１００元」 → 分. Refused: negatives, more than two decimals, 1e3, NaN, words."""
    if isinstance(text, float):
        raise ValidationError(_("%(f)s须以文字形式的元或整数分传递,不接受浮点数") % {"f": field})
    raw = unicodedata.normalize("NFKC", str(text)).strip()
    cleaned = raw.replace(",", "").replace("￥", "").replace("¥", "").removesuffix("元").strip()
    if cleaned.startswith("-"):
        raise ValidationError(_("%(f)s不能为负数") % {"f": field})
    if re.fullmatch(r"\d+\.\d{3,}", cleaned):
        raise ValidationError(_("%(f)s「%(v)s」超过两位小数(元以下只到分)") % {"f": field, "v": raw[:30]})
    if not _AMOUNT.match(cleaned):
        raise ValidationError(_("%(f)s「%(v)s」不是有效的金额,请写成 1234.50 这样的数字") % {"f": field, "v": raw[:30]})
    whole, _dot, cents = cleaned.partition(".")
    fen = int(whole) * 100 + int((cents + "00")[:2])
    if fen == 0 and not allow_zero:
        raise ValidationError(_("%(f)s必须大于零") % {"f": field})
    if fen > MAX_FEN:
        raise ValidationError(_("%(f)s超过单笔上限 1 亿元,请核对") % {"f": field})
    return fen


def yuan(fen: int) -> str:
    """分 → 「1,234.50」."""
    sign = "-" if fen < 0 else ""
    whole, cents = divmod(abs(fen), 100)
    return f"{sign}{whole:,}.{cents:02d}"


_CAPITAL_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_CAPITAL_PLACES = ("", "拾", "佰", "仟")
_CAPITAL_GROUPS = ("", "万", "亿", "万亿")


def _capital_group(value: int) -> str:
    """1…9999 in capitals; zeros between digits are read once (1005 → 壹仟零伍), trailing zeros not at all."""
    out, zero = "", False
    for place in (3, 2, 1, 0):
        digit = value // 10**place % 10
        if digit == 0:
            zero = bool(out)
            continue
        if zero:
            out += "零"
            zero = False
        out += _CAPITAL_DIGITS[digit] + _CAPITAL_PLACES[place]
    return out


def _capital_whole(value: int) -> str:
    """Whole 元 in capitals, by groups of four (万, 亿); a group after a gap or below 1000 is led by 零."""
    groups = []
    while value:
        value, rest = divmod(value, 10000)
        groups.append(rest)
    out, gap = "", False
    for index in reversed(range(len(groups))):
        group = groups[index]
        if group == 0:
            gap = bool(out)
            continue
        if out and (gap or group < 1000):
            out += "零"
        out += _capital_group(group) + _CAPITAL_GROUPS[index]
        gap = False
    return out


def amount_in_capitals(fen: int, *, zheng_after_jiao: bool = False) -> str:
    """分 → 人民币大写 (《支付结算办法》附一): 123456 → 壹仟贰佰叁拾肆元伍角陆分, 100500 → 壹仟零伍元整,
    50 → 伍角, 10000007 → 壹拾万元零柒分. 「整」 follows 元 always, follows 角 only when asked (both are
    correct; receipts already printed with it keep it), never 分; a missing 角 before 分 is read 零."""
    if fen < 0:
        raise ValueError("amount_in_capitals: negative amount")
    if fen == 0:
        return "零元整"
    whole, cents = divmod(fen, 100)
    jiao, fen_digit = divmod(cents, 10)
    out = _capital_whole(whole) + "元" if whole else ""
    if cents == 0:
        return out + "整"
    if jiao:
        out += _CAPITAL_DIGITS[jiao] + "角"
    elif whole:
        out += "零"
    if fen_digit:
        return out + _CAPITAL_DIGITS[fen_digit] + "分"
    return out + ("整" if zheng_after_jiao else "")
