"""Confirming a goods pledge creates the goods record with the pledged quantity and estimated value, and its
handing-out works; a goods pledge without a quantity is refused."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from fupin.donations import ledger, pledges, services
from fupin.donations.models import Donation, Pledge
from fupin.donations.tests.factories import proof
from fupin.donations.tests.public_data import pledge

pytestmark = pytest.mark.django_db


def test_a_confirmed_goods_pledge_becomes_goods_that_can_be_handed_out(drive, finance):
    made = pledge(
        drive,
        channel="goods",
        amount_fen=0,
        goods_description="冬季棉被",
        goods_quantity=40,
        goods_unit="床",
        goods_value_fen=480000,
    )
    receipt = pledges.confirm_pledge(by=finance, pledge=made)
    goods = Donation.objects.get(pk=receipt.donation_id)
    assert (goods.channel, goods.goods_quantity, goods.goods_unit, goods.goods_value_fen) == ("goods", 40, "床", 480000)
    assert goods.amount_fen == 0 and ledger.balance_fen(drive) == 0
    services.hand_out_goods(
        by=finance,
        donation=goods,
        recipient="石桥东村",
        purpose="困难户过冬",
        quantity=25,
        handed_out_at=timezone.now(),
        proof=proof(),
    )
    assert services.goods_left(goods) == 15


def test_a_goods_pledge_needs_a_quantity(drive):
    with pytest.raises(ValidationError) as refused:
        pledge(drive, channel="goods", amount_fen=0, goods_description="冬季棉被")
    assert refused.value.message_dict["goods_quantity"] == ["请填写物资数量(大于零的整数)"]
    assert not Pledge.objects.exists()


def test_the_pledge_page_takes_goods_with_quantity_and_value(anonymous, drive):
    form = {
        "idempotency_key": "goods-1",
        "donor_type": "enterprise",
        "donor_name": "清河家纺",
        "channel": "goods",
        "goods_description": "冬季棉被",
        "goods_quantity": "40",
        "goods_unit": "床",
        "goods_value": "4,800",
    }
    answer = anonymous.post(reverse("make_pledge", args=[drive.pk]), form)
    made = Pledge.objects.get()
    assert answer.status_code == 302 and (made.goods_quantity, made.goods_value_fen) == (40, 480000)
