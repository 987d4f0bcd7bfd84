"""Drive pages and recording one donation: the notices' rules hold on the page, scope is 404."""

import pytest
from django.urls import reverse
from django.utils import timezone

from fupin.donations import ledger
from fupin.donations.models import BoxOpening, Donation, DonationDrive, Fund
from fupin.donations.nominations import nominate_enterprise
from fupin.donations.openings import confirm_box_opening, record_box_opening
from fupin.donations.reversals import request_reversal
from fupin.donations.services import (
    approve_and_pay,
    hand_out_goods,
    open_drive,
    record_goods,
    register_box,
    request_disbursement,
)
from fupin.donations.tests.factories import proof
from fupin.donations.transfers import request_transfer
from fupin.lib.uploads import check_photo
from fupin.orgs.tests.factories import make_user, school

from .staff_data import donation_item, photo_upload, staffed_drive

pytestmark = pytest.mark.django_db


def _drive_post(item, organiser, managing, **extra):
    return {
        "item": item.pk,
        "organiser": organiser.pk,
        "managing_unit": managing.pk,
        "title": "2026年扶贫日爱心募捐",
        "starts_on": "2026-10-10",
        "ends_on": "2026-10-31",
        "channels": ["one_day_pay", "transfer"],
        "designated_uses": "优先用于定点帮扶村",
        **extra,
    }


def test_an_office_opens_a_drive_under_a_donation_item(tree, county_officer, login):
    item = donation_item(county_officer, tree.county1)
    response = login(county_officer).post(reverse("drive_create"), _drive_post(item, tree.county1, tree.county1))
    drive = DonationDrive.objects.get()
    assert response.status_code == 302 and response.url == reverse("drive_detail", args=[drive.pk])
    assert drive.item == item and drive.campaign == item.campaign
    assert drive.fund.unit == tree.county1 and Fund.objects.count() == 1
    assert "2026年扶贫日爱心募捐" in login(county_officer).get(reverse("drive_list")).content.decode()


def test_primary_school_cannot_open_donation_drive(tree, county_officer, login):
    primary = school(tree.county1, "东阳县实验小学", "primary")
    item = donation_item(county_officer, tree.county1)
    response = login(county_officer).post(reverse("drive_create"), _drive_post(item, primary, tree.county1))
    assert response.status_code == 200
    assert "中小学校原则上不组织捐赠活动" in response.content.decode()
    assert not DonationDrive.objects.exists() and not Fund.objects.exists()


def test_a_secondary_school_is_refused_too(tree, county_officer, login):
    item = donation_item(county_officer, tree.county1)
    response = login(county_officer).post(reverse("drive_create"), _drive_post(item, tree.school1, tree.county1))
    assert "中小学校原则上不组织捐赠活动" in response.content.decode()
    assert not DonationDrive.objects.exists()


def test_finance_records_a_donation_typed_in_yuan(tree, login):
    staffed = staffed_drive(tree.county1, "dy")
    data = {
        "channel": "transfer",
        "donor_type": "enterprise",
        "donor_name": "东阳建材有限公司",
        "amount_fen": "￥1,234.50",
        "idempotency_key": "k1",
    }
    response = login(staffed.finance).post(reverse("donation_create", args=[staffed.drive.pk]), data)
    assert response.status_code == 302
    assert Donation.objects.get().amount_fen == 123450
    assert ledger.balance_fen(staffed.drive) == 123450


def test_a_donation_form_sent_twice_records_once(tree, login):
    staffed = staffed_drive(tree.county1, "dy")
    data = {
        "channel": "onsite",
        "donor_type": "individual",
        "donor_name": "李四",
        "amount_fen": "50",
        "idempotency_key": "same",
    }
    client = login(staffed.finance)
    for _ in range(2):
        client.post(reverse("donation_create", args=[staffed.drive.pk]), data)
    assert Donation.objects.count() == 1 and ledger.balance_fen(staffed.drive) == 5000


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("12.345", "超过两位小数"),
        ("0", "必须大于零"),
        ("-5", "不能为负数"),
        ("1e3", "不是有效的金额"),
        ("200000000", "超过单笔上限"),
    ],
)
def test_a_bad_amount_is_refused_and_nothing_is_written(typed, reason, tree, login):
    staffed = staffed_drive(tree.county1, "dy")
    data = {
        "channel": "transfer",
        "donor_type": "individual",
        "donor_name": "王五",
        "amount_fen": typed,
        "idempotency_key": "x",
    }
    response = login(staffed.finance).post(reverse("donation_create", args=[staffed.drive.pk]), data)
    assert response.status_code == 200 and reason in response.content.decode()
    assert not Donation.objects.exists() and ledger.balance_fen(staffed.drive) == 0


def test_a_donation_from_a_unit_outside_the_drive_is_refused(tree, login):
    staffed = staffed_drive(tree.county1, "dy")
    data = {
        "channel": "one_day_pay",
        "donor_type": "individual",
        "donor_name": "赵六",
        "unit": tree.school2.pk,
        "amount_fen": "100",
        "idempotency_key": "y",
    }
    response = login(staffed.finance).post(reverse("donation_create", args=[staffed.drive.pk]), data)
    assert response.status_code == 200 and not Donation.objects.exists()


def test_an_office_admin_does_not_record_donations(tree, login):
    staffed = staffed_drive(tree.county1, "dy")
    assert login(staffed.office).get(reverse("donation_create", args=[staffed.drive.pk])).status_code == 404


ID_VIEWS = [
    ("drive_detail", "get", "drive"),
    ("donation_create", "get", "drive"),
    ("donation_import", "get", "drive"),
    ("donation_template", "get", "drive"),
    ("box_list", "get", "drive"),
    ("box_create", "get", "drive"),
    ("box_detail", "get", "box"),
    ("box_opening_create", "get", "box"),
    ("box_opening_photo", "get", "opening"),
    ("box_opening_confirm", "post", "opening"),
    ("disbursement_list", "get", "drive"),
    ("disbursement_create", "get", "drive"),
    ("disbursement_detail", "get", "disbursement"),
    ("staff_disbursement_proof", "get", "disbursement"),
    ("approve_disbursement", "post", "disbursement"),
    ("publish_proof", "post", "disbursement"),
    ("nomination_detail", "get", "nomination"),
    ("update_nomination", "post", "nomination"),
    ("goods_list", "get", "drive"),
    ("goods_create", "get", "drive"),
    ("goods_detail", "get", "goods"),
    ("goods_handout_create", "get", "goods"),
    ("goods_handout_proof", "get", "handout"),
    ("quota_review", "get", "drive"),
    ("clear_quota", "post", "drive"),
    ("transfer_create", "get", "drive"),
    ("transfer_detail", "get", "transfer"),
    ("approve_transfer", "post", "transfer"),
    ("receipt_detail", "get", "receipt"),
    ("record_official_number", "post", "receipt"),
    ("reversal_create", "get", "entry"),
    ("reversal_detail", "get", "reversal"),
    ("approve_reversal", "post", "reversal"),
]


@pytest.fixture
def other_countys_objects(tree):
    staffed = staffed_drive(tree.county2, "xc")
    box = register_box(
        by=staffed.finance, drive=staffed.drive, place="西川县政务大厅", seal_number="XC-001", kind="fixed"
    )
    opening = record_box_opening(
        by=staffed.finance,
        box=box,
        amount_fen=10000,
        first_witness=staffed.finance,
        second_witness=staffed.office,
        count_sheet=check_photo("清点单.jpg", photo_upload().getvalue()),
        opened_at=timezone.now(),
    )
    opening = confirm_box_opening(by=staffed.office, opening=opening)
    disbursement = request_disbursement(
        by=staffed.finance, drive=staffed.drive, recipient="石桥东村", purpose="助学", amount_fen=5000
    )
    approve_and_pay(by=staffed.office, disbursement=disbursement, proof=proof(), is_redacted=True)
    goods = record_goods(
        by=staffed.finance,
        drive=staffed.drive,
        donor_type="enterprise",
        donor_name="西川服装厂",
        goods_description="棉衣",
        goods_quantity=10,
        goods_value_fen=200000,
    )
    handout = hand_out_goods(
        by=staffed.finance,
        donation=goods,
        recipient="西川某村",
        purpose="冬季送温暖",
        quantity=4,
        handed_out_at=timezone.now(),
        proof=proof(),
    )
    return {
        "drive": staffed.drive.pk,
        "transfer": _transfer(staffed).pk,
        "receipt": opening.donation.receipt.pk,
        "entry": opening.donation.transaction_id,
        "reversal": request_reversal(by=staffed.finance, entry=opening.donation.transaction, reason="点错").pk,
        "box": box.pk,
        "opening": opening.pk,
        "disbursement": disbursement.pk,
        "goods": goods.pk,
        "handout": handout.pk,
        "nomination": nominate_enterprise(
            by=staffed.office, campaign=staffed.drive.campaign, unit=staffed.drive.organiser, enterprise="西川服装厂"
        ).pk,
    }


def _transfer(staffed):
    """A transfer asked from the staffed drive to a second drive of the same fund (not yet approved)."""
    second = open_drive(
        by=staffed.office,
        campaign=staffed.drive.campaign,
        organiser=staffed.drive.organiser,
        fund=staffed.drive.fund,
        title="第二个募捐活动",
        starts_on=staffed.drive.starts_on,
        ends_on=staffed.drive.ends_on,
        channels=["transfer"],
    )
    return request_transfer(
        by=staffed.finance, from_drive=staffed.drive, to_drive=second, amount_fen=100, reason="缺口"
    )


def test_the_stored_count_sheet_and_proof_open_for_their_own_staff(other_countys_objects, login):
    client = login(BoxOpening.objects.get().box.drive.organiser.memberships.get(role="finance").user)
    photo = client.get(reverse("box_opening_photo", args=[other_countys_objects["opening"]]))
    assert photo.status_code == 200 and photo["Content-Type"] == "image/jpeg"
    paid = client.get(reverse("staff_disbursement_proof", args=[other_countys_objects["disbursement"]]))
    assert paid.status_code == 200
    signed = client.get(reverse("goods_handout_proof", args=[other_countys_objects["handout"]]))
    assert signed.status_code == 200


@pytest.mark.parametrize(("name", "method", "target"), ID_VIEWS)
def test_another_countys_donation_pages_give_404(name, method, target, tree, other_countys_objects, login):
    mine = staffed_drive(tree.county1, "dy")
    for user in (mine.office, mine.finance):
        response = getattr(login(user), method)(reverse(name, args=[other_countys_objects[target]]))
        assert response.status_code == 404


def test_the_drive_list_costs_a_fixed_number_of_queries(tree, city_officer, login, django_assert_max_num_queries):
    for prefix, unit in (("dy", tree.county1), ("xc", tree.county2), ("qh", tree.city)):
        staffed_drive(unit, prefix)
    client = login(city_officer)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("drive_list"))
    assert response.content.decode().count("扶贫日爱心募捐") == 3


def test_the_drive_page_shows_totals_and_recent_gifts(tree, login):
    staffed = staffed_drive(tree.county1, "dy")
    witness = make_user("dy_teacher", tree.school1, "reporter", name="陈老师")
    box = register_box(by=staffed.finance, drive=staffed.drive, place="县政务大厅", seal_number="DY-001", kind="fixed")
    opening = record_box_opening(
        by=staffed.finance,
        box=box,
        amount_fen=8850,
        first_witness=staffed.finance,
        second_witness=witness,
        count_sheet=check_photo("清点单.jpg", photo_upload().getvalue()),
        opened_at=timezone.now(),
    )
    confirm_box_opening(by=witness, opening=opening)
    page = login(staffed.office).get(reverse("drive_detail", args=[staffed.drive.pk])).content.decode()
    assert "88.50" in page and "募捐箱 DY-001" in page
    assert BoxOpening.objects.count() == 1


@pytest.mark.parametrize(
    "name", ["drive_detail", "box_list", "goods_list", "disbursement_list", "quota_review", "nomination_list"]
)
def test_the_drive_pages_cost_a_fixed_number_of_queries(name, tree, login, django_assert_max_num_queries):
    staffed = staffed_drive(tree.county1, "dy")
    for n in range(5):
        register_box(by=staffed.finance, drive=staffed.drive, place=f"地点{n}", seal_number=f"S{n}", kind="fixed")
        goods = record_goods(
            by=staffed.finance,
            drive=staffed.drive,
            donor_type="individual",
            donor_name=f"甲{n}",
            goods_description="书包",
            goods_quantity=3,
            goods_value_fen=0,
        )
        hand_out_goods(
            by=staffed.finance,
            donation=goods,
            recipient="村",
            purpose="助学",
            quantity=1,
            handed_out_at=timezone.now(),
            proof=proof(),
        )
    client = login(staffed.office)
    args = [] if name == "nomination_list" else [staffed.drive.pk]
    with django_assert_max_num_queries(12):
        assert client.get(reverse(name, args=args)).status_code == 200
