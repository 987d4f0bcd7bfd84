"""Normalising a notice's text before reading it: one form of every character, one line per paragraph.

Notices arrive pasted from Word, copied out of a PDF, or lifted from a web page: full-width punctuation,
zero-width characters, page numbers 「— 2 —」 between paragraphs, and lines broken in the middle of a word.
"""

import re
import unicodedata

from .headings import starts_with_heading

_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u202a\u202b\u202c\u202d\u202e\u00ad"))
_QUOTES = str.maketrans({"「": "“", "」": "”", "『": "“", "』": "”", "\u3000": " "})
# ①…⑳ would become bare digits under NFKC; they are numbered headings, so they become (1)…(20).
_CIRCLED = {chr(0x2460 + i): f"({i + 1})" for i in range(20)}
# Page numbers and running heads a PDF leaves between paragraphs.
_FURNITURE = re.compile(
    r"^(?:[-—–\s]*\d{1,3}[-—–\s]*|第\s*\d+\s*页(?:\s*[,/]?\s*共\s*\d+\s*页)?|\d{1,3}\s*/\s*\d{1,3}|[-—–]{3,})$"
)
# Lines of the web page around a notice embedded in an article.
_SITE_LINE = re.compile(
    r"^(?:当前位置|您现在的位置|时间:\s*\d{4}-\d|发布时间|来源:|作者:|责任编辑|浏览次数|阅读次数|点击数|分享到|字号|打印本页|关闭窗口)"
)
_SITE_END = re.compile(r"^(?:相关推荐|相关阅读|相关文章|延伸阅读|上一篇|下一篇|猜你喜欢|热门推荐|今日更新|【打印】)")
_SENTENCE_END = "。!?;:”)》…"
_TITLE_END = re.compile(r"(?:通知|方案|意见|安排|计划|函|篇\s*\d+)$")
# Lines that stand alone even after an unfinished line: a signature, a date, a label.
_STANDALONE = re.compile(
    r"^(?:\d{4}年\d{1,2}月\d{1,2}日$|联系|电话|邮箱|手机|地址|附件|落实单位|责任单位|牵头单位|"
    r"[^\s,。]{2,20}(?:局|办|办公室|学校|中心|委员会|政府)$)"
)
BROKEN_LINE_MIN = 18


def normalise(raw: str) -> str:
    """NFKC, one quote style, no invisible characters, no page furniture, paragraphs on one line each."""
    raw = raw.translate(_INVISIBLE).translate(str.maketrans(_CIRCLED))
    text = unicodedata.normalize("NFKC", raw).translate(_QUOTES)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = [re.sub(r"[ \t]+", " ", line).strip() for line in text.split("\n")]
    return "\n".join(_join_broken(_strip_site([line for line in lines if not _FURNITURE.match(line)])))


def _strip_site(lines: list[str]) -> list[str]:
    kept: list[str] = []
    for line in lines:
        if _SITE_END.match(line) and kept:
            break
        if not _SITE_LINE.match(line):
            kept.append(line)
    return kept


def _join_broken(lines: list[str]) -> list[str]:
    """Join a line to the next when a PDF broke it mid-sentence: long, unfinished, and the next no heading."""
    out: list[str] = []
    for line in lines:
        if out and _is_broken(out[-1]) and line and not starts_with_heading(line) and not _STANDALONE.match(line):
            out[-1] = out[-1] + line if _cjk_edge(out[-1][-1], line[0]) else f"{out[-1]} {line}"
        else:
            out.append(line)
    return out


def _is_broken(line: str) -> bool:
    if len(line) < BROKEN_LINE_MIN or line[-1] in _SENTENCE_END or _TITLE_END.search(line) or _STANDALONE.match(line):
        return False
    return not (starts_with_heading(line) and len(line) < 30)


def _cjk_edge(left: str, right: str) -> bool:
    return not (left.isascii() and right.isascii() and left.isalnum() and right.isalnum())
