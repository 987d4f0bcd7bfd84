"""Each drive's money sits in its own restricted account (专项): paid out only for its designated uses, moved
to another drive only by a two-person transfer with a reason, and disclosed drive by drive so that
received − disbursed − transferred out + transferred in = balance."""

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from fupin.audit.models import AuditEvent
from fupin.donations import disclosure, ledger, services, transfers
from fupin.donations.models import AccountTotal, Disbursement, DonationDrive, LedgerTransaction, Transfer
from fupin.donations.tests.factories import proof


def give(drive, by, fen, **kw):
    fields = {"channel": "transfer", "donor_type": "individual", "donor_name": "张小三"} | kw
    return services.receive_donation(by=by, drive=drive, amount_fen=fen, **fields)


@pytest.fixture
def sibling(drive):
    """The other drive the same fund keeps (the fixture drive's factory opened it first), still taking gifts."""
    DonationDrive.objects.filter(fund=drive.fund).exclude(pk=drive.pk).update(ends_on=drive.ends_on)
    return DonationDrive.objects.exclude(pk=drive.pk).get(fund=drive.fund)


def test_a_disbursement_cannot_spend_another_drives_money(drive, sibling, finance):
    give(sibling, finance, 50000)
    with pytest.raises(ValidationError) as refused:
        services.request_disbursement(
            by=finance, drive=drive, use="石桥东村饮水工程", recipient="石桥东村", purpose="水管", amount_fen=100
        )
    assert "「扶贫日爱心认捐」专项资金余额不足:现有 0.00 元" in str(refused.value)
    assert not Disbursement.objects.exists()
    assert (ledger.balance_fen(drive), ledger.balance_fen(sibling)) == (0, 50000)


def test_a_disbursement_must_be_for_one_of_the_drives_designated_uses(drive, finance):
    give(drive, finance, 50000)
    with pytest.raises(ValidationError) as refused:
        services.request_disbursement(
            by=finance, drive=drive, use="教师培训", recipient="县教师进修学校", purpose="培训", amount_fen=100
        )
    assert refused.value.message_dict["use"] == ["「扶贫日爱心认捐」的捐款只能用于:石桥东村饮水工程"]
    assert not Disbursement.objects.exists()


def test_designated_uses_are_read_one_by_one(drive):
    drive.designated_uses = "困难学生冬衣、棉被;取暖\n图书"
    assert services.designated_uses(drive) == ["困难学生冬衣", "棉被", "取暖", "图书"]


def test_a_transfer_between_drives_needs_a_reason(drive, sibling, finance):
    give(sibling, finance, 50000)
    with pytest.raises(ValidationError) as refused:
        transfers.request_transfer(by=finance, from_drive=sibling, to_drive=drive, amount_fen=100, reason=" ")
    assert refused.value.message_dict["reason"] == ["请写明调剂理由"]
    assert not Transfer.objects.exists()


def test_a_transfer_needs_a_second_person_to_approve_it(drive, sibling, finance, city_officer):
    give(sibling, finance, 50000)
    asked = transfers.request_transfer(
        by=finance, from_drive=sibling, to_drive=drive, amount_fen=20000, reason="饮水工程缺口"
    )
    assert ledger.balance_fen(drive) == 0
    with pytest.raises(ValidationError, match="申请人不能审批自己的调剂"):
        transfers.approve_transfer(by=finance, transfer=asked)
    assert not LedgerTransaction.objects.filter(kind="transfer").exists()
    transfers.approve_transfer(by=city_officer, transfer=asked)
    assert (ledger.balance_fen(sibling), ledger.balance_fen(drive)) == (30000, 20000)
    assert AuditEvent.objects.filter(target_type__iendswith="transfer", target_id=str(asked.pk)).count() == 2


def test_a_transfer_cannot_move_more_than_the_drive_holds(drive, sibling, finance, city_officer):
    give(sibling, finance, 5000)
    asked = transfers.request_transfer(by=finance, from_drive=sibling, to_drive=drive, amount_fen=5000, reason="缺口")
    services.approve_and_pay(
        by=city_officer,
        disbursement=services.request_disbursement(
            by=finance, drive=sibling, recipient="甲村", purpose="助学", amount_fen=1000
        ),
        proof=proof(),
        is_redacted=True,
    )
    with pytest.raises(ValidationError, match=r"专项资金余额不足:现有 40\.00 元,本次需 50\.00 元"):
        transfers.approve_transfer(by=city_officer, transfer=asked)
    assert Transfer.objects.get().status == "requested" and ledger.balance_fen(drive) == 0


def test_a_transfer_goes_only_to_another_drive_of_the_same_campaign(drive, finance, tree, city_officer):
    from fupin.donations.tests.factories import drive_for

    elsewhere = drive_for(city_officer, tree.city)
    give(drive, finance, 5000)
    with pytest.raises(ValidationError) as refused:
        transfers.request_transfer(by=finance, from_drive=drive, to_drive=elsewhere, amount_fen=100, reason="缺口")
    assert refused.value.message_dict["to_drive"] == ["只能调剂到本次扶贫日活动(含下级细化方案)的其他募捐活动"]
    assert not Transfer.objects.exists()


def test_each_drive_discloses_its_own_account_and_the_transfer_with_its_reason(
    anonymous, drive, sibling, finance, city_officer
):
    give(sibling, finance, 80000)
    give(drive, finance, 10000)
    moved = transfers.request_transfer(
        by=finance, from_drive=sibling, to_drive=drive, amount_fen=30000, reason="饮水工程资金缺口"
    )
    transfers.approve_transfer(by=city_officer, transfer=moved)
    paid = services.request_disbursement(
        by=finance, drive=drive, use="石桥东村饮水工程", recipient="石桥东村", purpose="水管", amount_fen=25000
    )
    services.approve_and_pay(by=city_officer, disbursement=paid, proof=proof(), is_redacted=True)
    figures = [
        (d.received_fen, d.disbursed_fen, d.transferred_out_fen, d.transferred_in_fen, d.balance_fen)
        for d in (disclosure.summary(sibling), disclosure.summary(drive))
    ]
    assert figures == [(80000, 0, 30000, 0, 50000), (10000, 25000, 0, 30000, 15000)]
    page = anonymous.get(reverse("drive_disclosure", args=[drive.pk])).content.decode()
    assert "收到 100.00 − 拨付 250.00 − 调出 0.00 + 调入 300.00 = 余额 150.00 元" in page
    assert "饮水工程资金缺口" in page and "调入自" in page
    other = anonymous.get(reverse("drive_disclosure", args=[sibling.pk])).content.decode()
    assert "饮水工程资金缺口" in other and "调出至" in other
    assert disclosure.problems() == [] and ledger.problems() == []


def test_a_reversal_is_shown_on_the_disclosure_with_its_reason(anonymous, drive, finance):
    mistaken = give(drive, finance, 9900)
    ledger.reverse(by=finance, entry=mistaken.transaction, reason="重复录入")
    page = anonymous.get(reverse("drive_disclosure", args=[drive.pk])).content.decode()
    assert "冲正记录" in page and f"冲正#{mistaken.transaction_id}:重复录入" in page
    assert disclosure.summary(drive).received_fen == 0


def test_goods_are_disclosed_with_quantity_and_value_never_as_money(anonymous, drive, finance):
    services.record_goods(
        by=finance,
        drive=drive,
        goods_description="冬季棉被",
        goods_quantity=40,
        goods_unit="床",
        goods_value_fen=40 * 15000,
        donor_type="enterprise",
        donor_name="清河家纺",
    )
    data = disclosure.summary(drive)
    assert (data.donations, data.amount_fen, data.by_channel, data.goods_value_fen) == (0, 0, [], 600000)
    page = anonymous.get(reverse("drive_disclosure", args=[drive.pk])).content.decode()
    assert "冬季棉被 40床(估值 6,000.00 元)" in page or "冬季棉被 40床(估值 6000.00 元)" in page
    assert "0.00</td>" not in page.split('id="donors"')[1]


def test_box_takings_are_disclosed_as_the_donation_box_not_a_person():
    shown = disclosure.public_donor_name(
        name="募捐箱 QH-01", donor_type="individual", is_anonymous=False, channel="box"
    )
    assert shown == "募捐箱"


def test_ledger_check_names_a_drive_whose_kept_totals_differ_from_its_lines(drive, finance):
    give(drive, finance, 700)
    call_command("ledger", "check")
    AccountTotal.objects.filter(drive=drive, account="cash").update(amount_fen=70000)
    with pytest.raises(CommandError) as found:
        call_command("ledger", "check")
    assert "「扶贫日爱心认捐」专项的科目合计与分录不符" in str(found.value)
    assert "「扶贫日爱心认捐」公示的余额 700.00 元与账目 7.00 元不符" in str(found.value)


def test_the_transfer_pages_take_a_request_and_an_approval(drive, sibling, finance, city_officer, login):
    give(sibling, finance, 50000)
    client = login(finance)
    form = client.get(reverse("transfer_create", args=[sibling.pk])).content.decode()
    assert "扶贫日爱心认捐" in form
    refused = client.post(reverse("transfer_create", args=[sibling.pk]), {"to_drive": drive.pk, "amount_fen": "100"})
    assert refused.status_code == 200 and not Transfer.objects.exists()
    answer = client.post(
        reverse("transfer_create", args=[sibling.pk]), {"to_drive": drive.pk, "amount_fen": "100", "reason": "缺口"}
    )
    moved = Transfer.objects.get()
    assert answer.url == reverse("transfer_detail", args=[moved.pk])
    login(city_officer).post(reverse("approve_transfer", args=[moved.pk]))
    assert Transfer.objects.get().status == "done" and ledger.balance_fen(drive) == 10000
