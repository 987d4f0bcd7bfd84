"""Notice phrases → exact times in Asia/Shanghai, so nobody has to interpret 「下午下班前」.

「10月18日下午三点前」 is 15:00; 「9月30日下午下班前」 is the end of the working day (17:30, a setting);
「10月19日前」 with no hour is the end of 19 October (24:00); 「10月底前」 the end of 31 October.
"""

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings

SHANGHAI = ZoneInfo("Asia/Shanghai")
_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_NUM = r"[0-9０-９零〇一二两三四五六七八九十]{1,3}"
_DATE = re.compile(
    rf"(?:(?P<year>\d{{4}})\s*年\s*)?(?P<month>{_NUM})\s*月\s*(?:(?P<day>{_NUM})\s*[日号]|(?P<end>底|末))"
)
_CLOCK = re.compile(
    rf"(?P<half>凌晨|早上|上午|中午|下午|傍晚|晚上)?\s*(?P<hour>{_NUM})\s*(?:[:：]\s*(?P<minute>\d{{2}})|[点时]\s*"
    rf"(?:(?P<cn_minute>{_NUM})\s*分|(?P<halfhour>半))?)"
)
_END_OF_WORKDAY = re.compile(r"下班(?:前|之前)?")


def chinese_number(text: str) -> int:
    """「十二」 → 12, 「二十五」 → 25, 「３」 → 3, 「二〇二四」 → 2024 (digit by digit when there is no 十)."""
    text = text.translate(str.maketrans("０１２３４５６７８９", "0123456789"))
    if text.isdigit():
        return int(text)
    if "十" in text:
        tens, _, ones = text.partition("十")
        return (_DIGITS.get(tens, 1) if tens else 1) * 10 + (_DIGITS.get(ones, 0) if ones else 0)
    return int("".join(str(_DIGITS[char]) for char in text))


def end_of_workday() -> time:
    hour, minute = getattr(settings, "FUPIN_END_OF_WORKDAY", "17:30").split(":")
    return time(int(hour), int(minute))


@dataclass(frozen=True)
class Deadline:
    """A resolved deadline: the exact moment, and whether the notice gave an hour at all."""

    at: datetime
    has_time: bool


def says_end_of_workday(text: str) -> bool:
    """True when the phrase means the end of the working day (「下午下班前」)."""
    return bool(_END_OF_WORKDAY.search(text))


def clock(text: str) -> time | None:
    """The hour a phrase names: 「下午三点」 15:00, 「上午12点」 noon, 「下班前」 the end of the working day."""
    return _clock(text)


def _clock(text: str) -> time | None:
    if _END_OF_WORKDAY.search(text):
        return end_of_workday()
    match = _CLOCK.search(text)
    if not match:
        return None
    hour = chinese_number(match["hour"])
    minute = int(match["minute"]) if match["minute"] else 0
    if match["cn_minute"]:
        minute = chinese_number(match["cn_minute"])
    if match["halfhour"]:
        minute = 30
    if match["half"] in {"下午", "傍晚", "晚上"} and hour < 12:
        hour += 12
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


def resolve_deadline(text: str, *, year: int) -> Deadline | None:
    """The moment a notice phrase means, or None when it names no date."""
    match = _DATE.search(text)
    if not match:
        return None
    year = int(match["year"]) if match["year"] else year
    month = chinese_number(match["month"])
    if not 1 <= month <= 12:
        return None
    if match["end"]:
        day = (date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)).day
    else:
        day = chinese_number(match["day"])
    try:
        when = date(year, month, day)
    except ValueError:
        return None
    clock = _clock(text[match.end() :])
    if clock is None:
        return Deadline(at=datetime.combine(when + timedelta(days=1), time.min, SHANGHAI), has_time=False)
    return Deadline(at=datetime.combine(when, clock, SHANGHAI), has_time=True)


_WEEKDAYS = "一二三四五六日"


def describe(at: datetime) -> str:
    """「2026年10月19日(周一)24:00」: midnight is shown as 24:00 of the day before, as people say it."""
    local = at.astimezone(SHANGHAI)
    if local.time() == time.min:
        day, clock = local.date() - timedelta(days=1), "24:00"
    else:
        day, clock = local.date(), local.strftime("%H:%M")
    return f"{day.year}年{day.month}月{day.day}日(周{_WEEKDAYS[day.weekday()]}){clock}"


def late_by(at: datetime, due_at: datetime) -> timedelta | None:
    """How late a hand-in at `at` is, or None when it is on time (exactly at the deadline is on time)."""
    return at - due_at if at > due_at else None


def describe_delay(delay: timedelta) -> str:
    """「逾期2天3小时」, 「逾期45分钟」."""
    minutes = int(delay.total_seconds() // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    parts = [
        f"{days}天" if days else "",
        f"{hours}小时" if hours else "",
        f"{minutes}分钟" if minutes and not days else "",
    ]
    return "逾期" + ("".join(parts) or "不到1分钟")
