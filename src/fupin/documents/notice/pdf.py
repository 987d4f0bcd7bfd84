"""A notice's text out of a PDF: PDFium's text layer (through pypdfium2), read line by line as printed, with
the PDF's own line breaks and page furniture undone.

A PDF breaks every line at the margin. A break is removed when the line runs to the margin (so it is no short
heading, title or signature) and does not end a clause (。;:!?; a 「、」 at the margin of a full line is a list
going on), and the next line opens no heading, numbered item, date or title; CJK lines join without a space.
Page numbers and the running head or foot repeated on every page are dropped. A page whose text runs turned
(landscape, or rotated by its producer) is turned back first, and a task table's cells stay apart. An encrypted,
scanned (no text layer), damaged or oversized PDF is refused with the reason, so nothing is created from it.
"""

import math
import re
import threading
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
# 「2 制作公益广告 县委宣传部 县广播电视台 10月17日前」: a table's row stands alone
_TABLE_ROW = re.compile(r"^\d{1,3}[ \t]+\S+(?:[ \t]+\S+){2,}$")
FULL_LINE = 0.75  # a line at least this share of the page's usual width runs to the margin
SHORT_LINE = 0.6
CELL_GAP = 0.6  # a gap between glyphs this share of a line's height wide separates a table's cells
PARAGRAPH_GAP = 1.6  # a line this many line heights below the one before opens a paragraph, where any do
# PDFium may not be called from two threads at once, not even on different documents.
_PDFIUM = threading.Lock()


def _document(name: str, data: bytes):
    import pypdfium2 as pdfium  # only PDF uploads need it

    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if getattr(exc, "err_code", None) == pdfium.raw.FPDF_ERR_PASSWORD:
            raise UploadError(_("「%(f)s」设有密码,请去掉密码后再上传") % {"f": display_name(name)}) from exc
        raise UploadError(_("「%(f)s」已损坏,无法读取") % {"f": display_name(name)}) from exc


def _glyphs(page) -> list[tuple[str, float, float, float, float]]:
    """The characters a page prints, each with its box (left, bottom, right, top); the spaces and line breaks
    PDFium makes up between runs are left out, since where they fall depends on the order the runs were drawn."""
    import pypdfium2.raw as pdfium_c

    text_page = page.get_textpage()
    glyphs, angles = [], []
    for index in range(text_page.count_chars()):
        if pdfium_c.FPDFText_IsGenerated(text_page.raw, index):
            continue
        char = chr(pdfium_c.FPDFText_GetUnicode(text_page.raw, index))
        if char in "\r\n\x00\ufffe\uffff":
            continue
        left, bottom, right, top = text_page.get_charbox(index, loose=True)
        if top > bottom:
            glyphs.append((char, left, bottom, right, top))
            angles.append(round(pdfium_c.FPDFText_GetCharAngle(text_page.raw, index) / (math.pi / 2)) % 4)
    text_page.close()
    return upright(glyphs, Counter(angles).most_common(1)[0][0] if angles else 0)


def upright(glyphs: list[tuple[str, float, float, float, float]], quarter_turns: int) -> list:
    """The glyphs as a reader sees them when the page's text runs turned by quarter turns (a landscape page, or
    one rotated by its producer): each box turned back so lines run left to right, top to bottom."""
    turn = {
        0: lambda x, y: (x, y),
        1: lambda x, y: (-y, x),  # PDFium's angle turns clockwise: text running down the page
        2: lambda x, y: (-x, -y),
        3: lambda x, y: (y, -x),
    }[quarter_turns]
    turned = []
    for char, left, bottom, right, top in glyphs:
        (x1, y1), (x2, y2) = turn(left, bottom), turn(right, top)
        turned.append((char, min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2)))
    return turned


def page_lines(glyphs: list[tuple[str, float, float, float, float]]) -> list[tuple[str, float]]:
    """The page's lines top to bottom, each read left to right, with its distance below the line before in
    line heights (0 for the first): a glyph joins the line whose middle height it shares, so a quote drawn in
    another font after the rest of its line still lands where it is printed. A gap wider than a quarter of the
    line's height is a space; the narrower one set between Chinese and a number is not; one wider than three
    fifths of it (two spaces or a tab) is a table's cell boundary, kept as a tab."""
    lines: list[list[tuple[str, float, float, float, float]]] = []
    for glyph in sorted(glyphs, key=lambda g: -(g[2] + g[4])):
        middle, height = (glyph[2] + glyph[4]) / 2, glyph[4] - glyph[2]
        if lines and abs(middle - (lines[-1][0][2] + lines[-1][0][4]) / 2) < height / 2:
            lines[-1].append(glyph)
        else:
            lines.append([glyph])
    out, above = [], None
    for line in lines:
        line.sort(key=lambda g: g[1])
        text, right = "", None
        for char, left, bottom, glyph_right, top in line:
            gap = left - right if right is not None else 0.0
            if gap > (top - bottom) * CELL_GAP:
                text = text.rstrip(" ") + "\t"
            elif gap > (top - bottom) / 4 and not text.endswith((" ", "\t")):
                text += " "
            text, right = text + char, glyph_right
        middle, height = (line[0][2] + line[0][4]) / 2, line[0][4] - line[0][2]
        out.append((re.sub(r" {2,}", " ", text).strip(), (above - middle) / height if above is not None else 0.0))
        above = middle
    return out


def _page_lines(document, name: str) -> list[list[tuple[str, float]]]:
    pages = []
    for page in document:
        try:
            pages.append(page_lines(_glyphs(page)))
            page.close()
        except Exception as exc:  # a damaged content stream
            raise UploadError(_("「%(f)s」已损坏,无法读取") % {"f": display_name(name)}) from exc
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
    if not line or not following or _width(raw) < full * FULL_LINE or _TABLE_ROW.match(following):
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


def join_lines(lines: list[str], tight: list[bool] | None = None) -> list[str]:
    """Undo the PDF's line breaks inside sentences; CJK joins without a space, Latin words with one. `tight`
    says, per line, that it is set closer under the line before than paragraphs are set apart: where a PDF
    spaces its paragraphs, such a line goes on the paragraph whatever it opens with. When every line but the
    last runs to the margin, the notice is one paragraph (pasted as one line before it was printed)."""
    lengths = sorted(_width(line) for line in lines if line)
    full = lengths[int(len(lengths) * 0.9)] if lengths else 0
    if len(lines) > 2 and all(_width(line) >= full * FULL_LINE for line in lines[:-1]):
        tight = [False, *[True] * (len(lines) - 1)]
    out: list[str] = []
    for index, line in enumerate(lines):
        if out and ((tight and tight[index]) or _joins(out[-1], line, full)):
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
    with _PDFIUM:
        document = _document(name, data)
        try:
            if len(document) > MAX_PDF_PAGES:
                raise UploadError(
                    _("「%(f)s」超过 %(n)d 页,不像一份通知") % {"f": display_name(name), "n": MAX_PDF_PAGES}
                )
            pages = _page_lines(document, name)
        finally:
            document.close()
    readable = sum(len(re.findall(r"[\u4e00-\u9fffA-Za-z0-9]", line)) for lines in pages for line, _gap in lines)
    if readable < MIN_TEXT_CHARS:
        raise UploadError(_("这是扫描件,没有可识别的文字,请粘贴文字或上传 Word 文件"))
    kept = _without_furniture(pages)
    return fold_width(
        "\n".join(join_lines(lines := [line for line, _gap in kept], _tight(lines, [gap for _line, gap in kept])))
    )


def _tight(lines: list[str], gaps: list[float]) -> list[bool] | None:
    """Per line, whether it is set as the rest of a paragraph: only where the PDF sets its paragraphs apart,
    that is where the lines after a short line (a paragraph's end) mostly stand a line height and a half or
    more below it while others are closer; else None."""
    lengths = sorted(_width(line) for line in lines)
    full = lengths[int(len(lengths) * 0.9)] if lengths else 0
    after_short = [gap for line, gap in zip(lines, gaps[1:], strict=False) if gap and _width(line) < full * FULL_LINE]
    spaced = sum(gap >= PARAGRAPH_GAP for gap in after_short)
    if not any(0 < gap < PARAGRAPH_GAP for gap in gaps) or spaced < 2 or spaced < len(after_short) * 0.8:
        return None
    return [0 < gap < PARAGRAPH_GAP for gap in gaps]


def _without_furniture(pages: list[list[tuple[str, float]]]) -> list[tuple[str, float]]:
    """Every line but page numbers and a running head or foot (one showing of it stays when it reads as a
    title, which some offices repeat at the top of every page), with its gap to the line above."""
    edges, shown = _repeated_edges([[line for line, _gap in page] for page in pages]), set()
    lines = []
    for page in pages:
        dropped = True  # a line after a dropped one, or first on its page, has no gap that tells
        for line, gap in page:
            key = re.sub(r"\d+", "#", line)
            if (
                not line
                or is_page_furniture(fold_width(line))
                or (key in edges and (key in shown or not _is_title(line)))
            ):
                dropped = True
                continue
            shown.add(key)
            lines.append((line, 0.0 if dropped else gap))
            dropped = False
    return lines
