"""物资: recorded with description, quantity and estimated value (never cash), handed out like money."""

import pytest
from django.urls import reverse
from django.utils import timezone

from fupin.campaigns.sources import source_value
from fupin.donations import ledger
from fupin.donations.models import Donation, GoodsHandout
from fupin.donations.services import record_goods

from .staff_data import photo_upload, staffed_drive

pytestmark = pytest.mark.django_db


@pytest.fixture
def staffed(tree):
    return staffed_drive(tree.county1, "dy", channels=("transfer", "goods"))


@pytest.fixture
def coats(staffed):
    return record_goods(
        by=staffed.finance,
        drive=staffed.drive,
        donor_type="enterprise",
        donor_name="东阳服装厂",
        goods_description="冬季棉衣",
        goods_quantity=50,
        goods_unit="件",
        goods_value_fen=750000,
    )


def _handout(quantity, **extra):
    when = (timezone.localtime() - timezone.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    return {
        "recipient": "石桥东村",
        "purpose": "结对帮扶户过冬",
        "quantity": quantity,
        "handed_out_at": when,
        "proof": photo_upload("签收单.jpg"),
        **extra,
    }


def test_goods_are_recorded_with_quantity_and_value_but_not_as_cash(staffed, tree, login):
    data = {
        "donor_type": "enterprise",
        "donor_name": "东阳服装厂",
        "goods_description": "冬季棉衣",
        "goods_quantity": "50",
        "goods_unit": "件",
        "goods_value_fen": "7,500",
        "idempotency_key": "g1",
    }
    client = login(staffed.finance)
    assert client.post(reverse("goods_create", args=[staffed.drive.pk]), data).status_code == 302
    goods = Donation.objects.get()
    assert (goods.channel, goods.goods_quantity, goods.goods_value_fen, goods.amount_fen) == ("goods", 50, 750000, 0)
    assert goods.transaction is None and ledger.balance_fen(staffed.drive) == 0
    assert source_value("donations.goods_fen", tree.county1, staffed.drive.campaign) == 750000
    assert source_value("donations.money_fen", tree.county1, staffed.drive.campaign) == 0
    assert "冬季棉衣" in client.get(reverse("goods_list", args=[staffed.drive.pk])).content.decode()


def test_goods_without_a_quantity_are_refused(staffed, login):
    data = {"donor_type": "individual", "donor_name": "甲", "goods_description": "书包", "goods_quantity": "0"}
    data |= {"goods_value_fen": "0", "idempotency_key": "g2"}
    response = login(staffed.finance).post(reverse("goods_create", args=[staffed.drive.pk]), data)
    assert response.status_code == 200 and not Donation.objects.exists()


def test_goods_are_handed_out_with_proof_and_never_more_than_is_left(staffed, coats, login):
    client = login(staffed.finance)
    url = reverse("goods_handout_create", args=[coats.pk])
    assert client.post(url, _handout(30)).status_code == 302
    page = client.post(url, _handout(21)).content.decode()
    assert "发放数量须在 1 到剩余的 20 之间" in page
    assert client.post(url, _handout(20)).status_code == 302
    assert sum(GoodsHandout.objects.values_list("quantity", flat=True)) == 50
    detail = client.get(reverse("goods_detail", args=[coats.pk])).content.decode()
    assert "签收单.jpg" in detail and "登记发放" not in detail


def test_a_handout_without_a_signed_proof_is_refused(staffed, coats, login):
    data = _handout(5)
    del data["proof"]
    response = login(staffed.finance).post(reverse("goods_handout_create", args=[coats.pk]), data)
    assert response.status_code == 200 and not GoodsHandout.objects.exists()


def test_goods_cannot_be_recorded_as_cash(staffed, login):
    data = {"channel": "goods", "donor_type": "individual", "donor_name": "乙", "amount_yuan": "100"}
    response = login(staffed.finance).post(
        f"/api/v1/drives/{staffed.drive.pk}/donations", data, content_type="application/json"
    )
    assert response.status_code == 400 and not Donation.objects.exists()
