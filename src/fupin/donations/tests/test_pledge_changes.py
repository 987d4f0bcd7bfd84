"""Back-then-submit does not record a second pledge unnoticed; a giver withdraws, finance voids with a reason."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from fupin.donations import pledge_changes, pledges
from fupin.donations.models import Pledge
from fupin.donations.tests.public_data import pledge

pytestmark = pytest.mark.django_db


def test_a_pledge_like_one_just_made_is_refused_naming_the_earlier_one(drive):
    first = pledge(drive, phone="13912341234", amount_fen=20000, is_not_duplicate=False)
    with pytest.raises(ValidationError) as refused:
        pledge(drive, phone="13912341234", donor_name="另一个名字", amount_fen=20000, is_not_duplicate=False)
    made_at = timezone.localtime(first.created_at).strftime("%Y-%m-%d %H:%M")
    assert refused.value.messages == [
        f"{made_at} 已有一笔相同的认捐(编号 {first.number},200.00 元)。"
        "如确实要再捐一笔,请勾选「这是另一笔认捐」后再提交。"
    ]
    assert Pledge.objects.count() == 1


def test_a_pledge_like_one_just_made_is_recorded_when_the_giver_says_it_is_another(drive):
    pledge(drive, phone="", donor_name="王五", amount_fen=20000, is_not_duplicate=False)
    again = pledge(drive, phone="", donor_name="王五", amount_fen=20000, is_not_duplicate=True)
    assert again.status == "pledged" and Pledge.objects.count() == 2


def test_a_different_amount_is_not_taken_for_a_duplicate(drive):
    pledge(drive, amount_fen=20000, is_not_duplicate=False)
    pledge(drive, amount_fen=30000, is_not_duplicate=False)
    assert Pledge.objects.count() == 2


def test_a_retry_with_the_same_key_still_returns_the_first_pledge(drive):
    first = pledge(drive, idempotency_key="k-1")
    assert pledge(drive, idempotency_key="k-1") == first and Pledge.objects.count() == 1


def test_the_pledge_page_asks_before_recording_a_lookalike(anonymous, drive):
    made = pledge(drive, donor_name="赵六", phone="", amount_fen=5000)
    url = reverse("make_pledge", args=[drive.pk])
    form = {"idempotency_key": "new-key", "donor_type": "individual", "donor_name": "赵六", "channel": "transfer"}
    page = anonymous.post(url, form | {"amount": "50"}).content.decode()
    assert made.number in page and 'type="checkbox" name="is_not_duplicate"' in page
    assert Pledge.objects.count() == 1
    answer = anonymous.post(url, form | {"amount": "50", "is_not_duplicate": "on"})
    assert answer.status_code == 302 and Pledge.objects.count() == 2


def test_the_giver_withdraws_an_unconfirmed_pledge_from_its_link(anonymous, drive):
    made = pledge(drive)
    anonymous.post(reverse("cancel_pledge", args=[made.token]))
    assert Pledge.objects.get().status == "cancelled"
    with pytest.raises(ValidationError, match="不能撤回"):
        pledge_changes.cancel_pledge(token=made.token)


def test_a_confirmed_pledge_cannot_be_withdrawn(drive, finance):
    made = pledge(drive)
    pledges.confirm_pledge(by=finance, pledge=made)
    with pytest.raises(ValidationError, match="这笔认捐的状态是「已确认到账」,不能撤回"):
        pledge_changes.cancel_pledge(token=made.token)
    assert Pledge.objects.get().status == "received"


def test_finance_voids_an_unconfirmed_pledge_only_with_a_reason(drive, finance, login):
    made = pledge(drive)
    with pytest.raises(ValidationError) as refused:
        pledge_changes.void_pledge(by=finance, pledge=made, reason=" ")
    assert refused.value.message_dict["reason"] == ["请写明作废原因"]
    login(finance).post(reverse("void_pledge", args=[made.pk]), {"reason": "电话核实并未捐赠"})
    voided = Pledge.objects.get()
    assert (voided.status, voided.void_reason) == ("void", "电话核实并未捐赠")
    with pytest.raises(ValidationError, match="不能确认到账"):
        pledges.confirm_pledge(by=finance, pledge=voided)
    assert voided.donation_id is None


def test_the_api_refuses_a_lookalike_until_the_giver_confirms(anonymous, drive):
    url = f"/api/v1/public/drives/{drive.pk}/pledges"
    body = {"donor_name": "钱七", "channel": "transfer", "amount_yuan": "88"}
    first = anonymous.post(url, body, content_type="application/json", headers={"Idempotency-Key": "api-key-0001"})
    again = anonymous.post(url, body, content_type="application/json", headers={"Idempotency-Key": "api-key-0002"})
    assert first.status_code == 201 and again.status_code == 400
    assert "已有一笔相同的认捐" in again.json()["detail"]
    sure = body | {"is_not_duplicate": True}
    third = anonymous.post(url, sure, content_type="application/json", headers={"Idempotency-Key": "api-key-0003"})
    assert third.status_code == 201 and Pledge.objects.count() == 2
