"""Normalising a notice's text before reading it: one form of every character, one line per paragraph.

Notices arrive pasted from Word, copied out of a PDF, or lifted from a web page: full-width punctuation,
zero-width characters, page numbers 「— 2 —」 between paragraphs, and lines broken in the middle of a word.
"""

import re
import unicodedata

from .headings import starts_with_heading
from .tables import rows_as_items

_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u202a\u202b\u202c\u202d\u202e\u00ad"))
_QUOTES = str.maketrans({"「": "“", "」": "”", "『": "“", "』": "”", "\u3000": " "})
# ①…⑳ would become bare digits under NFKC; they are numbered headings, so they become (1)…(20).
_CIRCLED: dict[str, str | int | None] = {chr(0x2460 + i): f"({i + 1})" for i in range(20)}
# Page numbers and running heads a PDF leaves between paragraphs.
_FURNITURE = re.compile(
    r"^(?:[-—–\s]*\d{1,3}[-—–\s]*|第\s*\d+\s*页(?:\s*[,/]?\s*共\s*\d+\s*页)?|\d{1,3}\s*/\s*\d{1,3}|[-—–]{3,})$"
)
# Lines of the web page around a notice embedded in an article.
_SITE_LINE = re.compile(
    r"^(?:当前位置|您现在的位置|时间:\s*\d{4}-\d|发布时间|来源:|作者:|责任编辑|浏览次数|阅读次数|点击数|分享到|字号|打印本页|关闭窗口)"
)
_SITE_END = re.compile(
    r"^(?:相关推荐|相关阅读|相关文章|延伸阅读|上一篇|下一篇|猜你喜欢|热门推荐|今日更新|【打印】|阅读原文|往期推荐|往期回顾)"
)
_WECHAT_LINE = re.compile(r"^(?:原创|点击(?:上方)?蓝字|长按(?:识别)?二维码|来源丨|编辑丨|审核丨)")
# 抄送 and 印发 lines close a 公文 after its signature; nothing after them belongs to the notice.
_DISTRIBUTION = re.compile(r"^(?:抄送|抄报|分送)\s*:|印发$")
# Words a PDF copy splits with a space (「扶 贫日」「联 系人」): a space between two characters of one is dropped.
_WORDS = re.findall(
    r"\S\S",
    "扶贫 脱贫 贫日 帮扶 联系 系人 电话 邮箱 手机 单位 牵头 责任 落实 承办 报送 上报 提交 截止 活动 通知 方案 总结 "
    "照片 图片 统计 学校 教育 资助 办公 附件 主题 口号 要求 内容 时间",
)
_SPLIT_WORD = re.compile("|".join(f"{w[0]} (?={w[1]})" for w in _WORDS))
_CJK = r"[\u4e00-\u9fff]"
_LETTER_SPACED = re.compile(rf"{_CJK}(?: {_CJK}){{2,}}(?![\u4e00-\u9fff])")
# 「10 月8 日」「50 名」「12 前」: a PDF extractor puts a space after a number set in a Latin font
_SPACED_DATE = re.compile(r"\d(?: ?\d)* ?[年月日号时点]|(?<=[年月]) (?=\d)|(?<=\d) (?=[\u4e00-\u9fff])")
_SENTENCE_END = "。!?;:”)》…"
_TITLE_END = re.compile(r"(?:通知|方案|意见|安排|计划|函|分工表|分解表|任务表|篇\s*\d+)$")
# Lines that stand alone even after an unfinished line: a signature, a date, a label.
_STANDALONE = re.compile(
    r"^(?:\d{4}年\d{1,2}月\d{1,2}日$|联系|电话|邮箱|手机|地址|附件|落实单位|责任单位|牵头单位|"
    r"[^\s,。]{2,20}(?:局|办|办公室|学校|中心|委员会|政府)$)"
)
BROKEN_LINE_MIN = 18
# A notice pasted as one long line (from a web page or a chat) still has its headings, inline.
RUN_ON_MIN = 150
_INLINE_HEADING = re.compile(
    r"(?<=[。;:!?)”\s])\s*(?=[一二三四五六七八九十]{1,2}、)|\s*(?=\([一二三四五六七八九十]{1,2}\)|\(\d{1,2}\))"
)
_RUN_ON_BREAKS = [
    re.compile(r"(?<=通知|方案|安排)\s+(?=各)"),  # the title, then the 主送 units
    re.compile(r"^(各[^。:\n]{1,60}:)\s*", re.MULTILINE),  # the 主送 units, then the body
    re.compile(r"^((?:[一二三四五六七八九十]{1,2}、|\([一二三四五六七八九十]{1,2}\))[^\s。,:]{2,12})\s+", re.MULTILINE),
    re.compile(r"(?<=。)\s*(?=联系人)"),
    re.compile(r"(?<=。)\s*(?=(?:以上|上述)(?:各项)?(?:工作|活动))"),  # 「以上工作由…」 closes the sub-items above
]


def normalise(raw: str) -> str:
    """NFKC, one quote style, no invisible characters, no page furniture, paragraphs on one line each."""
    text = fold_width(raw).translate(_QUOTES)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = [_close_gaps(re.sub(r"[ \t]+", " ", line).strip()) for line in rows_as_items(text.split("\n"))]
    lines = _drop_furniture([part for line in lines for part in split_run_on(line)])
    return "\n".join(_join_broken(_strip_distribution(_strip_site(lines))))


def split_run_on(line: str) -> list[str]:
    """A long line with several inline headings 「一、…(一)…(二)…二、…」 becomes one line per heading."""
    if len(line) < RUN_ON_MIN or len(_INLINE_HEADING.findall(line)) < 2:
        return [line]
    text = _INLINE_HEADING.sub("\n", line)
    for pattern in _RUN_ON_BREAKS:
        text = pattern.sub(lambda m: (m.group(1) if m.groups() else "") + "\n", text)
    return [part.strip() for part in text.split("\n") if part.strip()]


def fold_width(raw: str) -> str:
    """NFKC without invisible characters, ①… kept as numbered headings."""
    return unicodedata.normalize("NFKC", raw.translate(_INVISIBLE).translate(str.maketrans(_CIRCLED)))


def _close_gaps(line: str) -> str:
    """Spaces a PDF copy puts inside words and dates: 「联 系 人」「扶 贫日」「10 月 2 3 日」."""
    line = _LETTER_SPACED.sub(lambda m: m[0].replace(" ", ""), line)
    line = _SPLIT_WORD.sub(lambda m: m[0][0], line)
    return _SPACED_DATE.sub(lambda m: m[0].replace(" ", ""), line)


def _is_running_head(line: str) -> bool:
    return 4 <= len(line) <= 40 and not re.search(r"[::。,;]|\d{4}年", line) and not starts_with_heading(line)


def _drop_furniture(lines: list[str]) -> list[str]:
    """Page numbers, and the running head a PDF repeats at the top of every page (「××县教育局文件」): a short
    line that opens a page after a page number and appears again elsewhere is furniture."""
    page_tops, at_top = set(), False
    for line in lines:
        if not line:
            continue
        if _FURNITURE.match(line):
            at_top = True
        elif at_top:
            page_tops.add(line)
            at_top = False
    seen: dict[str, int] = {}
    for line in lines:
        seen[line] = seen.get(line, 0) + 1
    heads = {line for line in page_tops if seen[line] > 1 and _is_running_head(line)}
    return [line for line in lines if not _FURNITURE.match(line) and line not in heads]


def _strip_distribution(lines: list[str]) -> list[str]:
    """Everything from the 抄送/印发 lines on: the distribution block, not the notice."""
    for index, line in enumerate(lines):
        if index > len(lines) // 2 and _DISTRIBUTION.search(line):
            return lines[:index]
    return lines


def _strip_site(lines: list[str]) -> list[str]:
    kept: list[str] = []
    for line in lines:
        if _SITE_END.match(line) and kept:
            break
        if not (_SITE_LINE.match(line) or _WECHAT_LINE.match(line)):
            kept.append(line)
    return kept


def _join_broken(lines: list[str]) -> list[str]:
    """Join a line to the next when a PDF broke it mid-sentence: long, unfinished, and the next no heading;
    a line that leaves a parenthesis open always goes on."""
    out: list[str] = []
    for line in lines:
        joins = bool(out) and bool(line) and not starts_with_heading(line)
        joins = joins and (_open_paren(out[-1]) or (_is_broken(out[-1]) and not _STANDALONE.match(line)))
        if joins:
            out[-1] = out[-1] + line if _cjk_edge(out[-1][-1], line[0]) else f"{out[-1]} {line}"
        else:
            out.append(line)
    return out


def _open_paren(line: str) -> bool:
    return line.count("(") > line.count(")")


def _is_broken(line: str) -> bool:
    if len(line) < BROKEN_LINE_MIN or line[-1] in _SENTENCE_END or _TITLE_END.search(line) or _STANDALONE.match(line):
        return False
    return not (starts_with_heading(line) and len(line) < 30)


def _cjk_edge(left: str, right: str) -> bool:
    return not (left.isascii() and right.isascii() and left.isalnum() and right.isalnum())


def is_page_furniture(line: str) -> bool:
    """A page number 「— 2 —」「第 2 页 共 5 页」「2/5」 standing on its own line."""
    return bool(_FURNITURE.match(line.strip()))


def standalone_line(line: str) -> bool:
    """A line that stands alone even after an unfinished one: a date, a signature, a 联系/附件 label."""
    return bool(_STANDALONE.match(line))
