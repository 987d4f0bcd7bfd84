"""Several notices in one text: a collection 「…方案 篇1」…「…方案 篇5」 as a web page gathers them.

Each 篇 is a notice of its own, with its own theme and year; the officer picks which one becomes a draft. The
「…篇N」 line is the publishing site's label, not the notice's title, so it is kept apart from the notice's text:
no title or year is taken from it.
"""

import re

from fupin.campaigns.deadlines import chinese_number

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
        return [("", text)]
    ends = [*starts[1:], len(lines)]
    return [
        (lines[start].strip(), "\n".join(lines[start + 1 : end]).strip())
        for start, end in zip(starts, ends, strict=True)
    ]


def preview(notice: str) -> str:
    """The first words of a notice's body, to tell the 篇 of a collection apart."""
    body = [line.strip() for line in notice.split("\n") if line.strip()]
    first = body[0] if body else ""
    return first[:PREVIEW_CHARS] + ("…" if len(first) > PREVIEW_CHARS else "")
