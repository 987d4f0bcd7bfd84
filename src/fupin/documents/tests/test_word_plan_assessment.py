"""Next year's 实施方案, drafted by the office, has a section on the weak points of this year's assessment,
quoting its lines; a unit below the office downloads the plan without it."""

from datetime import UTC, datetime

import pytest
from django.urls import reverse

from fupin.assessment import services as assessment
from fupin.assessment.tests.factories import LATE, city_campaign, hand_in, scheme, task_of
from fupin.campaigns.services import campaigns as campaign_services
from fupin.documents.word import gbt9704 as gw
from fupin.documents.word.plan import build_plan

from .test_word_render import SOFFICE, pdf_text, to_pdf
from .word_factories import open_docx, texts


@pytest.fixture
def next_year(tree, city_officer, make_user):
    """This year's campaign assessed and published (东阳县第一中学 handed in nothing, 西川县第一中学 late),
    and next year's copied from it."""
    campaign = city_campaign(city_officer, tree.city)
    hand_in(make_user("s2", tree.school2, "reporter"), task_of(campaign, tree.school2), at=LATE)
    made = scheme(city_officer, campaign, ("campaigns.timeliness", 40, None), ("campaigns.first_approval", 20, None))
    assessment.compute_results(by=city_officer, scheme=made)
    assessment.publish_results(by=city_officer, scheme=made, now=datetime(2026, 11, 20, tzinfo=UTC))
    return campaign_services.copy_campaign(by=city_officer, source=campaign, year=2027)


def _plan(client, campaign):
    response = client.get(reverse("campaign_plan_docx", args=[campaign.pk]))
    assert response.status_code == 200
    return open_docx(response.content)


def test_the_offices_draft_of_next_years_plan_quotes_this_years_assessment_lines(city_officer, next_year, login):
    plan = _plan(login(city_officer), next_year)
    assert texts(plan, gw.HEADING1) == ["一、活动主题", "二、上年度考核发现的薄弱环节", "三、活动内容", "四、报送要求"]
    body = texts(plan)
    start = body.index("二、上年度考核发现的薄弱环节")
    assert body[start + 1 : body.index("三、活动内容")] == [
        "清河市教育局《2026年教育系统扶贫日活动实施方案》年度考核结果于2026年11月20日发布，"
        "清河市教育局及所属单位共2个单位参加考核，在以下1个考核项失分，本年度活动须重点改进：",
        "（一）按时报送（满分40分）：2个单位失分，共失分60分",
        "东阳县第一中学得0分：应报 1 项:按时 0 项得全分,逾期 0 项得一半,未报 1 项不得分。",
        "西川县第一中学得20分：应报 1 项:按时 0 项得全分,逾期 1 项得一半,未报 0 项不得分。",
    ]
    assert texts(plan, gw.HEADING2)[0] == "（一）按时报送（满分40分）：2个单位失分，共失分60分"


def test_a_unit_below_the_office_gets_the_published_plan_without_other_units_results(
    city_officer, school_reporter, next_year, login
):
    campaign_services.publish_campaign(by=city_officer, campaign=next_year)
    plan = _plan(login(school_reporter), next_year)
    assert texts(plan, gw.HEADING1) == ["一、活动主题", "二、活动内容", "三、报送要求"]
    assert not any("东阳县第一中学得" in text for text in texts(plan))


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_the_weak_points_section_renders_in_the_plan(city_officer, next_year, tmp_path):
    pdf = to_pdf(build_plan(next_year, by=city_officer), tmp_path)
    flat = "".join(pdf_text(pdf).split())
    assert "二、上年度考核发现的薄弱环节" in flat
    assert "（一）按时报送（满分40分）：2个单位失分，共失分60分" in flat
    assert "东阳县第一中学得0分：应报1项:按时0项得全分,逾期0项得一半,未报1项不得分。" in flat
