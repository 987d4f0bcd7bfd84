"""The rules each domain registers: visits, 应助尽助, 微心愿, project claims, events and media reports."""

from datetime import date
from decimal import Decimal

import pytest

from fupin.assessment import services
from fupin.assessment.models import AssessmentLine

from .factories import city_campaign, scheme

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign(tree, city_officer):
    return city_campaign(city_officer, tree.city)


def _line(unit, key):
    return AssessmentLine.objects.get(result__unit=unit, rule_key=key)


def _score(by, campaign, *choices):
    services.compute_results(by=by, scheme=scheme(by, campaign, *choices))


def test_unvisited_households_lose_visit_coverage_points(tree, city_officer, make_user, campaign):
    from fupin.households.tests.factories import NUMBERS
    from fupin.pairing.tests.factories import cadre_pairing, visit

    cadre = make_user("teacher", tree.school1, "cadre")
    office = make_user("dy_office", tree.county1, "office_admin")
    seen = cadre_pairing(office, tree.school1, cadre, tree.village1, "王大山", NUMBERS[0])
    cadre_pairing(office, tree.school1, cadre, tree.village1, "李四海", NUMBERS[1])
    visit(cadre, seen, date(2026, 10, 12))
    _score(city_officer, campaign, ("pairing.visit_coverage", 15, None))
    line = _line(tree.school1, "pairing.visit_coverage")
    assert line.points == Decimal("7.50")
    assert line.explanation == "行动月结对 2 户:已入户走访 1 户得分,未走访 1 户不得分"
    assert line.evidence_url == f"/pairings/coverage/{tree.school1.pk}/?start=2026-10-01&end=2026-10-31"
    other = _line(tree.school2, "pairing.visit_coverage")
    assert (other.points, other.explanation) == (Decimal("15.00"), "本单位行动月没有干部包户结对,本项按满分计")


def test_student_without_award_or_reason_loses_aid_coverage_points(tree, city_officer, make_user, campaign):
    from fupin.aid.services.students import record_coverage_reason
    from fupin.aid.tests.factories import NUMBERS, aid_officer, student

    officer = aid_officer(tree, make_user)
    explained = student(officer, tree.school1, "甲", NUMBERS[0])
    student(officer, tree.school1, "乙", NUMBERS[1])
    student(officer, tree.school1, "丙", NUMBERS[2])
    student(officer, tree.school1, "丁", NUMBERS[3], categories=["subsistence"])
    record_coverage_reason(by=officer, student=explained, reason="已享受高校新生入学资助")
    _score(city_officer, campaign, ("aid.coverage", 15, None))
    line = _line(tree.school1, "aid.coverage")
    assert line.points == Decimal("5.00")
    assert line.explanation == "在校建档立卡学生 3 人:已资助或已记录原因 1 人得分,未资助且无原因 2 人不得分"


def test_events_earn_points_up_to_the_cap(tree, city_officer, make_user, campaign):
    from fupin.publicity.tests.factories import event

    reporter = make_user("s1", tree.school1, "reporter")
    for i in range(4):
        event(reporter, tree.school1, campaign=campaign, title=f"“扶贫日”主题班会{i}")
    event(reporter, tree.school1, title="不属于本活动的班会")
    _score(city_officer, campaign, ("publicity.events", 1, 3))
    line = _line(tree.school1, "publicity.events")
    assert line.points == Decimal("3.00")
    assert line.explanation == "本单位登记本活动的宣传和主题活动 4 场,每场计分"
    assert _line(tree.school2, "publicity.events").points == Decimal("0.00")


def test_media_reports_earn_points(tree, city_officer, make_user, campaign):
    from fupin.publicity.services import record_media_report

    reporter = make_user("s1", tree.school1, "reporter")
    record_media_report(
        by=reporter,
        unit=tree.school1,
        campaign=campaign,
        outlet_level="county",
        outlet="东阳县融媒体中心",
        title="东阳一中开展扶贫日主题班会",
        published_on=date(2026, 10, 18),
        link="https://example.org/news/1",
    )
    _score(city_officer, campaign, ("publicity.media_reports", 2, 5))
    line = _line(tree.school1, "publicity.media_reports")
    assert (line.points, line.explanation) == (Decimal("2.00"), "本单位活动被媒体报道 1 篇,每篇计分")


def test_claimed_projects_earn_points_up_to_the_cap(tree, city_officer, campaign):
    from fupin.matching.project_services import claim_project, create_project

    for title in ("石桥东村光伏电站", "石桥东村茶叶基地"):
        project = create_project(
            by=city_officer,
            campaign=campaign,
            village=tree.village1,
            kind="solar",
            title=title,
            description="村集体增收项目",
            budget_fen=5_000_000,
        )
        claim_project(by=city_officer, project=project, unit=tree.school1, amount_fen=1_000_000)
        claim_project(by=city_officer, project=project, unit=tree.school1, amount_fen=500_000)
    _score(city_officer, campaign, ("matching.projects", 2, 3))
    line = _line(tree.school1, "matching.projects")
    assert (line.points, line.explanation) == (Decimal("3.00"), "本单位认领扶贫项目 2 个,每个计分")
    assert line.evidence_url == "/matching/projects/"
