"""疑似摊派: the office sees units where most staff gave the same amount, and clears each with a reason."""

import pytest
from django.urls import reverse

from fupin.audit.models import AuditEvent
from fupin.donations.models import QuotaClearance
from fupin.donations.services import receive_donation

from .staff_data import staffed_drive

pytestmark = pytest.mark.django_db


@pytest.fixture
def flagged(tree):
    staffed = staffed_drive(tree.county1, "dy")
    for n in range(12):
        amount = 20000 if n < 9 else 10000 + n
        receive_donation(
            by=staffed.finance,
            drive=staffed.drive,
            channel="one_day_pay",
            amount_fen=amount,
            donor_type="individual",
            donor_name=f"教师{n}",
            unit=tree.school1,
        )
    return staffed


def test_the_office_sees_the_flag_with_its_figures(flagged, login):
    page = login(flagged.office).get(reverse("quota_review", args=[flagged.drive.pk])).content.decode()
    assert "东阳县第一中学" in page and "12 人捐款,其中 9 人金额均为 200.00 元" in page


def test_a_quota_flag_is_cleared_only_with_a_reason(flagged, tree, login):
    client = login(flagged.office)
    url = reverse("clear_quota", args=[flagged.drive.pk])
    response = client.post(url, {"unit": tree.school1.pk, "reason": "   "})
    assert response.status_code == 400 and "核查说明" in response.content.decode()
    assert not QuotaClearance.objects.exists()
    reason = "已逐一电话核实,系教师自发商定的金额,无单位要求"
    assert client.post(url, {"unit": tree.school1.pk, "reason": reason}).status_code == 302
    clearance = QuotaClearance.objects.get()
    assert (clearance.givers, clearance.same, clearance.amount_fen) == (12, 9, 20000)
    assert clearance.reason == reason and clearance.cleared_by == flagged.office
    assert AuditEvent.objects.get(target_id=str(clearance.pk), target_type__icontains="quota").changes["reason"] == [
        None,
        reason,
    ]
    page = client.get(reverse("quota_review", args=[flagged.drive.pk])).content.decode()
    assert "已解除" in page and reason in page


def test_a_unit_without_a_flag_cannot_be_cleared(flagged, tree, login):
    response = login(flagged.office).post(
        reverse("clear_quota", args=[flagged.drive.pk]), {"unit": tree.school2.pk, "reason": "无"}
    )
    assert response.status_code == 404 and not QuotaClearance.objects.exists()


def test_finance_does_not_clear_quota_flags(flagged, login):
    assert login(flagged.finance).get(reverse("quota_review", args=[flagged.drive.pk])).status_code == 404
