"""Numbered headings at every level: 一、 / (一) / 1. or 1、 / (1), and 「一高度重视」 written without punctuation.

A heading's level comes from the order its numbering style first appears under its parent, as in 公文
(一、 above (一) above 1. above (1)), so a notice that starts at (一) or skips a level still nests right.
A number must continue its siblings' sequence, which keeps 「一是…」「3.5万元」 and stray numbers out.
"""

import re
from dataclasses import dataclass, field

from fupin.campaigns.deadlines import chinese_number

from .unit_names import is_unit_list

_CN = "一二三四五六七八九十"
ROW_MARK = "│"  # between a task table's row number and its task: 「1│召开…」 is item 「1」
_TOKENS = [
    ("table", re.compile(rf"^(?P<n>\d{{1,3}}){ROW_MARK}")),  # a task table's row: its number is the cell
    ("cn_paren", re.compile(rf"^\(\s*(?P<n>[{_CN}]{{1,3}})\s*\)[、.,]?")),
    ("arabic_paren", re.compile(r"^\(\s*(?P<n>\d{1,2})\s*\)[、.,]?")),
    ("cn", re.compile(rf"^(?P<n>[{_CN}]{{1,3}})\s*[、.,]")),
    # 「1.10月16日前…」 is item 1 followed by a date, not the number 1.10
    ("arabic", re.compile(r"^(?P<n>\d{1,2})\s*(?:、|\.(?!\d)|\.(?=\d{1,2}月\d{1,2}[日号])|,(?!\d))")),
    # 「第一,」「其一,」 open paragraphs that are items in many notices; they need their comma.
    ("ordinal", re.compile(rf"^第(?P<n>[{_CN}]{{1,3}})\s*[,、:]")),
    ("qi", re.compile(rf"^其(?P<n>[{_CN}]{{1,2}})\s*[,、:]")),
]
# 「附件:1.××表」 and the numbered lines under it list attachments, not headings.
_ATTACHMENTS = re.compile(r"^附\s*件\s*(?::|\d|$)")
_BARE = re.compile(rf"^(?P<n>[{_CN}]{{1,2}})(?=[\u4e00-\u9fff“])")
# Words that begin with a numeral but are not numbered: 一是, 一日捐, 一次, 一元捐, 十八届 …
_NOT_BARE = re.compile(
    r"^[一二三四五六七八九十]{1,2}(?:是|要|方面|日|元|些|个|次|批|轮|项|年|月|天|律|定|直|起|切|般|致|把手|线|届|中|大|体|同|并|带|道|级|岗|户|名|人|位|家|所|部|条|份|张|类|种|下|上|心)"
)


@dataclass
class Heading:
    number: str  # the literal token with its delimiter, 「(一)」「2、」
    value: int
    style: str
    title: str
    rest: str  # the line after the token
    line: int
    level: int = 0
    parent: int | None = None
    children: list[int] = field(default_factory=list)


def _token(line: str) -> tuple[str, int, str, str] | None:
    for style, pattern in _TOKENS:
        match = pattern.match(line)
        if match:
            number = match["n"] if style == "table" else match.group(0)
            return style, chinese_number(match["n"]), number, line[match.end() :]
    match = _BARE.match(line)
    if match and not _NOT_BARE.match(line):
        return "bare", chinese_number(match["n"]), match["n"], line[match.end() :]
    return None


def starts_with_heading(line: str) -> bool:
    """True when the line opens with a heading token (used to keep PDF line joins from swallowing it)."""
    found = _token(line)
    return found is not None and (found[0] != "bare" or len(line) < 40)


def _skip_repeat(style: str, value: int, rest: str) -> str:
    """「一、一、活动主题」「1. 1、开展…」: a heading numbered twice keeps one number."""
    again = _token(rest.lstrip())
    if again and again[1] == value and again[0] in {style, "bare", "cn", "arabic"}:
        return again[3]
    return rest


_UNIT_PAREN = re.compile(r"\([^()]*(?:单位|部门|承办|牵头|负责)[^()]*\)\s*$")
_TRAILING_PAREN = re.compile(r"\((?P<inside>[^()]*(?:\([^()]*\)[^()]*)*)\)\s*$")


def heading_title(rest: str) -> str:
    """The heading's own words: up to the first full stop, without a trailing unit list."""
    title = re.split(r"[。;!?]|(?<!\d):|:(?!\d)", rest.strip(), maxsplit=1)[0]  # 「阶段:10月8日」 but not 「5:00」
    title = _UNIT_PAREN.sub("", title)
    trailing = _TRAILING_PAREN.search(title)
    if trailing and is_unit_list(trailing["inside"]):  # 「举办图片展(市委宣传部、市扶贫办)」
        title = title[: trailing.start()]
    return title.strip(" ,.、")


class _Stack:
    def __init__(self) -> None:
        self.entries: list[tuple[str, int, int]] = []  # (style, last value, heading index)

    def depth_of(self, style: str) -> int | None:
        return next((i for i, entry in enumerate(self.entries) if entry[0] == style), None)

    def place(self, style: str, value: int) -> int | None:
        """The depth this heading takes, or None when its number breaks the sequence."""
        depth = self.depth_of(style)
        if depth is None:
            return len(self.entries) if (value <= 2 or not self.entries) else None
        last = self.entries[depth][1]
        if value in (last, last + 1, last + 2) or (value == 1 and depth == 0):
            return depth
        return None

    def bare_style(self, value: int) -> str | None:
        """「一高度重视」 is a sibling of whichever open level expects this number next."""
        for style, last, _index in reversed(self.entries):
            if value == last + 1:
                return style
        if value == 1 and self.entries:
            return "cn_paren" if self.depth_of("cn_paren") is None else None
        return "cn" if value == 1 else None


def find_headings(lines: list[str]) -> list[Heading]:
    """Every numbered heading, in order, with its level (1 = top) and parent's index."""
    stack = _Stack()
    headings: list[Heading] = []
    in_attachments = False
    for index, line in enumerate(lines):
        found = _token(line)
        if _ATTACHMENTS.match(line):
            in_attachments = True
        elif in_attachments and found and len(line) <= 40 and "。" not in line:
            continue
        else:
            in_attachments = False
        if not found:
            continue
        style, value, number, rest = found
        if style == "bare":
            style = stack.bare_style(value) or ""
            if not style or len(heading_title(rest)) > 30:
                continue
        depth = stack.place(style, value)
        if depth is None:
            continue
        rest = _skip_repeat(style, value, rest)
        del stack.entries[depth:]
        parent = stack.entries[-1][2] if stack.entries else None
        heading = Heading(number, value, style, heading_title(rest), rest, index, depth + 1, parent)
        stack.entries.append((style, value, len(headings)))
        if parent is not None:
            headings[parent].children.append(len(headings))
        headings.append(heading)
    return headings
