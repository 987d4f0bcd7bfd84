"""Several notices in one text: a collection 「…方案 篇1」…「…方案 篇5」 as a web page gathers them, or a 通知
that issues a plan 「现将《××实施方案》印发给你们」 with the plan attached under its own title.

Each 篇 is a notice of its own, with its own theme and year; the officer picks which one becomes a draft. The
「…篇N」 line is the publishing site's label, not the notice's title, so it is kept apart from the notice's text:
no title or year is taken from it.
"""

import re

from fupin.campaigns.deadlines import chinese_number

from .headings import find_headings
from .text import fold_width

_PART = re.compile(r"^\s*(?P<title>\S.{1,60}?)\s*篇\s*(?P<n>\d{1,2}|[一二三四五六七八九十]{1,3})\s*$")
PREVIEW_CHARS = 60


def split_notices(text: str) -> list[tuple[str, str]]:
    """(label, text) of each notice a text holds, from its 「篇N」 line to the next; ("", text) when it holds
    fewer than two."""
    lines = fold_width(text).replace("\r\n", "\n").split("\n")
    starts = [index for index, line in enumerate(lines) if _PART.match(line)]
    numbers = [chinese_number(_PART.match(lines[index])["n"]) for index in starts]  # type: ignore[index]
    if len(starts) < 2 or numbers != list(range(1, len(starts) + 1)):
        return _with_attached_plan(lines) or [("", text)]
    ends = [*starts[1:], len(lines)]
    return [
        (lines[start].strip(), "\n".join(lines[start + 1 : end]).strip())
        for start, end in zip(starts, ends, strict=True)
    ]


_ISSUES = re.compile(r"(?:现将|将)《(?P<name>[^》]{4,60})》(?:印发|转发)")
_EARLY_LINES = 12


def _with_attached_plan(lines: list[str]) -> list[tuple[str, str]] | None:
    """[(the 通知's title, the 通知), (the plan's title, the plan)] when the plan it issues follows it; only the
    plan when the 通知 is a covering note without numbered items."""
    for line in lines[:_EARLY_LINES]:
        if issued := _ISSUES.search(line):
            name = issued["name"].strip()
            start = next((i for i, candidate in enumerate(lines) if candidate.strip() == name), None)
            if start:
                notice, plan = "\n".join(lines[:start]).strip(), "\n".join(lines[start:]).strip()
                if not find_headings(lines[:start]):  # a covering note with no items of its own: the plan is all
                    return [(name, plan)]
                first = next((candidate.strip() for candidate in lines if candidate.strip()), "")
                return [(first, notice), (name, plan)]
    return None


def preview(notice: str) -> str:
    """The first words of a notice's body, to tell the 篇 of a collection apart."""
    body = [line.strip() for line in notice.split("\n") if line.strip()]
    first = body[0] if body else ""
    return first[:PREVIEW_CHARS] + ("…" if len(first) > PREVIEW_CHARS else "")
