"""Formatting for campaign pages: 「(一)」 item numbers and resolved deadlines."""

from django import template

from ..deadlines import describe

register = template.Library()
_DIGITS = "零一二三四五六七八九"


@register.filter
def cn_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十 (item numbers stay below a hundred)."""
    n = int(n)
    if n < 10:
        return _DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _DIGITS[tens]) + "十" + (_DIGITS[ones] if ones else "")


@register.filter
def deadline(at) -> str:
    return describe(at) if at else ""
