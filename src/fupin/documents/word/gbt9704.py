"""The layout of Chinese official documents (GB/T 9704-2012 党政机关公文格式) for python-docx.

A4, margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm (版心 156 × 225 mm); title in 方正小标宋简体
二号 (22 pt) centred; body 仿宋_GB2312 三号 (16 pt), 28 characters a line (each condensed by 0.25 pt) at a
fixed 28.95 pt line pitch (22 lines a page); first-level headings 黑体 「一、」, second-level 楷体_GB2312
「（一）」; page numbers 「— 1 —」 in 宋体 四号, odd pages on the right and even pages on the left, one character
in from the edge.

The proper fonts are not free to ship: each font name carries an alternative name (w:altName) in the font
table, and deploy/fontconfig maps both to Noto CJK for LibreOffice.
"""

import io

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt
from lxml import etree

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING1_FONT = "黑体"
HEADING2_FONT = "楷体_GB2312"
PAGE_NUMBER_FONT = "宋体"
ALT_NAMES = {TITLE_FONT: "小标宋", BODY_FONT: "仿宋", HEADING2_FONT: "楷体", HEADING1_FONT: "SimHei"}

SIZE_2 = Pt(22)  # 二号
SIZE_3 = Pt(16)  # 三号
SIZE_4 = Pt(14)  # 四号
LINE_PITCH = Pt(28.95)  # 225 mm of 版心 / 22 lines, the pitch Word's 公文 templates use
CHARS_PER_LINE = 28
CHAR_SPACING_TWIPS = -5  # −0.25 pt a character: 28 × 15.75 pt fit the 442 pt line, 29 do not
TEXT_WIDTH = Mm(210 - 28 - 26)
MARGINS = {"top_margin": Mm(37), "bottom_margin": Mm(35), "left_margin": Mm(28), "right_margin": Mm(26)}

TITLE, HEADING1, HEADING2, CAPTION, SIGNATURE = "公文标题", "一级标题", "二级标题", "图片说明", "落款"

_NUMERALS = "零一二三四五六七八九"


def chinese_ordinal(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 25 → 二十五 (the numbers of 「一、」 and 「（一）」)."""
    if n < 10:
        return _NUMERALS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _NUMERALS[tens]) + "十" + (_NUMERALS[ones] if ones else "")


def set_fonts(rpr_owner, name: str, size=None) -> None:
    """Name the font for Latin and East Asian text alike (python-docx alone sets only w:ascii/w:hAnsi)."""
    _fonts_on(rpr_owner.get_or_add_rPr(), name, size)


_RPR_ORDER = (
    "rStyle",
    "rFonts",
    "b",
    "i",
    "color",
    "spacing",
    "w",
    "kern",
    "position",
    "sz",
    "szCs",
    "highlight",
    "u",
    "vertAlign",
    "lang",
)  # the schema's order, which Word insists on


def put(rpr, tag: str, **attrs: str) -> None:
    """Set w:<tag> on a run-properties element, replacing any old one, in its schema position."""
    for old in rpr.findall(qn(f"w:{tag}")):
        rpr.remove(old)
    values = " ".join(f'w:{k}="{v}"' for k, v in attrs.items())
    element = parse_xml(f"<w:{tag} {nsdecls('w')} {values}/>")
    later = {qn(f"w:{t}") for t in _RPR_ORDER[_RPR_ORDER.index(tag) + 1 :]}
    successor = next((child for child in rpr if child.tag in later), None)
    if successor is None:
        rpr.append(element)
    else:
        successor.addprevious(element)


def _fonts_on(rpr, name: str, size=None) -> None:
    put(rpr, "rFonts", ascii=name, hAnsi=name, eastAsia=name, cs=name)
    if size is not None:
        put(rpr, "sz", val=str(int(size.pt * 2)))
        put(rpr, "szCs", val=str(int(size.pt * 2)))


def _exact(paragraph_format, pitch=LINE_PITCH) -> None:
    paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    paragraph_format.line_spacing = pitch
    paragraph_format.space_before = Pt(0)
    paragraph_format.space_after = Pt(0)


def _add_style(doc, name: str, font: str, size, *, align=None, indent=True, outline: int | None = None):
    style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = doc.styles["Normal"]
    style.quick_style = True
    set_fonts(style.element, font, size)
    fmt = style.paragraph_format
    _exact(fmt)
    fmt.first_line_indent = SIZE_3 * 2 if indent else Pt(0)
    if align is not None:
        fmt.alignment = align
    if outline is not None:
        style.element.get_or_add_pPr().append(parse_xml(f'<w:outlineLvl {nsdecls("w")} w:val="{outline}"/>'))
    return style


def _setup_normal(doc) -> None:
    normal = doc.styles["Normal"]
    set_fonts(normal.element, BODY_FONT, SIZE_3)
    rpr = normal.element.get_or_add_rPr()
    put(rpr, "lang", val="zh-CN", eastAsia="zh-CN")
    # 28 characters of 16 pt do not fit 156 mm (442 pt) unless each is condensed a little
    put(rpr, "spacing", val=str(CHAR_SPACING_TWIPS))
    fmt = normal.paragraph_format
    _exact(fmt)
    fmt.first_line_indent = SIZE_3 * 2
    fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    fmt.widow_control = False
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    rpr = None if defaults is None else defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
    if rpr is not None:  # the grid's character pitch is measured against the default font size
        _fonts_on(rpr, BODY_FONT, SIZE_3)


def _setup_section(doc) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    for name, value in MARGINS.items():
        setattr(section, name, value)
    section.header_distance = Mm(15)
    section.footer_distance = Mm(24)  # puts 「— 1 —」 about 7 mm below the bottom of the 版心
    grid = section._sectPr.find(qn("w:docGrid"))
    if grid is None:
        grid = parse_xml(f"<w:docGrid {nsdecls('w')}/>")
        section._sectPr.append(grid)
    grid.set(qn("w:type"), "lines")  # a character grid makes LibreOffice give each 16 pt glyph two cells
    grid.set(qn("w:linePitch"), str(round(LINE_PITCH.pt * 20)))
    grid.attrib.pop(qn("w:charSpace"), None)
    doc.settings.odd_and_even_pages_header_footer = True
    _page_number(section.footer, WD_ALIGN_PARAGRAPH.RIGHT)
    _page_number(section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)


def _field(paragraph, code: str, shown: str) -> None:
    """A Word field (PAGE) that Word and LibreOffice fill in when they lay the page out."""
    for xml in (
        '<w:fldChar {ns} w:fldCharType="begin"/>',
        f'<w:instrText {{ns}} xml:space="preserve"> {code} </w:instrText>',
        '<w:fldChar {ns} w:fldCharType="separate"/>',
        f"<w:t {{ns}}>{shown}</w:t>",
        '<w:fldChar {ns} w:fldCharType="end"/>',
    ):
        run = paragraph.add_run()
        set_fonts(run._r, PAGE_NUMBER_FONT, SIZE_4)
        run._r.append(parse_xml(xml.replace("{ns}", nsdecls("w"))))


def _page_number(footer, align) -> None:
    footer.is_linked_to_previous = False
    paragraph = footer.paragraphs[0]
    paragraph.alignment = align
    fmt = paragraph.paragraph_format
    fmt.first_line_indent = Pt(0)
    fmt.left_indent = SIZE_4 if align == WD_ALIGN_PARAGRAPH.LEFT else Pt(0)
    fmt.right_indent = SIZE_4 if align == WD_ALIGN_PARAGRAPH.RIGHT else Pt(0)
    run = paragraph.add_run("— ")
    set_fonts(run._r, PAGE_NUMBER_FONT, SIZE_4)
    _field(paragraph, "PAGE", "1")
    run = paragraph.add_run(" —")
    set_fonts(run._r, PAGE_NUMBER_FONT, SIZE_4)


def _alt_names(doc) -> None:
    """Font-table entries with the usual fallback names (Word substitutes 小标宋 for 方正小标宋简体)."""
    part = next((r.target_part for r in doc.part.rels.values() if r.reltype == RT.FONT_TABLE), None)
    if part is None:
        return
    table = parse_xml(part.blob)
    for name, alt in ALT_NAMES.items():
        table.append(
            parse_xml(
                f'<w:font {nsdecls("w")} w:name="{name}"><w:altName w:val="{alt}"/><w:charset w:val="86"/>'
                '<w:family w:val="auto"/><w:pitch w:val="variable"/></w:font>'
            )
        )
    part._blob = etree.tostring(table, xml_declaration=True, encoding="UTF-8", standalone=True)


def new_document():
    """An empty A4 公文 with the body, heading, title, caption and signature styles."""
    doc = Document()
    _setup_normal(doc)
    _setup_section(doc)
    _add_style(doc, TITLE, TITLE_FONT, SIZE_2, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False, outline=0)
    _add_style(doc, HEADING1, HEADING1_FONT, SIZE_3, outline=1)
    _add_style(doc, HEADING2, HEADING2_FONT, SIZE_3, outline=2)
    _add_style(doc, CAPTION, HEADING2_FONT, SIZE_3, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    _add_style(doc, SIGNATURE, BODY_FONT, SIZE_3, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
    doc.styles[SIGNATURE].paragraph_format.right_indent = SIZE_3 * 4
    _alt_names(doc)
    return doc


def title(doc, text: str) -> None:
    """The title, then one blank line before the body, as GB/T 9704 spaces it."""
    doc.add_paragraph(text, style=TITLE)
    doc.add_paragraph("")


def heading1(doc, number: int, text: str) -> None:
    doc.add_paragraph(f"{chinese_ordinal(number)}、{text}", style=HEADING1)


def heading2(doc, number: int, text: str) -> None:
    doc.add_paragraph(f"（{chinese_ordinal(number)}）{text}", style=HEADING2)


def body(doc, text: str) -> None:
    doc.add_paragraph(text)


def picture(doc, stream, *, width, caption: str = "") -> None:
    """A centred photo on its own line (single spacing, or the fixed pitch would crop it), then its caption."""
    paragraph = doc.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    fmt = paragraph.paragraph_format
    fmt.first_line_indent = Pt(0)
    fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
    fmt.space_before = Pt(6)
    fmt.keep_with_next = True
    paragraph.add_run().add_picture(stream, width=width)
    doc.add_paragraph(caption, style=CAPTION)


def signature(doc, unit_name: str, date_text: str) -> None:
    """落款: the issuing unit over the date, right-aligned four characters in from the edge."""
    doc.add_paragraph("")
    doc.add_paragraph(unit_name, style=SIGNATURE)
    doc.add_paragraph(date_text, style=SIGNATURE)


def to_bytes(doc) -> bytes:
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
