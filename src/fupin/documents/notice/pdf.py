"""A notice's text out of a PDF: pypdf's text layer, with the PDF's own line breaks and page furniture undone.

A PDF breaks every line at the margin. A break is removed when the line runs to the margin (so it is no short
heading, title or signature) and does not end a clause (。;:!?; a 「、」 at the margin of a full line is a list
going on), and the next line opens no heading, numbered item, date or title; CJK lines join without a space.
Page numbers and the running head or foot repeated on every page are dropped. An encrypted,
scanned (no text layer), damaged or oversized PDF is refused with the reason, so nothing is created from it.
"""

import io
import re
import unicodedata
from collections import Counter

from django.utils.translation import gettext as _

from fupin.lib.uploads import UploadError, display_name

from .headings import starts_with_heading
from .text import fold_width, is_page_furniture, standalone_line

MAX_PDF_BYTES = 10 * 1024 * 1024
MAX_PDF_PAGES = 60
MIN_TEXT_CHARS = 20  # fewer readable characters than this on every page: a scan, not a text layer
_CLAUSE_END = "。;:!?"
_TITLE_END = re.compile(r"(?:通知|方案|意见|安排|计划|函)$")
FULL_LINE = 0.75  # a line at least this share of the page's usual width runs to the margin
SHORT_LINE = 0.6


def _reader(name: str, data: bytes):
    import pypdf  # only PDF uploads need it
    from pypdf.errors import PdfReadError

    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise UploadError(_("「%(f)s」设有密码,请去掉密码后再上传") % {"f": display_name(name)})
        _pages = len(reader.pages)
    except UploadError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise UploadError(_("「%(f)s」已损坏,无法读取") % {"f": display_name(name)}) from exc
    except Exception as exc:  # pypdf raises its dependency error for ciphers it cannot open
        if "encrypt" in str(exc).lower() or "crypt" in type(exc).__name__.lower():
            raise UploadError(_("「%(f)s」设有密码,请去掉密码后再上传") % {"f": display_name(name)}) from exc
        raise UploadError(_("「%(f)s」已损坏,无法读取") % {"f": display_name(name)}) from exc
    return reader


def _page_lines(reader, name: str) -> list[list[str]]:
    pages = []
    for page in reader.pages:
        try:
            text = page.extract_text() or ""
        except Exception as exc:  # a damaged content stream
            raise UploadError(_("「%(f)s」已损坏,无法读取") % {"f": display_name(name)}) from exc
        text = text.replace("\r", "\n")
        pages.append([line.strip() for line in text.split("\n")])
    return pages


def _repeated_edges(pages: list[list[str]]) -> set[str]:
    """Running heads and foots: the same line (digits aside) among the first or last two of more than one page."""
    if len(pages) < 2:
        return set()
    edges: Counter[str] = Counter()
    for lines in pages:
        kept = [line for line in lines if line and not is_page_furniture(fold_width(line))]
        edges.update({re.sub(r"\d+", "#", line) for line in kept[:2] + kept[-2:]})
    return {edge for edge, count in edges.items() if count > 1 and len(edge) <= 40}


def _is_title(line: str) -> bool:
    return bool(_TITLE_END.search(line)) and not re.search(r"[。,;:]", line)


def _width(line: str) -> float:
    """A line's printed width in full-width characters: digits and Latin letters take half."""
    return sum(1 if unicodedata.east_asian_width(char) in "WF" else 0.5 for char in line)


def _joins(raw: str, raw_following: str, full: float) -> bool:
    """Whether a line (as printed, so its width is true) goes on in the next one."""
    line, following = fold_width(raw), fold_width(raw_following)
    if not line or not following or _width(raw) < full * FULL_LINE:
        return False
    if line[-1] in _CLAUSE_END:  # 「、」 at the margin of a full line is a list going on, not 「一、」
        return False
    if _is_title(line) or starts_with_heading(following) or standalone_line(following):
        return False
    if _is_title(line + following):  # 「…的通」「知」
        return True
    if _is_title(following):
        return False
    # A short line that ends no sentence is a line of its own (a signature, a running head), not the rest of one.
    return _width(raw_following) >= full * SHORT_LINE or following[-1] in _CLAUSE_END + ")”》"


def join_lines(lines: list[str]) -> list[str]:
    """Undo the PDF's line breaks inside sentences; CJK joins without a space, Latin words with one."""
    lengths = sorted(_width(line) for line in lines if line)
    full = lengths[int(len(lengths) * 0.9)] if lengths else 0
    out: list[str] = []
    for line in lines:
        if out and _joins(out[-1], line, full):
            glue = " " if out[-1][-1].isascii() and line[0].isascii() and out[-1][-1].isalnum() else ""
            out[-1] = out[-1] + glue + line
        else:
            out.append(line)
    return out


def pdf_text(name: str, data: bytes) -> str:
    """The text of a notice's PDF, one paragraph a line, or UploadError naming why it cannot be read."""
    if len(data) > MAX_PDF_BYTES:
        raise UploadError(
            _("「%(f)s」超过 %(mb)d MB,不像一份通知") % {"f": display_name(name), "mb": MAX_PDF_BYTES // 2**20}
        )
    reader = _reader(name, data)
    if len(reader.pages) > MAX_PDF_PAGES:
        raise UploadError(_("「%(f)s」超过 %(n)d 页,不像一份通知") % {"f": display_name(name), "n": MAX_PDF_PAGES})
    pages = _page_lines(reader, name)
    readable = sum(len(re.findall(r"[\u4e00-\u9fffA-Za-z0-9]", line)) for lines in pages for line in lines)
    if readable < MIN_TEXT_CHARS:
        raise UploadError(_("这是扫描件,没有可识别的文字,请粘贴文字或上传 Word 文件"))
    return fold_width("\n".join(join_lines(_without_furniture(pages))))


def _without_furniture(pages: list[list[str]]) -> list[str]:
    """Every line but page numbers and a running head or foot (one showing of it stays when it reads as a
    title, which some offices repeat at the top of every page)."""
    edges, shown = _repeated_edges(pages), set()
    lines = []
    for line in (line for page in pages for line in page if line and not is_page_furniture(fold_width(line))):
        key = re.sub(r"\d+", "#", line)
        if key in edges and (key in shown or not _is_title(line)):
            continue
        shown.add(key)
        lines.append(line)
    return lines
