"""The 活动总结 draft: the unit's hand-ins and figures from the data, adding up, its photos with captions."""

import io
from datetime import timedelta

import pytest
from django.utils import timezone
from PIL import Image

from fupin.campaigns import summary_sections as sections
from fupin.campaigns.models import Task
from fupin.campaigns.services import stats as stat_services
from fupin.campaigns.services import tasks as task_services
from fupin.campaigns.tests.factories import photo
from fupin.campaigns.tests.stat_factories import simple_columns, stat_campaign, task_of
from fupin.documents.word import gbt9704 as gw
from fupin.documents.word.summary import build_summary

from .word_factories import full_campaign, open_docx, texts

CAPTIONS = ["学生观看扶贫日主题班会", "教师走访结对家庭", "校园宣传栏", "爱心义卖"]


@pytest.fixture
def campaign(tree, city_officer, school_reporter):
    """The city's campaign; 东阳一中 handed in its plan (approved) and four photos, its summary is missing."""
    campaign = full_campaign(city_officer, tree)
    tasks = {t.requirement.kind: t for t in Task.objects.filter(unit=tree.school1).select_related("requirement")}
    task_services.submit_task(by=school_reporter, task=tasks["plan"], text="我校方案")
    task_services.approve_submission(by=city_officer, task=tasks["plan"])
    uploads = [photo(f"{n}.jpg", width=2400 + n, caption=c) for n, c in enumerate(CAPTIONS)]
    task_services.submit_task(by=school_reporter, task=tasks["photos"], uploads=uploads)
    return campaign


def summary_of(campaign, unit, **kw):
    return open_docx(build_summary(campaign, unit, now=kw.get("now", timezone.now())))


def test_the_draft_names_the_unit_and_its_campaign(campaign, tree):
    document = summary_of(campaign, tree.school1)
    assert texts(document, gw.TITLE) == ["东阳县第一中学2026年扶贫日活动总结"]
    intro = texts(document)[2]
    assert "第13个全国扶贫日" in intro
    assert "根据清河市教育局《清河市教育系统2026年扶贫日活动实施方案》的部署，东阳县第一中学组织开展了" in intro


def test_the_draft_lists_the_campaigns_items_with_gaps_to_fill(campaign, tree):
    document = summary_of(campaign, tree.school1)
    assert texts(document, gw.HEADING2)[:3] == [
        "（一）开展集中宣传活动",
        "（二）开展国情教育",
        "（三）开展结对帮扶走访",
    ]
    gaps = [p for p in document.paragraphs if p.text.startswith("【")]
    assert len(gaps) == 4  # one for each item, one for the closing
    assert all(p.runs[0].font.highlight_color is not None for p in gaps)


def test_hand_ins_are_counted_by_requirement_and_status(campaign, tree):
    body = texts(summary_of(campaign, tree.school1, now=timezone.now() + timedelta(days=400)))
    assert "本次活动东阳县第一中学及所属单位共承担报送任务3项，已报送2项，未报送或被退回1项。" in body
    assert "活动方案（截止2026年10月12日(周一)15:00）：应报1项，已通过1项、待审核0项、已退回0项、未报送0项。" in body
    assert "活动照片（截止2026年10月19日(周一)24:00）：应报1项，已通过0项、待审核1项、已退回0项、未报送0项。" in body
    assert any(
        t.startswith("活动总结（截止2026年10月31日(周六)24:00）") and t.endswith("（其中逾期1项）。") for t in body
    )


def test_a_bureaus_counts_add_up_its_subtree(campaign, tree):
    body = texts(summary_of(campaign, tree.city))
    assert "本次活动清河市教育局及所属单位共承担报送任务6项，已报送2项，未报送或被退回4项。" in body
    plan_line = next(t for t in body if t.startswith("活动方案（"))
    assert "应报2项，已通过1项、待审核0项、已退回0项、未报送1项" in plan_line


def test_photos_are_embedded_scaled_with_their_captions(campaign, tree):
    document = summary_of(campaign, tree.county1)
    assert "活动图片" in texts(document, gw.HEADING1)[-2]
    assert texts(document, gw.CAPTION) == [f"{c}（东阳县第一中学）" for c in CAPTIONS]
    shapes = document.inline_shapes
    assert len(shapes) == 4
    blip = shapes[0]._inline.graphic.graphicData.pic.blipFill.blip
    image = Image.open(io.BytesIO(document.part.related_parts[blip.embed].blob))
    assert image.format == "JPEG" and max(image.size) == 1600
    assert round(shapes[0].width.mm) == 130


def test_a_unit_without_photos_has_no_photo_section(campaign, tree):
    document = summary_of(campaign, tree.county2)
    assert not any("活动图片" in t for t in texts(document, gw.HEADING1))
    assert len(document.inline_shapes) == 0


def test_statistics_figures_of_the_subtree_are_summed(tree, city_officer, school_reporter, make_user):
    campaign, table = stat_campaign(city_officer, tree.city, columns=simple_columns())
    other = make_user("xc_reporter", tree.school2, "reporter")
    rows = {"activities": "2", "people": "120", "money": "10", "rate": "50"}
    stat_services.fill_report(by=school_reporter, task=task_of(table, tree.school1), rows=[rows])
    stat_services.fill_report(by=other, task=task_of(table, tree.school2), rows=[rows | {"people": "1300"}])
    school = texts(summary_of(campaign, tree.school1))
    assert "《测试统计表》：开展活动(次)2；参与人数120；帮扶资金(元)10.00。" in school
    city = texts(summary_of(campaign, tree.city))
    assert "《测试统计表》：开展活动(次)4；参与人数1,420；帮扶资金(元)20.00。" in city


def test_a_domain_adds_its_own_section_through_the_registry(campaign, tree, monkeypatch):
    def visits(campaign, unit, now):
        return [f"{unit.name}走访困难家庭12户。"]

    monkeypatch.setitem(
        sections.SECTIONS, "pairing.visits", sections.SummarySection("pairing.visits", "走访情况", visits, 30)
    )
    monkeypatch.setitem(sections.SECTIONS, "empty", sections.SummarySection("empty", "无内容", lambda *a: [], 40))
    document = summary_of(campaign, tree.school1)
    headings = texts(document, gw.HEADING1)
    assert headings == [
        "一、活动开展情况",
        "二、材料报送情况",
        "三、走访情况",
        "四、活动图片",
        "五、经验做法与下一步打算",
    ]
    assert "东阳县第一中学走访困难家庭12户。" in texts(document)
