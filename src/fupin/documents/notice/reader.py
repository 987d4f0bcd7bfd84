"""Reading a 扶贫日 notice into the fields of a draft campaign.

`read_notice(text)` returns {"title", "year", "theme", "slogan", "items", "deadlines", "contacts",
"targets", "blanks", "text"}. Blanks the template left (「第__个」「20__年」「__社区」) stay blanks: they are
listed for the officer to fill, and the text is returned as given, never filled in by a guess.
"""

import re
from collections import Counter

from fupin.campaigns.deadlines import chinese_number

from .contacts import find_contacts
from .deadlines import find_deadlines
from .headings import Heading, find_headings, starts_with_heading
from .targets import find_targets
from .text import normalise
from .units import assign_units

FIRST_EDITION_YEAR = 2013  # 2014 was the first 扶贫日
FIRST_INTERNATIONAL_YEAR = 1992  # 1993 was the first 国际消除贫困日
_TITLE_WORDS = re.compile(r"(?:通知|方案|意见|安排|计划|函|活动|分工表|分解表|任务表)(?:\s*篇\s*\d+)?$")
_ACTIVITY_SECTION = re.compile(r"活动内容|主要活动|活动安排|重点活动|具体活动|活动项目|系列活动|各项活动|宣传内容")
_EDITION = re.compile(r"第\s*([\d一二三四五六七八九十]{1,3})\s*个\s*(?:全国)?“?扶贫日")
_SLOGAN = [
    re.compile(r"“([^“”\n]{2,30})”\s*(?:为|作为)?\s*(?:行动|活动|宣传)?口号"),
    re.compile(r"口号\s*(?:为|是|:)\s*“?([^“”。;\n]{2,30})”?"),
]
_THEME_INLINE = [
    re.compile(r"(?:活动)?主题\s*(?:为|是|:)\s*“?([^“”。;\n]{2,40})”?"),
    re.compile(r"以\s*“([^“”\n]{2,40})”\s*为(?:活动)?主题"),
]


_LABEL_PREFIX = re.compile(r"^【[^】]{1,6}】")  # 「【通知】关于…」 as pasted from a chat
_ISSUER = re.compile(r"(?:局|委员会|委|办公室|政府|学校|中学|小学|中心|厅)$")
_ADDRESSEES = re.compile(r"^[^。]{2,80}:$")
_DOC_NUMBER = re.compile(r"〔\d{4}〕\s*\d+\s*号$|\[\d{4}\]\s*\d+\s*号$")


def _is_title_like(line: str) -> bool:
    """A short line ending like a title; a numbered section heading (「(五)开展…活动」) is not one."""
    return (4 <= len(line) <= 60 and "。" not in line and "|" not in line and bool(_TITLE_WORDS.search(line))
            and not line.startswith("根据") and not starts_with_heading(line))  # fmt: skip


def _addressed(early: list[tuple[int, str]], position: int) -> bool:
    """True when the title at `position` is followed (past a 文号) by the 主送 line 「各…:」."""
    following = [line for _i, line in early[position + 1 : position + 3] if not _DOC_NUMBER.search(line)]
    return bool(following) and bool(_ADDRESSEES.match(following[0]))


def _broken_title(before: str, title: str) -> bool:
    """「…关于做好」「…的通知」 broken by a PDF, or the issuer 「××县教育局」 on the line above 「关于…的通知」."""
    return ("关于" in before and "关于" not in title) or (title.startswith("关于") and bool(_ISSUER.search(before)))


def find_title(lines: list[str]) -> tuple[str | None, int]:
    """The notice's title and its line: an early short line ending like a title (…通知, …方案), the one
    addressed to its 主送 units when an article wraps it; a title a PDF broke after 「关于…」 is joined."""
    early = [(i, line) for i, line in enumerate(lines) if line][:20]
    candidates = [position for position, (_i, line) in enumerate(early) if _is_title_like(line)]
    if candidates:
        position = next((p for p in candidates if _addressed(early, p)), candidates[0])
        index, title = early[position]
        before = early[position - 1][1] if position else ""
        if not re.search(r"[。:;,]", before) and len(before) < 40 and _broken_title(before, title):
            title = before + title
        return _LABEL_PREFIX.sub("", re.sub(r"\s*篇\s*\d+$", "", title)), index
    if early:
        index, line = early[0]
        if len(line) <= 60 and not re.search(r"[。:;]", line) and not starts_with_heading(line):
            return line, index
    return None, 0


def find_year(title: str | None, text: str) -> int | None:
    """The campaign's year from the notice's own words: the title, the edition 「第二个扶贫日」, or the full
    dates it names (「2024年10月8日」). A year in passing (「自2014年起」) or a 文号 is no date of this notice."""
    if title and (match := re.search(r"(20\d{2})\s*年", title)):
        return int(match[1])
    if match := _EDITION.search(text):
        return FIRST_EDITION_YEAR + chinese_number(match[1])
    if match := re.search(r"第\s*(\d{1,2})\s*个\s*国际消除贫困日", text):
        return FIRST_INTERNATIONAL_YEAR + int(match[1])
    years = Counter(re.findall(r"(20\d{2})\s*年\s*\d{1,2}\s*月", text))
    return int(years.most_common(1)[0][0]) if years else None


_BLANK = re.compile(r"(?:20|第)?_{2,}(?:[年个号月日]|社区|老师|[省市县区镇村])?")


def find_blanks(text: str) -> list[str]:
    """The blanks a template left (「20__年」「第__个」「__社区」), each once, for the officer to fill."""
    return list(dict.fromkeys(match[0] for match in _BLANK.finditer(text)))


_ISSUED = re.compile(r"^(?:20\d{2})年(\d{1,2})月(\d{1,2})日$")


def find_issue_date(lines: list[str]) -> tuple[int, int] | None:
    """(month, day) of the date the notice was signed: the last line that is only a full date."""
    for line in reversed(lines):
        if match := _ISSUED.match(line):
            return int(match[1]), int(match[2])
    return None


def _clean(phrase: str) -> str:
    return phrase.strip(" “”。,;:")


def find_theme(lines: list[str], headings: list[Heading]) -> str | None:
    """The 活动主题: the line under a 「活动主题」 heading, or 「活动主题为…」 / 「以“…”为主题」 in a sentence."""
    for heading in headings:
        if heading.title.startswith("活动主题"):
            inline = heading.rest.split(":", 1)[1] if ":" in heading.rest else ""
            if _clean(inline):
                return _clean(inline.split("。")[0])
            following = next((line for line in lines[heading.line + 1 :] if line), "")
            for pattern in _THEME_INLINE:
                if match := pattern.search(following):
                    return _clean(match[1])
            return _clean(following.split("。")[0]) or None
    for pattern in _THEME_INLINE:
        if match := pattern.search("\n".join(lines)):
            return _clean(match[1])
    return None


def find_slogan(text: str) -> str | None:
    for pattern in _SLOGAN:
        if match := pattern.search(text):
            return _clean(match[1])
    return None


def _items(lines: list[str], headings: list[Heading]) -> list[dict]:
    units = assign_units(lines, headings)
    items = []
    for index, heading in enumerate(headings):
        lead, responsible = units.get(index, ([], []))
        parent = headings[heading.parent] if heading.parent is not None else None
        items.append(
            {
                "number": heading.number,
                "title": heading.title,
                "level": heading.level,
                "parent": heading.parent,
                "lead_units": lead,
                "responsible_units": responsible,
                "is_activity": bool(parent and _ACTIVITY_SECTION.search(parent.title)),
                "line": heading.line,
            }
        )
    return items


def read_notice(raw: str) -> dict:
    """Every field of the notice this reader can find; a field it cannot find is None or empty."""
    text = normalise(raw)
    lines = text.split("\n")
    title, title_line = find_title(lines)
    year = find_year(title, text)
    body = lines[title_line:]
    headings = find_headings(lines)
    return {
        "title": title,
        "year": year,
        "theme": find_theme(lines, headings),
        "slogan": find_slogan(text),
        "items": _items(lines, headings),
        "deadlines": find_deadlines(body, year, find_issue_date(body)),
        "contacts": find_contacts("\n".join(body)),
        "targets": find_targets("\n".join(body)),
        "blanks": find_blanks(text),
        "text": text,
    }
