"""Each rule of the campaign scores what the unit actually did, and says why in Chinese."""

from decimal import Decimal

import pytest

from fupin.assessment import services
from fupin.assessment.models import AssessmentLine, AssessmentResult

from .factories import LATE, add_requirement, approve, city_campaign, hand_in, photos, scheme, send_back, task_of

pytestmark = pytest.mark.django_db


def _line(unit, key):
    return AssessmentLine.objects.get(result__unit=unit, rule_key=key)


@pytest.fixture
def campaign(tree, city_officer):
    return city_campaign(city_officer, tree.city)


@pytest.fixture
def reporters(tree, make_user):
    return make_user("s1", tree.school1, "reporter"), make_user("s2", tree.school2, "reporter")


def test_late_task_loses_timeliness_points(tree, city_officer, campaign, reporters):
    hand_in(reporters[0], task_of(campaign, tree.school1))
    hand_in(reporters[1], task_of(campaign, tree.school2), at=LATE)
    made = scheme(city_officer, campaign, ("campaigns.timeliness", 40, None))
    assert services.compute_results(by=city_officer, scheme=made) == 2
    on_time, late = _line(tree.school1, "campaigns.timeliness"), _line(tree.school2, "campaigns.timeliness")
    assert on_time.points == Decimal("40.00")
    assert late.points == Decimal("20.00")
    assert late.explanation == "应报 1 项:按时 0 项得全分,逾期 1 项得一半,未报 0 项不得分"
    assert late.evidence_url == f"/tasks/{task_of(campaign, tree.school2).pk}/"
    assert late.evidence_label == "逾期或未报的任务"


def test_missing_task_earns_no_timeliness_points(tree, city_officer, campaign, reporters):
    add_requirement(city_officer, campaign)
    hand_in(reporters[0], task_of(campaign, tree.school1))
    made = scheme(city_officer, campaign, ("campaigns.timeliness", 40, None))
    services.compute_results(by=city_officer, scheme=made)
    line = _line(tree.school1, "campaigns.timeliness")
    assert line.points == Decimal("20.00")
    assert line.explanation == "应报 2 项:按时 1 项得全分,逾期 0 项得一半,未报 1 项不得分"
    assert _line(tree.school2, "campaigns.timeliness").points == Decimal("0.00")


def test_returned_task_loses_first_approval_points(tree, city_officer, campaign, reporters):
    first, second = task_of(campaign, tree.school1), task_of(campaign, tree.school2)
    hand_in(reporters[0], first)
    approve(city_officer, first)
    hand_in(reporters[1], second)
    send_back(city_officer, second)
    hand_in(reporters[1], second, at=LATE)
    approve(city_officer, second)
    made = scheme(city_officer, campaign, ("campaigns.first_approval", 20, None))
    services.compute_results(by=city_officer, scheme=made)
    assert _line(tree.school1, "campaigns.first_approval").points == Decimal("20.00")
    returned = _line(tree.school2, "campaigns.first_approval")
    assert returned.points == Decimal("0.00")
    assert returned.explanation == "已审核 1 项:一次通过 0 项得分,曾被退回 1 项不得分"
    assert returned.evidence_label == "被退回的任务"


def test_unit_with_nothing_reviewed_keeps_full_first_approval_points(tree, city_officer, campaign):
    made = scheme(city_officer, campaign, ("campaigns.first_approval", 20, None))
    services.compute_results(by=city_officer, scheme=made)
    line = _line(tree.school1, "campaigns.first_approval")
    assert (line.points, line.explanation) == (Decimal("20.00"), "尚无审核过的报送,本项按满分计")


def test_photos_below_the_asked_number_lose_photo_points(tree, city_officer, campaign, reporters):
    add_requirement(city_officer, campaign, kind="photos", title="活动照片", photo_min_count=2, caption_required=True)
    add_requirement(city_officer, campaign, kind="plan", title="活动方案(附照片)", photo_min_count=2)
    hand_in(reporters[0], task_of(campaign, tree.school1, "photos"), uploads=photos(2))
    hand_in(reporters[1], task_of(campaign, tree.school2, "plan"), uploads=photos(1))
    made = scheme(city_officer, campaign, ("campaigns.photos", 10, None))
    services.compute_results(by=city_officer, scheme=made)
    assert _line(tree.school1, "campaigns.photos").points == Decimal("5.00")
    short = _line(tree.school2, "campaigns.photos")
    assert short.points == Decimal("0.00")
    assert short.explanation == "要求报送照片 2 项:照片张数和文字说明合格 0 项得分,不合格或未报 2 项不得分"


def test_total_adds_the_lines(tree, city_officer, campaign, reporters):
    hand_in(reporters[0], task_of(campaign, tree.school1), at=LATE)
    made = scheme(city_officer, campaign, ("campaigns.timeliness", 40, None), ("campaigns.first_approval", 20, None))
    services.compute_results(by=city_officer, scheme=made)
    assert AssessmentResult.objects.get(unit=tree.school1).total == Decimal("40.00")
    assert AssessmentResult.objects.get(unit=tree.school2).total == Decimal("20.00")


def test_timeliness_evidence_is_a_missing_task_before_a_late_one(tree, city_officer, campaign, reporters):
    add_requirement(city_officer, campaign)
    hand_in(reporters[0], task_of(campaign, tree.school1), at=LATE)
    made = scheme(city_officer, campaign, ("campaigns.timeliness", 40, None))
    services.compute_results(by=city_officer, scheme=made)
    line = _line(tree.school1, "campaigns.timeliness")
    assert line.evidence_url == f"/tasks/{task_of(campaign, tree.school1, 'plan').pk}/"
    assert (line.points, line.evidence_label) == (Decimal("10.00"), "逾期或未报的任务")


def test_first_approval_evidence_is_the_returned_task_not_an_approved_one(tree, city_officer, campaign, reporters):
    add_requirement(city_officer, campaign)
    summary, plan = task_of(campaign, tree.school1), task_of(campaign, tree.school1, "plan")
    hand_in(reporters[0], summary)
    approve(city_officer, summary)
    hand_in(reporters[0], plan)
    send_back(city_officer, plan)
    made = scheme(city_officer, campaign, ("campaigns.first_approval", 20, None))
    services.compute_results(by=city_officer, scheme=made)
    line = _line(tree.school1, "campaigns.first_approval")
    assert (line.points, line.evidence_url) == (Decimal("10.00"), f"/tasks/{plan.pk}/")
    assert line.explanation == "已审核 2 项:一次通过 1 项得分,曾被退回 1 项不得分"
