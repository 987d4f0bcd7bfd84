"""A receipt for every received gift, however it was recorded, from the fund's one gap-free series; the official
公益事业捐赠票据 number recorded once; and a drive that says where to pay, shown to the pledger with the number."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from fupin.donations import bulk, openings, pledges, receipts, services
from fupin.donations.models import Receipt
from fupin.donations.tests.public_data import pledge
from fupin.lib.uploads import check_photo

from .staff_data import photo_upload, sheet, staffed_drive

pytestmark = pytest.mark.django_db


def test_every_received_gift_gets_a_receipt_from_one_series(tree):
    staffed = staffed_drive(tree.county1, "dy")
    drive, finance = staffed.drive, staffed.finance
    services.record_donation(
        by=finance, drive=drive, channel="transfer", amount_fen=50000, donor_type="enterprise", donor_name="甲公司"
    )
    bulk.import_donation_sheet(by=finance, drive=drive, data=sheet([["一日捐", "张三", "QH-DY-S01", "300"]]).getvalue())
    box = services.register_box(by=finance, drive=drive, place="县政务大厅", seal_number="DY-001", kind="fixed")
    opening = openings.record_box_opening(
        by=finance,
        box=box,
        amount_fen=88550,
        first_witness=finance,
        second_witness=staffed.office,
        count_sheet=check_photo("清点单.jpg", photo_upload().getvalue()),
        opened_at=timezone.now(),
    )
    openings.confirm_box_opening(by=staffed.office, opening=opening)
    services.record_goods(
        by=finance,
        drive=drive,
        goods_description="棉衣",
        goods_quantity=10,
        goods_value_fen=200000,
        donor_type="enterprise",
        donor_name="服装厂",
    )
    made = [(r.number, r.donation.channel) for r in Receipt.objects.order_by("number").select_related("donation")]
    assert made == [(1, "transfer"), (2, "one_day_pay"), (3, "box"), (4, "goods")]


def test_a_confirmed_pledge_continues_the_same_series(drive, finance):
    services.receive_donation(
        by=finance, drive=drive, channel="onsite", amount_fen=700, donor_type="individual", donor_name="李四"
    )
    receipt = pledges.confirm_pledge(by=finance, pledge=pledge(drive))
    assert receipt.number == 2 and Receipt.objects.count() == 2


def test_the_official_bill_number_is_recorded_once(drive, finance):
    receipt = pledges.confirm_pledge(by=finance, pledge=pledge(drive))
    with pytest.raises(ValidationError) as blank:
        receipts.record_official_number(by=finance, receipt=receipt, official_number="  ")
    assert blank.value.message_dict["official_number"] == ["请填写公益事业捐赠票据号码"]
    receipts.record_official_number(by=finance, receipt=receipt, official_number="3201-2026-000123")
    with pytest.raises(ValidationError) as again:
        receipts.record_official_number(by=finance, receipt=receipt, official_number="3201-2026-000999")
    assert again.value.message_dict["official_number"] == ["已登记票据号码 3201-2026-000123,不能再改"]
    assert Receipt.objects.get().official_number == "3201-2026-000123"


def test_the_receipt_page_records_the_official_number(drive, finance, login):
    receipt = pledges.confirm_pledge(by=finance, pledge=pledge(drive))
    client = login(finance)
    assert "尚未登记" in client.get(reverse("receipt_detail", args=[receipt.pk])).content.decode()
    answer = client.post(reverse("record_official_number", args=[receipt.pk]), {"official_number": "A-0001"})
    assert answer.status_code == 302 and Receipt.objects.get().official_number == "A-0001"


def test_where_to_pay_needs_name_bank_and_a_real_account_number():
    with pytest.raises(ValidationError) as partial:
        services.where_to_pay("清河市教育局", "", "6222 0000 1111")
    assert partial.value.message_dict["payee_account"] == ["收款户名、开户行和账号须一并填写"]
    with pytest.raises(ValidationError) as letters:
        services.where_to_pay("清河市教育局", "工商银行清河支行", "6222-ABC")
    assert letters.value.message_dict["payee_account"] == ["账号应为 8 到 30 位数字"]
    assert services.where_to_pay("清河市教育局", "工商银行清河支行", "6222 0210 0101 2345") == {
        "payee_name": "清河市教育局",
        "payee_bank": "工商银行清河支行",
        "payee_account": "6222021001012345",
    }


def test_a_pledger_sees_where_to_pay_with_the_pledge_number(anonymous, drive, city_officer):
    drive = services.open_drive(
        by=city_officer,
        campaign=drive.campaign,
        organiser=drive.organiser,
        fund=drive.fund,
        title="带收款账户的认捐",
        starts_on=drive.starts_on,
        ends_on=drive.ends_on,
        channels=["transfer"],
        payee_name="清河市教育局",
        payee_bank="工商银行清河支行",
        payee_account="6222 0210 0101 2345",
    )
    made = pledge(drive)
    page = anonymous.get(reverse("pledge_detail", args=[made.token])).content.decode()
    assert "工商银行清河支行" in page and "6222021001012345" in page
    assert f'转账附言请写认捐编号:<strong class="pledge-number">{made.number}</strong>' in page
