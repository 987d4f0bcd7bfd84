"""Deductions: a 疑似摊派 flag confirmed as 摊派 and a concern found 属实 cost the unit they name the scheme's
points for each, never more than the cap; the line says which drive and when, and links to the record."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from fupin.assessment import services
from fupin.assessment.models import AssessmentLine, AssessmentResult
from fupin.donations import concerns, pledges
from fupin.donations import services as donation_services
from fupin.donations.models import Concern, QuotaClearance

from .factories import city_campaign, hand_in, scheme, task_of

pytestmark = pytest.mark.django_db

FOUND_AT = datetime(2026, 10, 25, 2, 0, tzinfo=UTC)  # 10:00 on 25 October in Beijing


@pytest.fixture
def campaign(tree, city_officer, make_user):
    """The city's campaign; both schools hand in on time (40 points each under 按时报送 alone)."""
    made = city_campaign(city_officer, tree.city)
    hand_in(make_user("s1", tree.school1, "reporter"), task_of(made, tree.school1))
    hand_in(make_user("s2", tree.school2, "reporter"), task_of(made, tree.school2))
    return made


def _drive(city_officer, campaign, title):
    fund = donation_services.create_fund(by=city_officer, unit=campaign.unit, name=f"{title}资金")
    return donation_services.open_drive(
        by=city_officer,
        campaign=campaign,
        organiser=campaign.unit,
        fund=fund,
        title=title,
        starts_on=date(2026, 10, 10),
        ends_on=date(2099, 10, 31),
        channels=["one_day_pay"],
    )


def _same_amount_gifts(finance, drive, unit):
    for n in range(10):
        donation_services.receive_donation(
            by=finance,
            drive=drive,
            channel="one_day_pay",
            amount_fen=20000,
            donor_type="individual",
            donor_name=f"教师{n}",
            unit=unit,
        )


def _confirmed_quota(city_officer, finance, campaign, unit, title="扶贫日一日捐"):
    drive = _drive(city_officer, campaign, title)
    _same_amount_gifts(finance, drive, unit)
    found = donation_services.confirm_quota_flag(by=city_officer, drive=drive, unit=unit, reason="按职务规定捐款数额")
    QuotaClearance.objects.filter(pk=found.pk).update(cleared_at=FOUND_AT)
    return drive


def _totals(by, campaign, *choices):
    services.compute_results(by=by, scheme=scheme(by, campaign, ("campaigns.timeliness", 40, None), *choices))
    return dict(AssessmentResult.objects.values_list("unit__name", "total"))


def _line(unit, key):
    return AssessmentLine.objects.get(result__unit=unit, rule_key=key)


def test_a_confirmed_quota_flag_deducts_the_configured_points(tree, city_officer, make_user, campaign):
    finance = make_user("finance", tree.city, "finance")
    drive = _confirmed_quota(city_officer, finance, campaign, tree.school1)
    totals = _totals(city_officer, campaign, ("donations.confirmed_quotas", 5, 10))
    assert totals == {"东阳县第一中学": Decimal("35.00"), "西川县第一中学": Decimal("40.00")}
    line = _line(tree.school1, "donations.confirmed_quotas")
    assert line.points == Decimal("-5.00")
    assert line.explanation == "经核查确认摊派 1 起,每起扣分:「扶贫日一日捐」(2026-10-25)"
    assert (line.evidence_url, line.evidence_label) == (
        f"/donations/drives/{drive.pk}/quotas/#unit-{tree.school1.pk}",
        "摊派核查记录",
    )
    clean = _line(tree.school2, "donations.confirmed_quotas")
    assert (clean.points, clean.explanation, clean.evidence_url) == (Decimal("0.00"), "没有经核查确认的摊派", "")


def test_confirmed_quota_deductions_stop_at_the_cap(tree, city_officer, make_user, campaign):
    finance = make_user("finance", tree.city, "finance")
    _confirmed_quota(city_officer, finance, campaign, tree.school1, "扶贫日一日捐")
    _confirmed_quota(city_officer, finance, campaign, tree.school1, "扶贫日一元捐")
    totals = _totals(city_officer, campaign, ("donations.confirmed_quotas", 5, 8))
    assert totals["东阳县第一中学"] == Decimal("32.00")
    assert _line(tree.school1, "donations.confirmed_quotas").explanation == (
        "经核查确认摊派 2 起,每起扣分:「扶贫日一日捐」(2026-10-25)、「扶贫日一元捐」(2026-10-25)"
    )


def test_a_cleared_quota_flag_deducts_nothing(tree, city_officer, make_user, campaign):
    finance = make_user("finance", tree.city, "finance")
    drive = _drive(city_officer, campaign, "扶贫日一日捐")
    _same_amount_gifts(finance, drive, tree.school1)
    donation_services.clear_quota_flag(by=city_officer, drive=drive, unit=tree.school1, reason="教师自发商定")
    totals = _totals(city_officer, campaign, ("donations.confirmed_quotas", 5, 10))
    assert totals == {"东阳县第一中学": Decimal("40.00"), "西川县第一中学": Decimal("40.00")}


def test_a_substantiated_concern_deducts_the_configured_points_from_the_unit_named(
    tree, city_officer, make_user, campaign
):
    supervisor = make_user("jijian", tree.city, "supervisor")
    drive = _drive(city_officer, campaign, "扶贫日爱心募捐")
    found = pledges.report_concern(drive=drive, text="西川县第一中学要求每位老师捐 200 元")
    concerns.answer_concern(by=supervisor, concern=found, answer="属实", substantiated=True, unit=tree.school2)
    Concern.objects.filter(pk=found.pk).update(answered_at=FOUND_AT)
    unfounded = pledges.report_concern(drive=drive, text="东阳县第一中学摊派")
    concerns.answer_concern(by=supervisor, concern=unfounded, answer="经核查不属实")
    totals = _totals(city_officer, campaign, ("donations.substantiated_concerns", 3, 9))
    assert totals == {"东阳县第一中学": Decimal("40.00"), "西川县第一中学": Decimal("37.00")}
    line = _line(tree.school2, "donations.substantiated_concerns")
    assert line.points == Decimal("-3.00")
    assert line.explanation == "群众反映经监督核查属实 1 件,每件扣分:「扶贫日爱心募捐」(2026-10-25)"
    assert (line.evidence_url, line.evidence_label) == (f"/donations/concerns/{found.pk}/", "群众反映核查记录")


def test_findings_in_another_campaign_deduct_nothing(tree, city_officer, make_user, campaign):
    finance = make_user("finance", tree.city, "finance")
    other = city_campaign(city_officer, tree.city)
    _confirmed_quota(city_officer, finance, other, tree.school1)
    totals = _totals(city_officer, campaign, ("donations.confirmed_quotas", 5, 10))
    assert totals["东阳县第一中学"] == Decimal("40.00")
