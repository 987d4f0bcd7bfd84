"""Disbursement pages: finance asks, another person of the office approves with the 拨付证明."""

import io

import pytest
from django.urls import reverse

from fupin.donations import ledger
from fupin.donations.models import Disbursement
from fupin.donations.services import receive_donation
from fupin.orgs.models import Membership

from .staff_data import photo_upload, staffed_drive

pytestmark = pytest.mark.django_db


@pytest.fixture
def staffed(tree):
    staffed = staffed_drive(tree.county1, "dy")
    receive_donation(
        by=staffed.finance,
        drive=staffed.drive,
        channel="transfer",
        amount_fen=100000,
        donor_type="enterprise",
        donor_name="东阳建材",
    )
    return staffed


def _request(client, staffed, amount="300"):
    data = {"recipient": "石桥东村", "purpose": "购置冬衣", "amount_fen": amount}
    return client.post(reverse("disbursement_create", args=[staffed.drive.pk]), data)


def test_finance_requests_and_the_office_approves_with_proof(staffed, login):
    assert _request(login(staffed.finance), staffed).status_code == 302
    disbursement = Disbursement.objects.get()
    assert disbursement.status == "requested" and ledger.balance_fen(staffed.drive) == 100000
    client = login(staffed.office)
    assert "审批并拨付" in client.get(reverse("disbursement_detail", args=[disbursement.pk])).content.decode()
    response = client.post(
        reverse("approve_disbursement", args=[disbursement.pk]),
        {"proof": photo_upload("回单.jpg"), "is_redacted": "on"},
    )
    assert response.status_code == 302
    disbursement.refresh_from_db()
    assert disbursement.status == "paid" and disbursement.approved_by == staffed.office and disbursement.proof
    assert ledger.balance_fen(staffed.drive) == 70000
    page = client.get(reverse("disbursement_list", args=[staffed.drive.pk])).content.decode()
    assert "石桥东村" in page and "700.00" in page


def test_a_disbursement_without_proof_is_refused(staffed, login):
    _request(login(staffed.finance), staffed)
    disbursement = Disbursement.objects.get()
    response = login(staffed.office).post(reverse("approve_disbursement", args=[disbursement.pk]), {})
    assert response.status_code == 400
    disbursement.refresh_from_db()
    assert disbursement.status == "requested" and ledger.balance_fen(staffed.drive) == 100000


def test_an_encrypted_pdf_is_not_a_proof(staffed, login):
    _request(login(staffed.finance), staffed)
    pdf = io.BytesIO(b"%PDF-1.7\n/Encrypt 1 0 R\n")
    pdf.name = "回单.pdf"
    response = login(staffed.office).post(
        reverse("approve_disbursement", args=[Disbursement.objects.get().pk]), {"proof": pdf}
    )
    assert "加密" in response.content.decode() and Disbursement.objects.get().status == "requested"


def test_the_requester_cannot_approve_their_own_disbursement(staffed, tree, login):
    Membership.objects.create(user=staffed.finance, unit=tree.county1, role="office_admin")
    _request(login(staffed.finance), staffed)
    disbursement = Disbursement.objects.get()
    response = login(staffed.finance).post(
        reverse("approve_disbursement", args=[disbursement.pk]),
        {"proof": photo_upload("回单.jpg"), "is_redacted": "on"},
    )
    assert "申请人不能审批自己的拨付" in response.content.decode()
    assert Disbursement.objects.get().status == "requested" and ledger.balance_fen(staffed.drive) == 100000


def test_a_request_over_the_balance_is_refused(staffed, login):
    response = _request(login(staffed.finance), staffed, amount="1000.01")
    assert "资金余额不足" in response.content.decode() and not Disbursement.objects.exists()


def test_finance_cannot_approve(staffed, login):
    _request(login(staffed.finance), staffed)
    disbursement = Disbursement.objects.get()
    client = login(staffed.finance)
    assert "审批并拨付" not in client.get(reverse("disbursement_detail", args=[disbursement.pk])).content.decode()
    response = client.post(reverse("approve_disbursement", args=[disbursement.pk]), {"proof": photo_upload()})
    assert response.status_code == 404


def test_an_unticked_redaction_confirmation_pays_nothing_and_says_why(staffed, login):
    _request(login(staffed.finance), staffed)
    disbursement = Disbursement.objects.get()
    response = login(staffed.office).post(
        reverse("approve_disbursement", args=[disbursement.pk]), {"proof": photo_upload("回单.jpg")}
    )
    assert response.status_code == 400
    assert "请确认拨付证明中的学生姓名、身份证号、银行账号等个人信息已遮盖" in response.content.decode()
    disbursement.refresh_from_db()
    assert disbursement.status == "requested" and not disbursement.proof
    assert ledger.balance_fen(staffed.drive) == 100000


def test_the_requester_publishes_the_proof_the_office_uploaded(staffed, login):
    _request(login(staffed.finance), staffed)
    disbursement = Disbursement.objects.get()
    office = login(staffed.office)
    office.post(
        reverse("approve_disbursement", args=[disbursement.pk]),
        {"proof": photo_upload("回单.jpg"), "is_redacted": "on"},
    )
    page = office.get(reverse("disbursement_detail", args=[disbursement.pk])).content.decode()
    assert "证明待公开" in page and "核对无误,批准公开" in page
    refused = office.post(reverse("publish_proof", args=[disbursement.pk]), follow=True).content.decode()
    assert "上传证明的人不能批准公开自己上传的证明" in refused
    disbursement.refresh_from_db()
    assert disbursement.proof_published_at is None
    finance = login(staffed.finance)
    done = finance.post(reverse("publish_proof", args=[disbursement.pk]), follow=True).content.decode()
    assert "拨付证明已公开" in done and "核对无误,批准公开" not in done
    disbursement.refresh_from_db()
    assert disbursement.proof_published_by == staffed.finance
