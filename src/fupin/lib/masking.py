"""Masking personal data for pages that must not show it in full: 张*三, 139****1234."""

import re

from .text import clean_text

_DIGITS = re.compile(r"\D")


def mask_name(name: object) -> str:
    """First and last character kept, one star between (张三 → 张*, 张小三 → 张*三, 阿卜杜拉·艾力 → 阿*力);
    a single star hides how long the name is."""
    chars = list(clean_text(name))
    if not chars:
        return ""
    if len(chars) == 1:
        return "*"
    if len(chars) == 2:
        return chars[0] + "*"
    return chars[0] + "*" + chars[-1]


def mask_phone(phone: object) -> str:
    """The first three and last four digits of a mobile number (139****1234); shorter numbers keep only
    their last two digits."""
    digits = _DIGITS.sub("", clean_text(phone))
    if len(digits) == 13 and digits.startswith("86"):  # +86 country code
        digits = digits[2:]
    if not digits:
        return ""
    if len(digits) >= 11:
        return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]
    if len(digits) <= 2:
        return "*" * len(digits)
    return "*" * (len(digits) - 2) + digits[-2:]
