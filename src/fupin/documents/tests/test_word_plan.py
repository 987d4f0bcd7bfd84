"""The 实施方案 .docx: GB/T 9704 layout, and everything the campaign says, in order."""

import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from fupin.documents.word import gbt9704 as gw
from fupin.documents.word.plan import build_plan

from .word_factories import east_asian_font, full_campaign, open_docx, texts


@pytest.fixture
def plan(tree, city_officer):
    return open_docx(build_plan(full_campaign(city_officer, tree)))


def test_the_page_is_a4_with_the_official_margins_22_lines_of_28_characters(plan):
    section = plan.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    margins = [section.top_margin, section.bottom_margin, section.left_margin, section.right_margin]
    assert [round(m.mm) for m in margins] == [37, 35, 28, 26]
    grid = section._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:linePitch")) == "579"  # 28.95 pt: 22 lines in the 225 mm 版心
    spacing = plan.styles["Normal"].element.rPr.find(qn("w:spacing"))
    char_pitch = 16 + int(spacing.get(qn("w:val"))) / 20
    assert 28 * char_pitch <= Mm(156).pt < 29 * char_pitch


def test_the_title_is_xiaobiaosong_size_2_centred(plan):
    first = plan.paragraphs[0]
    assert first.text == "清河市教育系统2026年扶贫日活动实施方案"
    assert first.style.name == gw.TITLE
    assert east_asian_font(first.style) == "方正小标宋简体"
    assert first.style.font.size == Pt(22)
    assert first.style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER


def test_the_body_is_fangsong_size_3_at_a_fixed_pitch(plan):
    normal = plan.styles["Normal"]
    assert east_asian_font(normal) == "仿宋_GB2312"
    assert normal.font.size == Pt(16)
    assert normal.paragraph_format.line_spacing_rule == WD_LINE_SPACING.EXACTLY
    assert normal.paragraph_format.line_spacing == Pt(28.95)
    assert normal.paragraph_format.first_line_indent == Pt(32)


def test_fallback_font_names_are_in_the_font_table(plan):
    part = next(r.target_part for r in plan.part.rels.values() if r.reltype.endswith("/fontTable"))
    assert "小标宋" in part.blob.decode() and 'w:altName w:val="楷体"' in part.blob.decode()


def test_headings_are_heiti_then_kaiti_numbered_the_chinese_way(plan):
    assert east_asian_font(plan.styles[gw.HEADING1]) == "黑体"
    assert east_asian_font(plan.styles[gw.HEADING2]) == "楷体_GB2312"
    assert texts(plan, gw.HEADING1) == [
        "一、活动主题",
        "二、指导思想",
        "三、基本原则",
        "四、活动内容",
        "五、报送要求",
        "六、联系方式",
    ]


def test_the_editions_and_theme_come_first(plan):
    body = texts(plan)
    assert "2026年10月17日是第13个全国扶贫日，也是第34个国际消除贫困日。" in body[2]
    assert "活动主题：携手消除贫困 共建美好家园" in body
    assert "行动口号：扶贫济困 你我同行" in body
    assert "坚持自愿原则,不搞摊派。" in body


def test_items_are_in_order_with_their_lead_and_responsible_units(plan):
    body = texts(plan)
    start = body.index("四、活动内容")
    items = body[start : body.index("五、报送要求")]
    assert [t for t in items if t.startswith("（")] == [
        "（一）开展集中宣传活动",
        "（牵头单位：市教育局扶贫办；责任单位：东阳县教育局、西川县教育局）",
        "（二）开展国情教育",
        "（牵头单位：东阳县教育局）",
        "（三）开展结对帮扶走访",
        "（责任单位：东阳县第一中学）",
    ]
    assert "利用校园广播、宣传栏开展宣传。" in items


def test_requirements_show_the_resolved_deadline_and_what_is_due(plan):
    body = texts(plan)
    requirements = body[body.index("五、报送要求") : body.index("六、联系方式")]
    assert "所有学校请于2026年10月12日(周一)15:00前将活动方案报送清河市教育局。" in requirements
    assert (
        "所有学校请于2026年10月19日(周一)24:00前将活动照片4张以上（像素不低于3M，须配文字说明）报送清河市教育局。"
        in requirements
    )
    assert "所有学校请于2026年10月31日(周六)24:00前将活动总结报送清河市教育局。" in requirements


def test_contacts_and_the_signature_close_the_plan(plan):
    body = texts(plan)
    assert "联系人：王明，电话：0510-12345678，邮箱：fpb@example.cn（活动方案、总结）。" in body
    assert "联系人：李华，电话：13800000000。" in body
    assert texts(plan, gw.SIGNATURE)[0] == "清河市教育局"
    assert texts(plan, gw.SIGNATURE)[1].startswith("20")


def test_page_numbers_are_a_page_field_between_dashes_on_both_sides(plan):
    assert plan.settings.odd_and_even_pages_header_footer
    for footer, align in ((plan.sections[0].footer, "RIGHT"), (plan.sections[0].even_page_footer, "LEFT")):
        paragraph = footer.paragraphs[0]
        xml = paragraph._p.xml
        assert "PAGE" in "".join(t.text for t in paragraph._p.iter(qn("w:instrText")))
        assert paragraph.text.startswith("— ") and paragraph.text.endswith(" —")
        assert paragraph.alignment == getattr(WD_ALIGN_PARAGRAPH, align)
        assert 'w:eastAsia="宋体"' in xml and 'w:sz w:val="28"' in xml


def test_a_campaign_without_optional_parts_leaves_their_headings_out(tree, city_officer):
    from fupin.campaigns.services import campaigns as cs

    campaign = cs.create_campaign(by=city_officer, unit=tree.city, year=2026, title="简短方案")
    document = open_docx(build_plan(campaign))
    assert texts(document, gw.HEADING1) == []
    assert texts(document)[0] == "简短方案"


@pytest.mark.parametrize(("n", "text"), [(1, "一"), (10, "十"), (12, "十二"), (20, "二十"), (25, "二十五")])
def test_chinese_ordinals(n, text):
    assert gw.chinese_ordinal(n) == text
