"""Amounts typed by people → integer 分, never floats; a documented set of forms, never guessed."""

import re
import unicodedata
from typing import Annotated

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from pydantic import AfterValidator, StrictStr

MAX_FEN = 100_000_000 * 100  # one hundred million 元 in one entry; more is a typing mistake
_PLAIN = re.compile(r"[0-9]{1,12}(?:\.[0-9]+)?", re.ASCII)
_GROUPED = re.compile(r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?", re.ASCII)
_EXPONENT = re.compile(r"[0-9.]\s*[eE]\s*[-+]?[0-9]", re.ASCII)
_WORDS = re.compile("[零〇壹贰叁肆伍陆柒捌玖拾佰仟万亿一二两三四五六七八九十百千]")
_MINUS = ("-", "\u2212", "\u2012", "\u2013", "\u2014", "\ufe63")


def _amount_text(text: object) -> tuple[str, str]:
    """(what the person typed, for messages; the number alone, without ￥/元 and spaces at its ends)."""
    raw = unicodedata.normalize("NFKC", str(text)).strip()
    number = raw.removeprefix("¥").removeprefix("￥").strip().removesuffix("元").strip()
    return raw[:30], number


def _format_problem(number: str, shown: str, field: str) -> str | None:
    """Why the text is not an amount as a person writes one, or None when it is."""
    if number.startswith(_MINUS) or (number.startswith("(") and number.endswith(")")):
        return _("%(f)s不能为负数") % {"f": field}
    foreign = [c for c in number if unicodedata.category(c) == "Nd" and not c.isascii()]
    if foreign:
        return _("%(f)s「%(v)s」含有非 0–9 的数字「%(d)s」,请用阿拉伯数字 0–9 填写") % {
            "f": field,
            "v": shown,
            "d": foreign[0],
        }
    if _WORDS.search(number):
        return _("%(f)s「%(v)s」不是有效的金额:请用阿拉伯数字填写(如 10000),不接受大写或汉字") % {
            "f": field,
            "v": shown,
        }
    if _EXPONENT.search(number):
        return _("%(f)s「%(v)s」不是有效的金额:不接受科学计数法(如 1e3),请写成 1000") % {"f": field, "v": shown}
    if "," in number and not _GROUPED.fullmatch(number):
        return _("%(f)s「%(v)s」不是有效的金额:逗号只能作千位分隔符,每三位一组(如 1,234.50)") % {"f": field, "v": shown}
    plain = number.replace(",", "")
    cents = plain.partition(".")[2]
    if _PLAIN.fullmatch(plain) and len(cents) > 2:
        return _("%(f)s「%(v)s」超过两位小数(元以下只到分)") % {"f": field, "v": shown}
    if re.fullmatch(r"[0-9]{13,}(?:\.[0-9]*)?", plain, re.ASCII):
        return _("%(f)s过大,「%(v)s」不是有效的金额(整数部分最多 12 位)") % {"f": field, "v": shown}
    if not _PLAIN.fullmatch(plain):
        return _("%(f)s「%(v)s」不是有效的金额,请写成 1234.50 这样的数字") % {"f": field, "v": shown}
    return None


def parse_yuan(text: object, *, field: str = _("金额"), allow_zero: bool = False, max_fen: int = MAX_FEN) -> int:
    """元 as a person writes it → 分: after NFKC only the digits 0–9, an optional 「￥」 before and 「元」 after,
    commas only between groups of three (1,234.50), at most two decimals. Refused with the reason: negatives
    (-0.00 too), zero unless allowed, exponents (1e3), other scripts' digits, words, floats, 100,00, 1,0000."""
    if isinstance(text, float):
        raise ValidationError(_("%(f)s须以文字形式的元或整数分传递,不接受浮点数") % {"f": field})
    shown, number = _amount_text(text)
    problem = _format_problem(number, shown, field)
    if problem is not None:
        raise ValidationError(problem)
    whole, _dot, cents = number.replace(",", "").partition(".")
    fen = int(whole) * 100 + int((cents + "00")[:2])
    if fen == 0 and not allow_zero:
        raise ValidationError(_("%(f)s必须大于零") % {"f": field})
    if fen > max_fen:
        raise ValidationError(_("%(f)s超过单笔上限 %(max)s 元,请核对") % {"f": field, "max": f"{max_fen // 100:,}"})
    return fen


def check_yuan(text: str) -> str:
    """For API schemas: the text unchanged when parse_yuan reads it, else ValueError with the Chinese reason."""
    try:
        parse_yuan(text)
    except ValidationError as exc:
        raise ValueError(exc.messages[0]) from None
    return text


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


YuanText = Annotated[StrictStr, AfterValidator(check_yuan)]
"""An amount field of an API schema: a string of 元 that the one parser reads, refused with its reason."""
