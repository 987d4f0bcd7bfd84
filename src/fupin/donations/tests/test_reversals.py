"""冲正 by two people: one asks with a reason, another approves; the reversal is on the disclosure."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from fupin.donations import disclosure, ledger, reversals, services
from fupin.donations.models import LedgerTransaction, Reversal
from fupin.donations.tests.factories import proof

pytestmark = pytest.mark.django_db


def give(drive, by, fen):
    return services.receive_donation(
        by=by, drive=drive, channel="transfer", amount_fen=fen, donor_type="individual", donor_name="张小三"
    )


def test_a_reversal_needs_a_reason(drive, finance):
    gift = give(drive, finance, 9900)
    with pytest.raises(ValidationError) as refused:
        reversals.request_reversal(by=finance, entry=gift.transaction, reason="  ")
    assert refused.value.message_dict["reason"] == ["冲正须写明原因"]
    assert not Reversal.objects.exists()


def test_a_reversal_needs_a_second_person_to_approve_it(drive, finance, city_officer):
    gift = give(drive, finance, 9900)
    asked = reversals.request_reversal(by=finance, entry=gift.transaction, reason="重复录入")
    with pytest.raises(ValidationError, match="申请人不能审批自己的冲正"):
        reversals.approve_reversal(by=finance, reversal=asked)
    assert not LedgerTransaction.objects.filter(kind="reversal").exists() and ledger.balance_fen(drive) == 9900
    done = reversals.approve_reversal(by=city_officer, reversal=asked)
    assert done.status == "done" and done.reversing.reverses_id == gift.transaction_id
    assert ledger.balance_fen(drive) == 0


def test_a_reversal_is_asked_once(drive, finance):
    gift = give(drive, finance, 9900)
    reversals.request_reversal(by=finance, entry=gift.transaction, reason="重复录入")
    with pytest.raises(ValidationError, match="这笔凭证已申请冲正,等待审批"):
        reversals.request_reversal(by=finance, entry=gift.transaction, reason="再次")
    assert Reversal.objects.count() == 1


def test_a_reversal_that_would_take_the_drive_below_zero_is_refused(drive, finance, city_officer):
    gift = give(drive, finance, 9900)
    asked = services.request_disbursement(
        by=finance, drive=drive, use="石桥东村饮水工程", recipient="石桥东村", purpose="水管", amount_fen=5000
    )
    services.approve_and_pay(by=city_officer, disbursement=asked, proof=proof(), is_redacted=True)
    wrong = reversals.request_reversal(by=finance, entry=gift.transaction, reason="退回捐款")
    with pytest.raises(ValidationError, match=r"专项资金余额不足:现有 49\.00 元,本次需 99\.00 元"):
        reversals.approve_reversal(by=city_officer, reversal=wrong)
    assert Reversal.objects.get().status == "requested" and ledger.balance_fen(drive) == 4900


def test_the_reversal_pages_ask_approve_and_the_disclosure_shows_it(drive, finance, city_officer, login, anonymous):
    gift = give(drive, finance, 9900)
    client = login(finance)
    receipt_page = client.get(reverse("receipt_detail", args=[gift.receipt.pk])).content.decode()
    assert reverse("reversal_create", args=[gift.transaction_id]) in receipt_page
    refused = client.post(reverse("reversal_create", args=[gift.transaction_id]), {"reason": ""})
    assert refused.status_code == 200 and not Reversal.objects.exists()
    answer = client.post(reverse("reversal_create", args=[gift.transaction_id]), {"reason": "同一笔转账登记了两次"})
    asked = Reversal.objects.get()
    assert answer.url == reverse("reversal_detail", args=[asked.pk])
    login(city_officer).post(reverse("approve_reversal", args=[asked.pk]))
    assert Reversal.objects.get().status == "done"
    page = anonymous.get(reverse("drive_disclosure", args=[drive.pk])).content.decode()
    assert f"冲正#{gift.transaction_id}:同一笔转账登记了两次" in page
    assert disclosure.summary(drive).received_fen == 0
