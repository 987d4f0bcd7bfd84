"""Findings that cost a unit points: the office confirms a 疑似摊派 flag as 摊派 with a reason, and the
supervisor finds a concern 属实 against the unit it names; each once, audited, refused with the reason."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from fupin.audit.models import AuditEvent
from fupin.donations import concerns, pledges
from fupin.donations.models import Concern, QuotaClearance
from fupin.donations.services import clear_quota_flag, confirm_quota_flag, receive_donation
from fupin.orgs.tests.factories import make_user

from .staff_data import staffed_drive

pytestmark = pytest.mark.django_db

REASON = "经逐一询问,学校按职务规定了每人捐 200 元,并从工资中代扣"


@pytest.fixture
def flagged(tree):
    staffed = staffed_drive(tree.county1, "dy")
    for n in range(12):
        receive_donation(
            by=staffed.finance,
            drive=staffed.drive,
            channel="one_day_pay",
            amount_fen=20000 if n < 9 else 10000 + n,
            donor_type="individual",
            donor_name=f"教师{n}",
            unit=tree.school1,
        )
    return staffed


@pytest.fixture
def supervisor(tree):
    return make_user("jijian", tree.city, "supervisor", name="纪检组")


def test_office_confirms_a_quota_flag_as_quota_only_with_a_reason(flagged, tree, login):
    client = login(flagged.office)
    url = reverse("clear_quota", args=[flagged.drive.pk])
    refused = client.post(url, {"unit": tree.school1.pk, "reason": "  ", "outcome": "confirmed"})
    assert refused.status_code == 400 and "核查说明" in refused.content.decode()
    assert not QuotaClearance.objects.exists()
    assert client.post(url, {"unit": tree.school1.pk, "reason": REASON, "outcome": "confirmed"}).status_code == 302
    finding = QuotaClearance.objects.get()
    assert (finding.outcome, finding.reason, finding.cleared_by) == ("confirmed", REASON, flagged.office)
    assert (finding.givers, finding.same, finding.amount_fen) == (12, 9, 20000)
    event = AuditEvent.objects.get(target_id=str(finding.pk), target_type__icontains="quota")
    assert event.changes["outcome"] == [None, "confirmed"] and event.changes["reason"] == [None, REASON]
    page = client.get(reverse("quota_review", args=[flagged.drive.pk])).content.decode()
    assert "确认摊派" in page and REASON in page and "已确认存在摊派并留存核查说明" in page


def test_a_cleared_quota_flag_cannot_then_be_confirmed(flagged, tree):
    clear_quota_flag(by=flagged.office, drive=flagged.drive, unit=tree.school1, reason="教师自发商定,无单位要求")
    with pytest.raises(ValidationError, match="该单位的提示已核查:已解除"):
        confirm_quota_flag(by=flagged.office, drive=flagged.drive, unit=tree.school1, reason=REASON)
    assert list(QuotaClearance.objects.values_list("outcome", flat=True)) == ["cleared"]


def test_a_unit_without_a_flag_cannot_be_confirmed_as_quota(flagged, tree):
    with pytest.raises(ValidationError, match="该单位没有疑似摊派提示"):
        confirm_quota_flag(by=flagged.office, drive=flagged.drive, unit=tree.school2, reason=REASON)
    assert not QuotaClearance.objects.exists()


def test_finance_cannot_confirm_a_quota_flag(flagged, tree, login):
    url = reverse("clear_quota", args=[flagged.drive.pk])
    response = login(flagged.finance).post(url, {"unit": tree.school1.pk, "reason": REASON, "outcome": "confirmed"})
    assert response.status_code == 404 and not QuotaClearance.objects.exists()


def test_supervisor_finds_a_concern_substantiated_against_the_unit_it_names(flagged, tree, supervisor, login):
    concern = pledges.report_concern(drive=flagged.drive, text="东阳县第一中学要求每位老师捐 200 元")
    client = login(supervisor)
    page = client.get(reverse("concern_detail", args=[concern.pk])).content.decode()
    assert "东阳县第一中学" in page and "西川县第一中学" not in page  # the organiser and the units whose staff gave
    answer = "经核查属实,已责令学校退还并通报批评。"
    data = {"answer": answer, "substantiated": "1", "unit": tree.school1.pk}
    assert client.post(reverse("concern_detail", args=[concern.pk]), data).status_code == 302
    concern.refresh_from_db()
    assert (concern.status, concern.is_substantiated, concern.unit) == ("answered", True, tree.school1)
    event = AuditEvent.objects.filter(target_id=str(concern.pk)).latest("pk")
    assert event.changes["is_substantiated"] == [False, True] and event.changes["unit"] == [None, "东阳县第一中学"]
    page = client.get(reverse("concern_detail", args=[concern.pk])).content.decode()
    assert "属实" in page and "涉及单位:东阳县第一中学" in page


def test_a_substantiated_concern_must_name_a_unit(flagged, supervisor):
    concern = pledges.report_concern(drive=flagged.drive, text="有学校摊派捐款")
    with pytest.raises(ValidationError) as refused:
        concerns.answer_concern(by=supervisor, concern=concern, answer="属实", substantiated=True)
    assert refused.value.message_dict["unit"] == ["核查属实的,请选择涉及单位"]
    assert Concern.objects.filter(status="received", is_substantiated=False, unit=None).count() == 1


def test_a_substantiated_concern_names_a_unit_within_the_drives_organiser(flagged, tree, supervisor):
    concern = pledges.report_concern(drive=flagged.drive, text="有学校摊派捐款")
    with pytest.raises(ValidationError) as refused:
        concerns.answer_concern(by=supervisor, concern=concern, answer="属实", substantiated=True, unit=tree.school2)
    assert refused.value.message_dict["unit"] == ["涉及单位须是「东阳县教育局」或其下级单位"]
    assert Concern.objects.filter(status="received", is_substantiated=False, unit=None).count() == 1


def test_a_concern_not_substantiated_names_no_unit(flagged, tree, supervisor):
    concern = pledges.report_concern(drive=flagged.drive, text="收据没有编号")
    concerns.answer_concern(by=supervisor, concern=concern, answer="收据号见右上角", unit=tree.school1)
    concern.refresh_from_db()
    assert (concern.status, concern.is_substantiated, concern.unit) == ("answered", False, None)
