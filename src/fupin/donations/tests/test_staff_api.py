"""The donations REST API: scoped like the pages, amounts as text 元 or integer 分, never floats."""

import pytest

from fupin.donations import ledger
from fupin.donations.models import Disbursement, Donation, DonationBox
from fupin.donations.services import receive_donation, register_box

from .staff_data import staffed_drive

pytestmark = pytest.mark.django_db


@pytest.fixture
def staffed(tree):
    return staffed_drive(tree.county1, "dy")


def _post(client, url, data):
    return client.post(url, data, content_type="application/json")


def test_finance_records_a_donation_over_the_api(staffed, tree, login):
    client = login(staffed.finance)
    url = f"/api/v1/drives/{staffed.drive.pk}/donations"
    data = {"channel": "one_day_pay", "donor_type": "individual", "donor_name": "张三", "unit_id": tree.school1.pk}
    response = _post(client, url, data | {"amount_yuan": "300.50", "idempotency_key": "api-1"})
    assert response.status_code == 201 and response.json()["amount_fen"] == 30050
    assert _post(client, url, data | {"amount_yuan": "300.50", "idempotency_key": "api-1"}).status_code == 201
    assert _post(client, url, data | {"amount_fen": 100}).json()["amount_fen"] == 100
    assert Donation.objects.count() == 2 and ledger.balance_fen(staffed.drive) == 30150
    listed = client.get(url).json()
    assert listed["count"] == 2


@pytest.mark.parametrize(
    "amount", [{"amount_yuan": 12.5}, {"amount_fen": 12.5}, {"amount_yuan": "1.005"}, {"amount_fen": -1}, {}]
)
def test_an_api_amount_that_is_a_float_or_bad_is_refused(amount, staffed, login):
    data = {"channel": "transfer", "donor_type": "individual", "donor_name": "李四", **amount}
    response = _post(login(staffed.finance), f"/api/v1/drives/{staffed.drive.pk}/donations", data)
    assert response.status_code in (400, 422) and not Donation.objects.exists()


def test_boxes_and_disbursements_over_the_api(staffed, login):
    receive_donation(
        by=staffed.finance,
        drive=staffed.drive,
        channel="transfer",
        amount_fen=50000,
        donor_type="enterprise",
        donor_name="甲公司",
    )
    client = login(staffed.finance)
    box = _post(client, f"/api/v1/drives/{staffed.drive.pk}/boxes", {"place": "大厅", "seal_number": "A-1"})
    assert box.status_code == 201 and DonationBox.objects.get().seal_number == "A-1"
    assert client.get(f"/api/v1/boxes/{box.json()['id']}/openings").json() == []
    url = f"/api/v1/drives/{staffed.drive.pk}/disbursements"
    too_much = _post(client, url, {"recipient": "石桥东村", "purpose": "助学", "amount_yuan": "500.01"})
    assert too_much.status_code == 400 and "资金余额不足" in too_much.json()["detail"]
    made = _post(client, url, {"recipient": "石桥东村", "purpose": "助学", "amount_yuan": "200"})
    assert made.status_code == 201 and made.json()["status"] == "requested"
    assert client.get(f"/api/v1/disbursements/{made.json()['id']}").json()["amount_fen"] == 20000
    assert Disbursement.objects.count() == 1


def test_the_api_answers_404_for_another_countys_ids(staffed, tree, login):
    other = staffed_drive(tree.county2, "xc")
    box = register_box(by=other.finance, drive=other.drive, place="西川", seal_number="X1", kind="fixed")
    client = login(staffed.finance)
    for url in (
        f"/api/v1/drives/{other.drive.pk}",
        f"/api/v1/drives/{other.drive.pk}/donations",
        f"/api/v1/drives/{other.drive.pk}/boxes",
        f"/api/v1/drives/{other.drive.pk}/disbursements",
        f"/api/v1/boxes/{box.pk}/openings",
    ):
        assert client.get(url).status_code == 404, url
    data = {"channel": "transfer", "donor_type": "individual", "donor_name": "乙", "amount_yuan": "1"}
    assert _post(client, f"/api/v1/drives/{other.drive.pk}/donations", data).status_code == 404
    assert [d["id"] for d in client.get("/api/v1/drives").json()["items"]] == [staffed.drive.pk]
