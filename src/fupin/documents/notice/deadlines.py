"""Deadline phrases in a notice, what is due by each, and to whom.

Only a date followed by 「前」「之前」「截止」 is a deadline; 「10月17日是第…个扶贫日」, 「10月17日前后」 and the
signature date only narrate. A window 「10月11日-24日期间」 is a period, a bare 「时间:10月17日」 a date,
「下周五(10月20日)前」 relative, 「每月月底前」 recurring. Real notices lose glyphs: 「于1015日下午5:00前」 is
15 October, and 「于25日上午10:00前」 takes its month from the last month the notice named.
"""

import calendar
import re
from datetime import date, timedelta

from django.utils.translation import gettext as _

from fupin.campaigns.deadlines import chinese_number, clock, resolve_deadline, says_end_of_workday

from .deliverables import deliverables_in, recipient_in

_N = r"\d{1,2}|[一二三四五六七八九十]{1,3}"
_DATE = re.compile(
    r"(?P<named>扶贫日)(?=前|之前|以前)|"  # 「扶贫日前」 is 17 October
    rf"(?:(?P<year>\d{{4}})年)?(?P<month>{_N})月(?:(?P<day>{_N})[日号]|(?P<end>底|末))"
    r"|(?<=[于在至到])(?P<glued>\d{3,4})[日号]"
    # typos real notices contain: 「10月12前」 (no 日), 「10日19日前」 (日 for 月)
    r"|(?<!\d)(?P<typo_month>\d{1,2})(?:月(?P<typo_day>\d{1,2})|日(?P<typo_day2>\d{1,2})[日号])(?=\s*(?:之前|以前|前))"
    r"|(?:(?<=[于在至到])|(?<=本月))(?P<dayonly>\d{1,2})[日号]"
    r"|(?<![\d.])(?P<dot_month>\d{1,2})\.(?P<dot_day>\d{1,2})(?=\s*(?:日|号)?\s*(?:前|之前|以前))"
    r"|(?P<after_event>(?:活动)?(?:结束|完成)后(?:当天|当日|[一二两三四五六七八九十\d]{1,2}个?(?:工作日|天|日)内))"
    r"|(?P<relative>(?:下|本|这)(?:周|星期)[一二三四五六日天]|今天|今日|明天|明日|后天|本周内?|本月底|月底)"
    r"|(?P<recurring>每(?:个)?(?:月|周|星期|季度)(?:月底|月末|底|末|\d{1,2}[日号]|[一二三四五六日])?)"
)
POVERTY_DAY = (10, 17)
_PAREN_DATE = re.compile(rf"^\s*\((?P<month>{_N})月(?P<day>{_N})[日号]\)")
_WEEKDAY_PAREN = re.compile(r"^\s*\((?:星期|周|礼拜)[一二三四五六日天]\)")
_WEEKDAYS = "一二三四五六日"
_FROM_TODAY = re.compile(r"(?:即日起|即日|自即日起|从即日起|即日开始)\s*(?:至|到|-|—|~)\s*$")
# 「10月11日-24日」「自10月8日起至10月14日止」
_RANGE = re.compile(rf"^\s*起?\s*[-—–~至到]\s*(?:(?P<month>{_N})月)?(?P<day>{_N})[日号](?:止)?")
_CLOCK_CHARS = r"(?:[\s上下中午晚早凌晨傍\d:点时分半一二三四五六七八九十班]|放学)*"
_BEFORE = re.compile(rf"^(?P<clock>{_CLOCK_CHARS}?)(?P<before>之前|以前|前|截止|为止)(?!后)")
_MONTH = re.compile(rf"({_N})月")
_DAY_WORDS = {"今天", "今日", "明天", "明日", "后天"}
# 「今天下午请各单位确认…」: a day word and a request with no 「前」 is still a time something is due
_REQUEST = re.compile(rf"^(?P<clock>{_CLOCK_CHARS}?)(?=\s*(?:请|务必|须|报送|上报))")
_DATE_LABEL = re.compile(r"(?:时间|日期)\s*:\s*$")


def _month_day(
    match: re.Match, last_month: int | None, issued: tuple[int, int] | None
) -> tuple[int | None, int | None]:
    if match["named"]:
        return POVERTY_DAY
    if match["month"]:
        month = chinese_number(match["month"])
        if match["end"]:  # 「10月底前」 is the month's last day
            return month, calendar.monthrange(2001, month)[1] if 1 <= month <= 12 else None
        return month, chinese_number(match["day"])
    if match["typo_month"]:
        return int(match["typo_month"]), int(match["typo_day"] or match["typo_day2"])
    if match["glued"]:
        digits = match["glued"]
        month, day = (int(digits[:2]), int(digits[2:])) if len(digits) == 4 else (int(digits[0]), int(digits[1:]))
        return (month, day) if 1 <= month <= 12 and 1 <= day <= 31 else (None, None)
    if match["dot_month"]:
        return int(match["dot_month"]), int(match["dot_day"])
    if match["recurring"] and (every := re.search(r"(\d{1,2})[日号]", match["recurring"])):
        return None, int(every[1])
    if match["dayonly"]:
        day = int(match["dayonly"])
        if last_month is None and issued:  # 「于25日前」 in a notice dated 10月9日 is 25 October
            last_month = issued[0] if day >= issued[1] else issued[0] % 12 + 1
        return last_month, day
    return None, None


def _time(clock_text: str, month_end: bool) -> str | None:
    if says_end_of_workday(clock_text) or "放学" in clock_text:
        return "end_of_workday"
    found = clock(clock_text) if clock_text.strip() else None
    if found:
        return found.strftime("%H:%M")
    return "end_of_month" if month_end else None


def _kind(match: re.Match) -> str:
    if match["recurring"]:
        return "recurring"
    if match["relative"] or match["after_event"]:
        return "relative"
    return "deadline"


def _mention(match: re.Match, sentence: str, context: tuple) -> dict | None:
    """One dated phrase, or None when the date only narrates."""
    month, day = _month_day(match, *context)
    if (month is not None and not 1 <= month <= 12) or (day is not None and not 1 <= day <= 31):
        return None
    if match["after_event"]:  # 「活动结束后当天」「结束后两天内」: due a set time after the event
        return {"text": match.group(0), "kind": "relative", "month": None, "day": None, "time": None}
    after = sentence[match.end() :]
    paren = _PAREN_DATE.match(after) or _WEEKDAY_PAREN.match(after)
    if paren:
        if "月" in paren.group(0):
            month, day = chinese_number(paren["month"]), chinese_number(paren["day"])
        after = after[paren.end() :]
    from_today = _FROM_TODAY.search(sentence[: match.start()])
    if from_today and month and not match["recurring"]:
        return {"text": sentence[from_today.start() : match.end()], "kind": "period", "month": month, "day": day,
                "time": None}  # fmt: skip
    span = _RANGE.match(after) if not (match["relative"] or match["recurring"]) else None
    if span:
        end_month = chinese_number(span["month"]) if span["month"] else month
        text = sentence[match.start() : match.end() + (paren.end() if paren else 0) + span.end()]
        extra = {"end_month": end_month, "end_day": chinese_number(span["day"])}
        return {"text": text + ("期间" if after[span.end() :].startswith("期间") else ""), "kind": "period",
                "month": month, "day": day, "time": None, **extra}  # fmt: skip
    before = _BEFORE.match(after)
    month_end = bool(match["recurring"] and re.search("底|末", match["recurring"]))
    month_end = month_end or match["relative"] in {"本月底", "月底"}
    if before:
        kind = _kind(match)
        text_end = match.end() + (paren.end() if paren else 0) + before.end()
        return {"text": sentence[match.start() : text_end], "kind": kind, "month": month, "day": day,
                "time": _time(before["clock"], month_end)}  # fmt: skip
    request = _REQUEST.match(after) if match["relative"] in _DAY_WORDS else None
    if request:
        text_end = match.end() + request.end()
        return {"text": sentence[match.start() : text_end], "kind": "relative", "month": None, "day": None,
                "time": _time(request["clock"], False)}  # fmt: skip
    if _DATE_LABEL.search(sentence[: match.start()]) and month:
        return {"text": sentence[match.start() : match.end()], "kind": "date", "month": month, "day": day,
                "time": None}  # fmt: skip
    return None


def _this_week(found: dict, year: int | None, issued: tuple[int, int] | None) -> None:
    """「本周五前」「下周三前」 without a date: the day of the week the notice was signed in, or the next."""
    weekday = re.match(r"(本|这|下)(?:周|星期)([一二三四五六日天])", found["text"])
    if found["kind"] != "relative" or found["month"] or not (weekday and year and issued):
        return
    signed = date(year, *issued)
    offset = _WEEKDAYS.index(weekday[2].replace("天", "日")) - signed.weekday() + (7 if weekday[1] == "下" else 0)
    due = signed + timedelta(days=offset)
    if due >= signed:
        found["month"], found["day"] = due.month, due.day


def _last_month(text: str, known: int | None) -> int | None:
    """The last month a text names (「10月份」「10月18日」), else the month known before it."""
    months = [chinese_number(m) for m in _MONTH.findall(text)]
    return next((m for m in reversed(months) if 1 <= m <= 12), known)


def due_phrase(found: dict) -> str:
    """The phrase the campaigns' resolver reads (「10月15日17:00前」 for 「于1015日下午5:00前」); the notice's own
    words when the month is unknown, so the officer sees what to fix."""
    if not found["month"] or found["kind"] not in {"deadline", "relative", "date"}:
        return found["text"]
    day = f"{found['day']}日" if found["day"] else "底"
    hour = {"end_of_workday": "下班", "end_of_month": "", None: ""}.get(found["time"], found["time"] or "")
    return f"{found['month']}月{day}{hour}前"


def _resolved(found: dict, year: int | None) -> str | None:
    """The exact moment, through the campaigns' phrase resolver, or None for the officer to fix."""
    if not year or not found["month"] or found["kind"] not in {"deadline", "relative", "date"}:
        return None
    deadline = resolve_deadline(due_phrase(found), year=year)
    return deadline.at.isoformat() if deadline else None


def _segments(sentence: str, found: list[re.Match]) -> list[str]:
    """The words that belong to each deadline of a sentence: a later deadline's clause is not ours."""
    segments = []
    for index, match in enumerate(found):
        start = found[index - 1].end() if index else 0
        end = len(sentence)
        if index + 1 < len(found):
            end = found[index + 1].start()
            cut = max(sentence.rfind(",", match.end(), end), sentence.rfind(";", match.end(), end))
            end = cut if cut > 0 else end
        if index:
            previous_cut = max(sentence.rfind(",", start, match.start()), sentence.rfind(";", start, match.start()))
            start = previous_cut + 1 if previous_cut > 0 else start
        segments.append(sentence[start:end])
    return segments


def find_deadlines(lines: list[str], year: int | None, issued: tuple[int, int] | None = None) -> list[dict]:
    """Every dated phrase that sets a deadline, period, date, relative or recurring time, in order.

    A day without a month takes the last month named before it, else the month of the issue date."""
    results: list[dict] = []
    last_month: int | None = None
    for line in lines:
        for sentence in re.split(r"(?<=。)", line):
            found: list[tuple[re.Match, dict]] = []
            for match in _DATE.finditer(sentence):
                last_month = _last_month(sentence[: match.start()], last_month)
                mention = _mention(match, sentence, (last_month, issued))
                if mention:
                    found.append((match, mention))
            segments = _segments(sentence, [match for match, _mention in found])
            for (match, mention), segment in zip(found, segments, strict=True):
                if match["typo_month"] and mention["month"]:
                    mention["warning"] = _("通知写作「%(text)s」,已按%(month)s月%(day)s日读取,请核对") % {
                        "text": match.group(0),
                        "month": mention["month"],
                        "day": mention["day"],
                    }
                after = segment[segment.find(mention["text"]) + len(mention["text"]) :]
                mention["deliverables"] = deliverables_in(segment) if mention["kind"] != "period" else []
                mention["recipient"] = recipient_in(after) if mention["kind"] != "period" else None
                _this_week(mention, year, issued)
                mention["resolved_at"] = _resolved(mention, year)
                results.append(mention)
            last_month = _last_month(sentence, last_month)
    return results
