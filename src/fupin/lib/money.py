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
