"""Next year's 实施方案 cites the weak points of the last published assessment, for the office drafting it."""

from datetime import UTC, datetime

import pytest

from fupin.assessment import plan, services
from fupin.assessment.plan import weak_points_section
from fupin.campaigns.services import campaigns as campaign_services

from .factories import LATE, city_campaign, hand_in, scheme, task_of

pytestmark = pytest.mark.django_db
PUBLISHED = datetime(2026, 11, 20, tzinfo=UTC)


@pytest.fixture
def assessed(tree, city_officer, make_user):
    """This year's campaign scored: 东阳县第一中学 handed in nothing, 西川县第一中学 handed in late."""
    campaign = city_campaign(city_officer, tree.city)
    hand_in(make_user("s2", tree.school2, "reporter"), task_of(campaign, tree.school2), at=LATE)
    made = scheme(city_officer, campaign, ("campaigns.timeliness", 40, None), ("campaigns.first_approval", 20, None))
    services.compute_results(by=city_officer, scheme=made)
    return made


def _next_year(by, campaign):
    return campaign_services.copy_campaign(by=by, source=campaign, year=2027)


def test_next_years_plan_cites_the_rules_where_units_lost_points(city_officer, assessed):
    services.publish_results(by=city_officer, scheme=assessed, now=PUBLISHED)
    section = weak_points_section(_next_year(city_officer, assessed.campaign), city_officer)
    assert section == (
        "上年度考核发现的薄弱环节",
        [
            (
                "",
                [
                    "清河市教育局《2026年教育系统扶贫日活动实施方案》年度考核结果于2026年11月20日发布，"
                    "清河市教育局及所属单位共2个单位参加考核，在以下1个考核项失分，本年度活动须重点改进："
                ],
            ),
            (
                "按时报送（满分40分）：2个单位失分，共失分60分",
                [
                    "东阳县第一中学得0分：应报 1 项:按时 0 项得全分,逾期 0 项得一半,未报 1 项不得分。",
                    "西川县第一中学得20分：应报 1 项:按时 0 项得全分,逾期 1 项得一半,未报 0 项不得分。",
                ],
            ),
        ],
    )


def test_plan_never_cites_a_draft_assessment(city_officer, assessed):
    assert weak_points_section(_next_year(city_officer, assessed.campaign), city_officer) is None


def test_a_county_plan_cites_only_its_own_units(tree, city_officer, county_officer, assessed):
    services.publish_results(by=city_officer, scheme=assessed, now=PUBLISHED)
    county_plan = campaign_services.create_campaign(
        by=county_officer, unit=tree.county1, year=2027, title="东阳县2027年扶贫日活动实施方案"
    )
    heading, parts = weak_points_section(county_plan, county_officer)
    assert heading == "上年度考核发现的薄弱环节"
    assert parts[0][1] == [
        "清河市教育局《2026年教育系统扶贫日活动实施方案》年度考核结果于2026年11月20日发布，"
        "东阳县教育局及所属单位共1个单位参加考核，在以下1个考核项失分，本年度活动须重点改进："
    ]
    assert parts[1:] == [
        (
            "按时报送（满分40分）：1个单位失分，共失分40分",
            ["东阳县第一中学得0分：应报 1 项:按时 0 项得全分,逾期 0 项得一半,未报 1 项不得分。"],
        )
    ]


def test_only_the_drafting_office_sees_the_weak_points(tree, city_officer, school_reporter, outsider, assessed):
    services.publish_results(by=city_officer, scheme=assessed, now=PUBLISHED)
    next_year = _next_year(city_officer, assessed.campaign)
    assert weak_points_section(next_year, school_reporter) is None
    assert weak_points_section(next_year, outsider) is None
    assert weak_points_section(next_year, None) is None


def test_lines_beyond_the_quoted_ones_are_counted(city_officer, assessed, monkeypatch):
    monkeypatch.setattr(plan, "QUOTED", 1)
    services.publish_results(by=city_officer, scheme=assessed, now=PUBLISHED)
    _heading, parts = weak_points_section(_next_year(city_officer, assessed.campaign), city_officer)
    assert parts[1][1] == [
        "东阳县第一中学得0分：应报 1 项:按时 0 项得全分,逾期 0 项得一半,未报 1 项不得分。",
        "另有1个单位在此项失分。",
    ]
