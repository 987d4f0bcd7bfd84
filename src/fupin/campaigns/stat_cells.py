"""One statistics cell: typed text (a browser field or a spreadsheet cell) → the stored value, and back.

Accepted forms, after NFKC (so full-width digits and signs count as ASCII):
- integer: 1234, 1,234 (groups of three); 3.0 is 3; nothing else.
- money (元, stored as 分): 1234, 1234.5, 1234.50, 1,234.50, with an optional leading ¥ or trailing 元;
  at most two decimals and twelve whole digits; never rounded.
- percent (stored as basis points): 0 to 100 with at most two decimals, an optional trailing %.
- date: 2026-10-17, 2026/10/17, 2026.10.17, 2026年10月17日, 20261017, or a spreadsheet date
  (a date cell or its serial number), between 2000 and 2100.
- choice: one of the column's choices, compared without spaces or full-width forms.
- text: up to 500 characters, stored as typed (escaped on output, written as text in exports).
Negative numbers, NaN, Infinity and amounts in words (「壹万元整」) are refused with the reason.
"""

import math
import re
import unicodedata
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from fupin.lib.money import parse_yuan
from fupin.lib.text import clean_text
from fupin.lib.xlsx import is_error_value

from .models import ColumnType, StatColumn

TEXT_MAX = 500
MAX_MONEY_FEN = 10**14  # twelve whole digits of 元
_DECIMAL = re.compile(r"^\d+(\.\d+)?$")
_GROUPED = re.compile(r"^\d{1,3}(,\d{3})+(\.\d*)?$")
_WORDS = re.compile("[零〇壹贰叁肆伍陆柒捌玖拾佰仟万亿一二两三四五六七八九十百千]")
_DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y%m%d")
_CN_DATE = re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日?$")
_EXCEL_EPOCH = date(1899, 12, 30)
FIRST_DAY, LAST_DAY = date(2000, 1, 1), date(2100, 12, 31)


class CellError(ValueError):
    """Why a cell's content cannot be stored; the message names the reason only (the caller adds where)."""


def _fold(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


def _number_text(raw: object) -> str:
    """A spreadsheet number as the digits a person would have typed; text as typed, normalised."""
    if isinstance(raw, bool):
        raise CellError(_("应填写数字,不是 TRUE/FALSE"))
    if isinstance(raw, int):
        return str(raw)
    if isinstance(raw, float):
        if not math.isfinite(raw):
            raise CellError(_("不是有效的数字"))
        return repr(raw) if not raw.is_integer() else str(int(raw))
    text = _fold(str(raw)).replace("\u2212", "-")
    if _GROUPED.match(text.lstrip("-")):
        text = text.replace(",", "")
    return text


def _plain_decimal(text: str, *, what: str) -> Decimal:
    if text.startswith("-"):
        raise CellError(_("不能为负数"))
    if _WORDS.search(text):
        raise CellError(_("请用阿拉伯数字填写%(w)s,如 10000") % {"w": what})
    if not _DECIMAL.match(text):
        raise CellError(_("「%(t)s」不是有效的%(w)s") % {"t": text[:20], "w": what})
    return Decimal(text)


def parse_integer(raw: object) -> int:
    text = _number_text(raw)
    value = _plain_decimal(text, what=_("数字"))
    if value != value.to_integral_value():
        raise CellError(_("应为整数"))
    if value >= 10**12:
        raise CellError(_("数字过大"))
    return int(value)


def parse_money(raw: object) -> int:
    """元 → 分 through the one amount parser; more than two decimals is refused, never rounded."""
    text = _number_text(raw)
    decimals = text.removesuffix("元").partition(".")[2]
    if decimals.isdecimal() and len(decimals) > 2:
        raise CellError(_("金额最多两位小数(精确到分),「%(t)s」有 %(n)d 位") % {"t": text[:20], "n": len(decimals)})
    try:
        return parse_yuan(text, allow_zero=True, max_fen=MAX_MONEY_FEN)
    except ValidationError as exc:
        raise CellError(exc.messages[0]) from None


def parse_percent(raw: object) -> int:
    """0–100 with at most two decimals → basis points (12.5% is 1250)."""
    text = _number_text(raw).removesuffix("%")
    value = _plain_decimal(text, what=_("百分比"))
    if value > 100:
        raise CellError(_("百分比应在 0 到 100 之间"))
    if value != value.quantize(Decimal("0.01")):
        raise CellError(_("百分比最多两位小数"))
    return int(value * 100)


def parse_date(raw: object) -> date:
    if isinstance(raw, datetime):
        value = raw.date()
    elif isinstance(raw, date):
        value = raw
    elif isinstance(raw, (int, float)) and not isinstance(raw, bool):
        value = _from_serial(raw)
    else:
        value = _date_from_text(_fold(str(raw)))
    if not FIRST_DAY <= value <= LAST_DAY:
        raise CellError(_("日期应在 2000 年至 2100 年之间"))
    return value


def _from_serial(number: float) -> date:
    """An Excel serial day number (the cell lost its date format)."""
    if not math.isfinite(number) or not 36526 <= number < 73416:  # 2000-01-01 … 2100-12-31
        raise CellError(_("不是有效日期,请写成 2026-10-17"))
    return _EXCEL_EPOCH + timedelta(days=math.floor(number))  # a fraction is the time of day


def _date_from_text(text: str) -> date:
    match = _CN_DATE.match(text)
    try:
        if match:
            return date(*(int(g) for g in match.groups()))
        for fmt in _DATE_FORMATS:
            try:
                return datetime.strptime(text, fmt).date()
            except ValueError:
                continue
    except ValueError:
        pass
    raise CellError(_("「%(t)s」不是有效日期,请写成 2026-10-17 或 2026年10月17日") % {"t": text[:20]})


def parse_choice(raw: object, choices: list[str]) -> str:
    folded = {_fold(c): c for c in choices}
    value = folded.get(_fold(str(raw)))
    if value is None:
        raise CellError(_("应为以下之一:%(c)s") % {"c": "、".join(choices)})
    return value


def parse_text(raw: object) -> str:
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    if isinstance(raw, datetime):
        raw = raw.strftime("%Y-%m-%d %H:%M")
    elif isinstance(raw, date):
        raw = raw.isoformat()
    text = clean_text(raw)
    if "\x00" in text:
        raise CellError(_("含有不允许的控制字符"))
    if len(text) > TEXT_MAX:
        raise CellError(_("最多 %(n)d 个字,现有 %(m)d 个") % {"n": TEXT_MAX, "m": len(text)})
    return text


def is_blank(raw: object) -> bool:
    return raw is None or (isinstance(raw, str) and not clean_text(raw))


def parse_cell(column: StatColumn, raw: object):
    """The stored value of a cell (int, date or str), or None when it is blank; CellError with the reason."""
    if is_error_value(raw):
        raise CellError(str(raw) if not isinstance(raw, str) else _("单元格是错误值 %(v)s,请填写实际内容") % {"v": raw})
    if is_blank(raw):
        if column.required:
            raise CellError(_("必须填写"))
        return None
    if column.type == ColumnType.INTEGER:
        return parse_integer(raw)
    if column.type == ColumnType.MONEY:
        return parse_money(raw)
    if column.type == ColumnType.PERCENT:
        return parse_percent(raw)
    if column.type == ColumnType.DATE:
        return parse_date(raw)
    if column.type == ColumnType.CHOICE:
        return parse_choice(raw, column.choices)
    return parse_text(raw)


def display(column: StatColumn, value) -> str:
    """A stored value as a form shows it and would accept it back: 1234.50, 12.5, 2026-10-17."""
    if value is None or value == "":
        return ""
    if column.type == ColumnType.MONEY:
        return f"{Decimal(value) / 100:.2f}"
    if column.type == ColumnType.PERCENT:
        return _trim(Decimal(value) / 100)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def display_total(column: StatColumn, value) -> str:
    """A figure on a totals page: thousands grouped, money with two decimals."""
    if value is None:
        return ""
    if column.type == ColumnType.MONEY:
        return f"{Decimal(value) / 100:,.2f}"
    if column.type == ColumnType.INTEGER:
        return f"{value:,}"
    return display(column, value)


def _trim(value: Decimal) -> str:
    text = f"{value:.2f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def sheet_value(column: StatColumn, value):
    """The value written into a spreadsheet cell: 元 as a 2-decimal number, percentages as 0–100."""
    if value is None:
        return None
    if column.type == ColumnType.MONEY:
        return Decimal(value) / 100
    if column.type == ColumnType.PERCENT:
        return Decimal(value) / 100
    return value


def store_fields(column: StatColumn, value) -> dict:
    """The StatValue fields holding a parsed value."""
    if column.type in (ColumnType.INTEGER, ColumnType.MONEY, ColumnType.PERCENT):
        return {"number": value}
    if column.type == ColumnType.DATE:
        return {"date": value}
    return {"text": value}


def stored(column: StatColumn, number, text: str, day):
    """The parsed value back from a StatValue's fields."""
    if column.type in (ColumnType.INTEGER, ColumnType.MONEY, ColumnType.PERCENT):
        return number
    if column.type == ColumnType.DATE:
        return day
    return text or None
