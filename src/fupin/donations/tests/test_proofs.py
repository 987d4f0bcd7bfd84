"""Proofs that prove: a 拨付证明 or a count-sheet photo that is near-blank, or a PDF with neither text nor images,
is refused with the reason and nothing is paid or recorded."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from fupin.audit.models import AuditEvent
from fupin.donations import ledger, openings, proofs, services
from fupin.donations.models import Disbursement, LedgerTransaction
from fupin.donations.tests.factories import proof
from fupin.lib.uploads import check_document, check_photo
from fupin.orgs.tests.factories import make_user

from .staff_data import staffed_drive

pytestmark = pytest.mark.django_db


def blank_photo(name="拨付证明.jpg"):
    out = io.BytesIO()
    Image.new("RGB", (1600, 1200), (252, 252, 252)).save(out, "JPEG")
    return check_photo(name, out.getvalue())


def empty_pdf():
    import pikepdf

    pdf = pikepdf.new()
    pdf.add_blank_page()
    out = io.BytesIO()
    pdf.save(out)
    return check_document("回单.pdf", out.getvalue())


@pytest.fixture
def requested(tree):
    staffed = staffed_drive(tree.county1, "dy")
    services.record_donation(
        by=staffed.finance,
        drive=staffed.drive,
        channel="transfer",
        amount_fen=90000,
        donor_type="enterprise",
        donor_name="东阳建工",
    )
    ask = services.request_disbursement(
        by=staffed.finance, drive=staffed.drive, use="", recipient="石桥东村", purpose="冬衣", amount_fen=50000
    )
    return staffed, ask


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (blank_photo, "「拨付证明.jpg」几乎是一片空白(99%以上是同一颜色),请上传能看清内容的照片"),
        (empty_pdf, "「回单.pdf」没有任何文字或图片,不能作为证明"),
    ],
)
def test_a_blank_proof_of_payment_is_refused_and_nothing_is_paid(requested, make, reason):
    staffed, ask = requested
    with pytest.raises(ValidationError) as refused:
        services.approve_and_pay(by=staffed.office, disbursement=ask, proof=make(), is_redacted=True)
    assert refused.value.message_dict == {"proof": [reason]}
    assert Disbursement.objects.get().status == "requested" and ledger.balance_fen(staffed.drive) == 90000
    assert not LedgerTransaction.objects.filter(kind="disbursement").exists()


def test_a_photographed_slip_pays_out(requested):
    staffed, ask = requested
    services.approve_and_pay(by=staffed.office, disbursement=ask, proof=proof(), is_redacted=True)
    assert Disbursement.objects.get().status == "paid" and ledger.balance_fen(staffed.drive) == 40000


def test_a_blank_count_sheet_photo_is_refused_and_no_opening_is_recorded(tree):
    staffed = staffed_drive(tree.county1, "dy")
    box = services.register_box(
        by=staffed.finance, drive=staffed.drive, place="县政务大厅", seal_number="DY-1", kind="fixed"
    )
    counter = make_user("dy_counter", tree.county1, "reporter", name="陈会计")
    with pytest.raises(ValidationError) as refused:
        openings.record_box_opening(
            by=staffed.finance,
            box=box,
            amount_fen=8800,
            first_witness=staffed.finance,
            second_witness=counter,
            count_sheet=blank_photo("清点单.jpg"),
            opened_at=timezone.now() - timezone.timedelta(hours=1),
        )
    assert refused.value.message_dict == {
        "count_sheet": ["「清点单.jpg」几乎是一片空白(99%以上是同一颜色),请上传能看清内容的照片"]
    }
    assert not box.openings.exists()


def test_a_pdf_with_a_line_of_text_is_a_proof(requested):
    import pikepdf

    pdf = pikepdf.new()
    pdf.add_blank_page()
    font = pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica)
    pdf.pages[0].Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=pdf.make_indirect(font)))
    pdf.pages[0].Contents = pdf.make_stream(b"BT /F1 12 Tf 72 720 Td (Paid 500.00) Tj ET")
    out = io.BytesIO()
    pdf.save(out)
    staffed, ask = requested
    services.approve_and_pay(
        by=staffed.office, disbursement=ask, proof=check_document("回单.pdf", out.getvalue()), is_redacted=True
    )
    assert Disbursement.objects.get().status == "paid" and ledger.balance_fen(staffed.drive) == 40000


def test_a_proof_is_not_taken_without_confirming_personal_data_is_redacted(requested):
    staffed, ask = requested
    with pytest.raises(ValidationError) as refused:
        services.approve_and_pay(by=staffed.office, disbursement=ask, proof=proof(), is_redacted=False)
    assert refused.value.message_dict == {
        "is_redacted": ["请确认拨付证明中的学生姓名、身份证号、银行账号等个人信息已遮盖"]
    }
    assert Disbursement.objects.get().status == "requested" and not Disbursement.objects.get().proof
    assert ledger.balance_fen(staffed.drive) == 90000


def test_the_uploader_cannot_approve_publication_of_their_own_proof(requested):
    staffed, ask = requested
    paid = services.approve_and_pay(by=staffed.office, disbursement=ask, proof=proof(), is_redacted=True)
    with pytest.raises(ValidationError) as refused:
        proofs.publish_proof(by=staffed.office, disbursement=paid)
    assert refused.value.messages == ["上传证明的人不能批准公开自己上传的证明(须另一人核对个人信息已遮盖)"]
    paid.refresh_from_db()
    assert paid.proof_published_at is None and paid.proof_published_by is None
    assert not AuditEvent.objects.filter(changes__has_key="proof_published_at").exists()


def test_a_second_person_publishes_the_proof_and_it_is_recorded(requested):
    staffed, ask = requested
    paid = services.approve_and_pay(by=staffed.office, disbursement=ask, proof=proof(), is_redacted=True)
    assert paid.proof_is_redacted and not paid.is_proof_public
    proofs.publish_proof(by=staffed.finance, disbursement=paid)
    paid.refresh_from_db()
    assert paid.proof_published_by == staffed.finance and paid.is_proof_public
    event = AuditEvent.objects.filter(changes__has_key="proof_published_at").get()
    assert event.actor == staffed.finance
    with pytest.raises(ValidationError, match="这份拨付证明已公开"):
        proofs.publish_proof(by=staffed.finance, disbursement=paid)


def test_a_proof_cannot_be_published_before_the_money_is_paid(requested):
    staffed, ask = requested
    with pytest.raises(ValidationError) as refused:
        proofs.publish_proof(by=staffed.finance, disbursement=ask)
    assert refused.value.messages == ["这笔拨付还没有拨付证明"]
    assert Disbursement.objects.get().proof_published_at is None


def test_the_database_refuses_a_proof_published_by_its_uploader(requested):
    staffed, ask = requested
    paid = services.approve_and_pay(by=staffed.office, disbursement=ask, proof=proof(), is_redacted=True)
    paid.proof_published_by, paid.proof_published_at = staffed.office, timezone.now()
    with pytest.raises(IntegrityError), transaction.atomic():
        paid.save()
    assert Disbursement.objects.get().proof_published_at is None


def test_until_published_the_disclosure_shows_proof_pending_instead_of_the_link(requested, client):
    staffed, ask = requested
    paid = services.approve_and_pay(by=staffed.office, disbursement=ask, proof=proof(), is_redacted=True)
    link = reverse("disbursement_proof", args=[staffed.drive.pk, paid.pk])
    page = client.get(reverse("drive_disclosure", args=[staffed.drive.pk])).content.decode()
    assert "证明待公开" in page and link not in page
    assert client.get(link).status_code == 404
    api = client.get(f"/api/v1/public/drives/{staffed.drive.pk}/disclosure").json()
    assert (api["disbursements"][0]["proof_url"], api["disbursements"][0]["proof_pending"]) == (None, True)
    proofs.publish_proof(by=staffed.finance, disbursement=paid)
    page = client.get(reverse("drive_disclosure", args=[staffed.drive.pk])).content.decode()
    assert "证明待公开" not in page and link in page
    assert client.get(link).status_code == 200
