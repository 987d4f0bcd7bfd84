"""募捐箱: registered with place and seal; each opening counted by two different people, with the photo."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone

from fupin.donations import ledger, openings
from fupin.donations.models import BoxOpening, Donation, DonationBox
from fupin.donations.services import register_box
from fupin.orgs.tests.factories import make_user

from .staff_data import photo_upload, staffed_drive

pytestmark = pytest.mark.django_db


@pytest.fixture
def staffed(tree):
    return staffed_drive(tree.county1, "dy")


@pytest.fixture
def box(staffed):
    return register_box(by=staffed.finance, drive=staffed.drive, place="县政务大厅", seal_number="DY-001", kind="fixed")


@pytest.fixture
def teacher(tree):
    return make_user("dy_teacher", tree.school1, "reporter", name="陈老师")


def _opening(first, second, amount="885.50", **extra):
    when = timezone.localtime().replace(microsecond=0) - timezone.timedelta(hours=1)
    return {
        "amount_fen": amount,
        "first_witness": first.pk,
        "second_witness": second.pk,
        "opened_at": when.strftime("%Y-%m-%dT%H:%M"),
        "new_seal_number": "DY-002",
        "count_sheet": photo_upload(),
        **extra,
    }


def test_a_box_is_registered_with_place_and_seal_number(staffed, login):
    client = login(staffed.finance)
    data = {"place": "东阳县人民广场", "seal_number": "DY-009", "kind": "mobile"}
    assert client.post(reverse("box_create", args=[staffed.drive.pk]), data).status_code == 302
    assert DonationBox.objects.get().kind == "mobile"
    again = client.post(reverse("box_create", args=[staffed.drive.pk]), data)
    assert "封条编号 DY-009 已登记" in again.content.decode() and DonationBox.objects.count() == 1
    assert "东阳县人民广场" in client.get(reverse("box_list", args=[staffed.drive.pk])).content.decode()


def test_a_box_needs_the_box_channel(tree, login):
    staffed = staffed_drive(tree.county1, "dy", channels=("transfer",))
    data = {"place": "大厅", "seal_number": "A1", "kind": "fixed"}
    page = login(staffed.finance).post(reverse("box_create", args=[staffed.drive.pk]), data).content.decode()
    assert "没有选择「募捐箱」方式" in page and not DonationBox.objects.exists()


def test_a_box_opening_enters_the_ledger_once_the_second_witness_confirms_it(staffed, box, teacher, login):
    client = login(staffed.finance)
    response = client.post(reverse("box_opening_create", args=[box.pk]), _opening(staffed.finance, teacher))
    assert response.status_code == 302
    opening = BoxOpening.objects.get()
    assert (opening.status, opening.donation, ledger.balance_fen(staffed.drive)) == ("pending", None, 0)
    assert opening.count_sheet.name.endswith(".jpg")
    page = client.get(reverse("box_detail", args=[box.pk])).content.decode()
    assert "885.50" in page and "陈老师" in page and "待第二清点人确认" in page
    confirm = reverse("box_opening_confirm", args=[opening.pk])
    assert client.post(confirm).status_code == 404  # the recorder is not the second witness
    assert login(teacher).post(confirm).status_code == 302
    opening = BoxOpening.objects.get()
    assert opening.status == "confirmed" and opening.donation.channel == "box"
    assert opening.donation.amount_fen == 88550 and ledger.balance_fen(staffed.drive) == 88550
    assert opening.donation.receipt.number == 1  # one collective receipt for the box's takings


def test_only_the_second_witness_can_confirm_an_opening(staffed, box, teacher, login):
    login(staffed.finance).post(reverse("box_opening_create", args=[box.pk]), _opening(staffed.finance, teacher))
    opening = BoxOpening.objects.get()
    with pytest.raises(ValidationError, match="只有第二清点人本人登录后才能确认这次开箱清点"):
        openings.confirm_box_opening(by=staffed.finance, opening=opening)
    assert BoxOpening.objects.get().status == "pending" and not Donation.objects.exists()


def test_a_box_opening_needs_two_different_witnesses(staffed, box, login):
    client = login(staffed.finance)
    response = client.post(reverse("box_opening_create", args=[box.pk]), _opening(staffed.finance, staffed.finance))
    assert "两名清点人不能是同一人" in response.content.decode()
    assert not BoxOpening.objects.exists() and not Donation.objects.exists()
    assert ledger.balance_fen(staffed.drive) == 0


def test_the_database_refuses_one_person_as_both_witnesses(staffed, box, teacher, login):
    login(staffed.finance).post(reverse("box_opening_create", args=[box.pk]), _opening(staffed.finance, teacher))
    with pytest.raises(IntegrityError):
        BoxOpening.objects.filter(pk=BoxOpening.objects.get().pk).update(second_witness=staffed.finance)


def test_a_witness_from_another_county_is_refused(staffed, box, tree, login):
    stranger = make_user("xc_teacher", tree.school2, "reporter")
    response = login(staffed.finance).post(
        reverse("box_opening_create", args=[box.pk]), _opening(staffed.finance, stranger)
    )
    assert response.status_code == 200 and not BoxOpening.objects.exists()


def test_a_count_sheet_that_is_not_a_photo_is_refused(staffed, box, teacher, login):
    fake = __import__("io").BytesIO(b"<svg xmlns='http://www.w3.org/2000/svg'></svg>")
    fake.name = "清点单.jpg"
    data = _opening(staffed.finance, teacher, count_sheet=fake)
    response = login(staffed.finance).post(reverse("box_opening_create", args=[box.pk]), data)
    assert "清点单.jpg" in response.content.decode() and not BoxOpening.objects.exists()


def test_an_opening_in_the_future_or_with_a_bad_amount_is_refused(staffed, box, teacher, login):
    client = login(staffed.finance)
    later = (timezone.localtime() + timezone.timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    page = client.post(
        reverse("box_opening_create", args=[box.pk]), _opening(staffed.finance, teacher, opened_at=later)
    ).content.decode()
    assert "开箱时间不能晚于现在" in page
    page = client.post(
        reverse("box_opening_create", args=[box.pk]), _opening(staffed.finance, teacher, amount="１２.３４５")
    ).content.decode()
    assert "超过两位小数" in page
    assert not BoxOpening.objects.exists() and ledger.balance_fen(staffed.drive) == 0


def test_a_duplicate_box_opening_is_refused(staffed, box, teacher, login):
    client = login(staffed.finance)
    client.post(reverse("box_opening_create", args=[box.pk]), _opening(staffed.finance, teacher))
    page = client.post(reverse("box_opening_create", args=[box.pk]), _opening(staffed.finance, teacher)).content
    assert "募捐箱(封条 DY-001)" in page.decode() and "已登记一次 885.50 元的开箱清点,疑似重复登记" in page.decode()
    assert BoxOpening.objects.count() == 1


def test_the_same_box_counted_again_at_another_amount_is_a_new_opening(staffed, box, teacher, login):
    client = login(staffed.finance)
    client.post(reverse("box_opening_create", args=[box.pk]), _opening(staffed.finance, teacher))
    client.post(reverse("box_opening_create", args=[box.pk]), _opening(staffed.finance, teacher, amount="120"))
    assert sorted(BoxOpening.objects.values_list("amount_fen", flat=True)) == [12000, 88550]


def test_an_inactive_person_cannot_witness_an_opening(staffed, box, teacher, login):
    teacher.is_active = False
    teacher.save(update_fields=["is_active"])
    page = login(staffed.finance).post(reverse("box_opening_create", args=[box.pk]), _opening(staffed.finance, teacher))
    assert page.status_code == 200 and not BoxOpening.objects.exists()
