"""Every place money is typed in reads it with the one parser: 「100,00」 is refused with the reason, never
recorded as 10,000.00 元, and nothing is written."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from fupin.donations import ledger
from fupin.donations.models import BoxOpening, Disbursement, Donation, Pledge, Receipt
from fupin.donations.services import receive_donation, register_box
from fupin.donations.tests.public_data import pledge
from fupin.orgs.tests.factories import make_user

from .staff_data import import_sheet, photo_upload, sheet, staffed_drive

pytestmark = pytest.mark.django_db

COMMA = "不是有效的金额:逗号只能作千位分隔符,每三位一组(如 1,234.50)"


@pytest.fixture
def staffed(tree):
    return staffed_drive(tree.county1, "dy")


def test_a_staff_donation_of_100_comma_00_is_refused_and_nothing_is_written(staffed, login):
    data = {"channel": "transfer", "donor_type": "individual", "donor_name": "王五", "idempotency_key": "x"}
    response = login(staffed.finance).post(
        reverse("donation_create", args=[staffed.drive.pk]), data | {"amount_fen": "100,00"}
    )
    assert response.status_code == 200 and "金额(元)「100,00」" + COMMA in response.content.decode()
    assert not Donation.objects.exists() and ledger.balance_fen(staffed.drive) == 0


def test_a_box_opening_of_1_comma_0000_is_refused_and_nothing_is_written(staffed, tree, login):
    box = register_box(by=staffed.finance, drive=staffed.drive, place="县政务大厅", seal_number="DY-1", kind="fixed")
    teacher = make_user("dy_teacher", tree.school1, "reporter", name="陈老师")
    when = (timezone.localtime() - timezone.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    data = {
        "amount_fen": "1,0000",
        "first_witness": staffed.finance.pk,
        "second_witness": teacher.pk,
        "opened_at": when,
        "new_seal_number": "DY-2",
        "count_sheet": photo_upload(),
    }
    response = login(staffed.finance).post(reverse("box_opening_create", args=[box.pk]), data)
    assert "清点金额(元)「1,0000」" + COMMA in response.content.decode()
    assert not BoxOpening.objects.exists() and not Donation.objects.exists()


def test_goods_valued_at_100_comma_00_are_refused_and_nothing_is_written(staffed, login):
    data = {
        "donor_type": "enterprise",
        "donor_name": "东阳服装厂",
        "goods_description": "冬季棉衣",
        "goods_quantity": "50",
        "goods_unit": "件",
        "goods_value_fen": "100,00",
        "idempotency_key": "g1",
    }
    response = login(staffed.finance).post(reverse("goods_create", args=[staffed.drive.pk]), data)
    assert "估值(元)「100,00」" + COMMA in response.content.decode()
    assert not Donation.objects.exists()


def test_a_disbursement_of_100_comma_00_is_refused_and_nothing_is_written(staffed, login):
    receive_donation(
        by=staffed.finance,
        drive=staffed.drive,
        channel="transfer",
        amount_fen=2000000,
        donor_type="enterprise",
        donor_name="东阳建材",
    )
    data = {"recipient": "石桥东村", "purpose": "购置冬衣", "amount_fen": "100,00"}
    response = login(staffed.finance).post(reverse("disbursement_create", args=[staffed.drive.pk]), data)
    assert "金额(元)「100,00」" + COMMA in response.content.decode()
    assert not Disbursement.objects.exists() and ledger.balance_fen(staffed.drive) == 2000000


def test_a_one_day_pay_sheet_row_of_100_comma_00_is_refused_and_nothing_is_written(
    staffed, login, django_capture_on_commit_callbacks
):
    rows = [("一日捐", "张三", "QH-DY-S01", "300", ""), ("一日捐", "李四", "QH-DY-S01", "100,00", "")]
    capture = django_capture_on_commit_callbacks
    response, job = import_sheet(login(staffed.finance), staffed.drive, capture, sheet(rows))
    assert job.status == "failed"
    assert "第3行 金额(元): 金额「100,00」" + COMMA in response.content.decode()
    assert not Donation.objects.exists()


def test_a_public_pledge_of_100_comma_00_is_refused_and_nothing_is_written(drive):
    form = {
        "idempotency_key": "k-1",
        "donor_type": "individual",
        "donor_name": "张小三",
        "phone": "",
        "channel": "transfer",
        "amount": "100,00",
    }
    response = Client().post(reverse("make_pledge", args=[drive.pk]), form)
    assert response.status_code == 200 and "「100,00」" + COMMA in response.content.decode()
    assert not Pledge.objects.exists()


def test_a_pledge_received_as_100_comma_00_is_refused_and_nothing_is_written(drive, finance, login):
    made = pledge(drive)
    response = login(finance).post(reverse("confirm_pledge", args=[made.pk]), {"amount": "100,00"}, follow=True)
    assert "「100,00」" + COMMA in response.content.decode()
    made.refresh_from_db()
    assert made.status == "pledged" and not Receipt.objects.exists()


def test_a_public_api_pledge_of_100_comma_00_is_refused_and_nothing_is_written(drive):
    body = {"channel": "transfer", "donor_type": "individual", "donor_name": "王小明", "amount_yuan": "100,00"}
    response = Client().post(
        f"/api/v1/public/drives/{drive.pk}/pledges",
        body,
        content_type="application/json",
        headers={"Idempotency-Key": "k-1"},
    )
    assert response.status_code == 400 and "「100,00」" + COMMA in response.json()["detail"]
    assert not Pledge.objects.exists()


@pytest.mark.parametrize("path", ["donations", "disbursements"])
def test_a_staff_api_amount_of_100_comma_00_is_refused_and_nothing_is_written(path, staffed, login):
    body = {"channel": "transfer", "donor_type": "individual", "donor_name": "李四", "amount_yuan": "100,00"}
    body |= {"recipient": "石桥东村", "purpose": "助学"} if path == "disbursements" else {}
    response = login(staffed.finance).post(
        f"/api/v1/drives/{staffed.drive.pk}/{path}", body, content_type="application/json"
    )
    assert response.status_code == 400 and "「100,00」" + COMMA in response.json()["detail"]
    assert not Donation.objects.exists() and not Disbursement.objects.exists()
