"""Anyone may pledge without an account; a retry records once; finance confirms and a receipt is issued."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from fupin.donations import ledger, pledges, services
from fupin.donations.models import Donation, Pledge, Receipt
from fupin.donations.tests.public_data import pledge


def form(drive, **kw):
    return {
        "idempotency_key": "k-1",
        "donor_type": "individual",
        "donor_name": "张小三",
        "phone": "",
        "channel": "transfer",
        "amount": "100",
    } | kw


def test_a_pledge_needs_no_account_and_gives_a_pledge_number(anonymous, drive):
    page = anonymous.get(reverse("make_pledge", args=[drive.pk]))
    assert page.status_code == 200 and "提交认捐" in page.content.decode()
    response = anonymous.post(reverse("make_pledge", args=[drive.pk]), form(drive, amount="１,２００.５"))
    made = Pledge.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("pledge_detail", args=[made.token])
    assert made.amount_fen == 120050 and made.status == "pledged"
    detail = anonymous.get(response["Location"]).content.decode()
    assert made.number in detail and "张小三" not in detail


def test_a_pledge_submitted_twice_with_the_same_key_records_once(anonymous, drive):
    first = anonymous.post(reverse("make_pledge", args=[drive.pk]), form(drive))
    second = anonymous.post(reverse("make_pledge", args=[drive.pk]), form(drive))
    assert first["Location"] == second["Location"]
    assert Pledge.objects.count() == 1
    assert pledge(drive, idempotency_key="k-1", amount_fen=999).amount_fen == 10000


@pytest.mark.parametrize(
    ("amount", "reason"),
    [
        ("-5", "不能为负数"),
        ("0", "必须大于零"),
        ("1.234", "超过两位小数"),
        ("1e3", "不是有效的金额"),
        ("NaN", "不是有效的金额"),
        ("壹万元整", "不是有效的金额"),
        ("1000000000000", "不是有效的金额"),
        ("200000000", "超过单笔上限"),
        ("", "请填写捐赠金额"),
    ],
)
def test_a_bad_amount_is_refused_with_the_reason_and_nothing_is_written(anonymous, drive, amount, reason):
    response = anonymous.post(reverse("make_pledge", args=[drive.pk]), form(drive, amount=amount))
    assert response.status_code == 200
    assert reason in response.content.decode()
    assert not Pledge.objects.exists()


def test_a_named_pledge_needs_a_name_and_goods_need_a_description(anonymous, drive):
    response = anonymous.post(reverse("make_pledge", args=[drive.pk]), form(drive, donor_name=""))
    assert "请填写姓名或名称,或选择匿名捐赠" in response.content.decode()
    response = anonymous.post(reverse("make_pledge", args=[drive.pk]), form(drive, channel="goods", amount=""))
    assert "请写明捐赠的物资及数量" in response.content.decode()
    assert not Pledge.objects.exists()


def test_an_anonymous_pledge_keeps_no_name(drive):
    made = pledge(drive, is_anonymous=True, donor_name="王秘密")
    assert made.is_anonymous and made.donor_name == ""


def test_the_public_cannot_pledge_by_a_staff_channel_or_outside_the_period(city_officer, drive):
    with pytest.raises(ValidationError, match="不接受这种捐赠方式"):
        pledge(drive, channel="one_day_pay")
    yesterday = timezone.localdate() - timedelta(days=1)
    closed = services.open_drive(
        by=city_officer,
        campaign=drive.campaign,
        organiser=drive.organiser,
        fund=drive.fund,
        title="已结束",
        starts_on=yesterday - timedelta(days=9),
        ends_on=yesterday,
        channels=["transfer"],
    )
    with pytest.raises(ValidationError, match="不在募捐期内"):
        pledge(closed)
    assert not Pledge.objects.exists()


def test_confirming_a_pledge_records_the_donation_and_issues_a_receipt(drive, finance):
    made = pledge(drive, amount_fen=50000)
    receipt = pledges.confirm_pledge(by=finance, pledge=made, amount_fen=48000)
    made.refresh_from_db()
    assert made.status == "received" and made.donation.amount_fen == 48000
    assert receipt.number == 1 and receipt.donation == made.donation
    assert ledger.balance_fen(drive) == 48000


def test_confirming_twice_issues_one_receipt(drive, finance):
    made = pledge(drive)
    first = pledges.confirm_pledge(by=finance, pledge=made)
    again = pledges.confirm_pledge(by=finance, pledge=made)
    assert first == again and Receipt.objects.count() == 1 and Donation.objects.count() == 1


def test_only_finance_of_the_managing_unit_may_confirm(tree, drive, make_user):
    other = make_user("other_finance", tree.county2, "finance")
    with pytest.raises(PermissionDenied):
        pledges.confirm_pledge(by=other, pledge=pledge(drive))


def test_goods_are_confirmed_without_money_entering_the_fund(drive, finance):
    made = pledge(drive, channel="goods", amount_fen=0, goods_description="冬衣", goods_quantity=50, goods_unit="件")
    receipt = pledges.confirm_pledge(by=finance, pledge=made)
    assert receipt.donation.goods_description == "冬衣" and ledger.balance_fen(drive) == 0
