"""Notice phrases → exact times in Asia/Shanghai, so nobody has to interpret 「下午下班前」.

「10月18日下午三点前」 is 15:00; 「9月30日下午下班前」 is the end of the working day (17:30, a setting);
「10月19日前」 with no hour is the end of 19 October (24:00); 「10月底前」 the end of 31 October; 「10月上旬」
the end of 10 October (中旬 the 20th, 下旬 the month's last day); 「扶贫日前」 the end of 16 October;
「国庆节后第一个工作日」 and 「5个工作日内」 count working days by the State Council's holiday schedule
(statutory holidays and make-up working days, from the `chinese-calendar` library).
"""

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import chinese_calendar
from django.conf import settings
from django.utils.translation import gettext as _

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
_XUN = re.compile(rf"(?:(?P<year>\d{{4}})\s*年\s*)?(?P<month>{_NUM})\s*月\s*(?:份\s*)?(?P<xun>[上中下])旬")
_POVERTY_DAY = re.compile(r"扶贫日(?:之)?前")
_AFTER_NATIONAL_DAY = re.compile(r"国庆(?:节|假期|长假)?(?:假期)?(?:后|结束后)的?第[一1]个工作日")
_WITHIN_WORKDAYS = re.compile(rf"(?P<n>{_NUM})\s*个工作日内")
# a date more than this long before the campaign's anchor (its start, else 扶贫日) means the next year's
ROLL_OVER_AFTER = timedelta(days=183)


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
    """A resolved deadline: the exact moment, whether the notice gave an hour at all, and what the officer
    should check (a date placed in the next year)."""

    at: datetime
    has_time: bool
    warning: str = ""


class HolidaysUnknown(ValueError):
    """The holiday schedule of a year is not published yet (or not in the library)."""


def is_workday(day: date) -> bool:
    """A working day by the State Council's schedule: weekdays except statutory holidays, plus make-up days."""
    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError:
        raise HolidaysUnknown(_("尚无%(y)d年的法定节假日安排,请写明具体日期") % {"y": day.year}) from None


def workdays_after(start: date, count: int) -> date:
    """The `count`-th working day after `start` (`start` itself not counted)."""
    day = start
    while count > 0:
        day += timedelta(days=1)
        count -= is_workday(day)
    return day


def first_workday_after_national_day(year: int) -> date:
    """The first working day after the National Day holiday (1 October and the days off that follow)."""
    day = date(year, 10, 1)
    while not is_workday(day):
        day += timedelta(days=1)
    return day


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


def _named_day(text: str, year: int, today: date | None) -> date | None:
    """The day a phrase names without a month and day: 旬, 扶贫日, after National Day, N working days."""
    if match := _XUN.search(text):
        month, xun = chinese_number(match["month"]), match["xun"]
        year = int(match["year"]) if match["year"] else year
        if not 1 <= month <= 12:
            return None
        if xun == "下":
            return date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
        return date(year, month, 10 if xun == "上" else 20)
    if _POVERTY_DAY.search(text):
        return date(year, 10, 16)
    if _AFTER_NATIONAL_DAY.search(text):
        return first_workday_after_national_day(year)
    if (match := _WITHIN_WORKDAYS.search(text)) and today is not None:
        return workdays_after(today, chinese_number(match["n"]))
    return None


def _dated(text: str, year: int, anchor: date | None) -> tuple[date, int, str] | None:
    """「10月19日」「10月底」: the day, where its words end, and a warning when placed in the next year."""
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
        if anchor is not None and not match["year"] and when < anchor - ROLL_OVER_AFTER:
            when = date(year + 1, month, day)
            warning = _("「%(t)s」早于活动开始的月份,已按%(y)d年%(m)d月%(d)d日理解,请核对") % {
                "t": match[0],
                "y": when.year,
                "m": month,
                "d": day,
            }
            return when, match.end(), warning
    except ValueError:
        return None
    return when, match.end(), ""


def resolve_deadline(text: str, *, year: int, anchor: date | None = None, today: date | None = None) -> Deadline | None:
    """The moment a notice phrase means, or None when it names no date (or a working day of a year whose
    holidays are not known). `anchor` (the campaign's start) places a date long before it in the next year,
    with a warning; `today` is where 「N个工作日内」 counts from."""
    try:
        named = _named_day(text, year, today)
    except HolidaysUnknown:
        return None
    warning, rest = "", ""
    if named is not None:
        when = named
    elif (dated := _dated(text, year, anchor)) is not None:
        when, end, warning = dated
        rest = text[end:]
    else:
        return None
    clock = _clock(rest) if named is None else _clock(_named_rest(text))
    if clock is None:
        return Deadline(datetime.combine(when + timedelta(days=1), time.min, SHANGHAI), False, warning)
    return Deadline(datetime.combine(when, clock, SHANGHAI), True, warning)


def _named_rest(text: str) -> str:
    """The words after a named day, where an hour may follow (「国庆节后第一个工作日上午10点前」)."""
    for pattern in (_XUN, _POVERTY_DAY, _AFTER_NATIONAL_DAY, _WITHIN_WORKDAYS):
        if match := pattern.search(text):
            return text[match.end() :]
    return ""


def unresolved_reason(text: str, *, year: int, today: date | None = None) -> str:
    """Why a phrase did not resolve, when the reason is more than 「no date」: holidays not yet published."""
    try:
        _named_day(text, year, today)
    except HolidaysUnknown as exc:
        return str(exc)
    return ""


def year_warning(at: datetime, year: int) -> str:
    """A deadline outside the campaign's year (「1月10日前」 read as the next January) is said out loud."""
    day = (at.astimezone(SHANGHAI) - timedelta(microseconds=1)).date()  # 24:00 belongs to the day before
    if day.year == year:
        return ""
    return _("截止时间在%(d)d年,不在活动年度(%(y)d年)内,请核对") % {"d": day.year, "y": year}


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
