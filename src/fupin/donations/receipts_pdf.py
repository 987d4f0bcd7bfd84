"""PDFs for print: the donation receipt and the 捐赠证书 laid out for the unit's stamp, and the disclosure of
a drive."""

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from weasyprint import HTML

from fupin.lib.money import amount_in_capitals

from . import disclosure
from .models import DonationDrive, Receipt

PDF_DONORS = 2000  # the newest donors printed; the Excel download carries more


def amount_in_words(fen: int) -> str:
    """分 → 人民币大写 as printed on receipts: 12345 → 壹佰贰拾叁元肆角伍分, 10000 → 壹佰元整, 50 → 伍角整
    (a reprinted receipt reads as the one already handed out)."""
    return amount_in_capitals(max(fen, 0), zheng_after_jiao=True)


def receipt_pdf(receipt: Receipt) -> bytes:
    """The receipt with the donor's name in full (it is handed to the donor), for the unit to stamp."""
    return _render("donations/receipt_pdf.html", receipt, words=amount_in_words(receipt.donation.amount_fen))


def certificate_pdf(receipt: Receipt) -> bytes:
    """捐赠证书: thanks for a received donation, numbered as its receipt, A4 landscape for the unit's seal."""
    donation = receipt.donation
    return _render(
        "donations/certificate_pdf.html",
        receipt,
        donor=_("爱心人士") if donation.is_anonymous or not donation.donor_name else donation.donor_name,
        words=amount_in_capitals(donation.amount_fen) if donation.amount_fen else "",
        given_on=timezone.localdate(donation.received_at),
    )


def _render(template: str, receipt: Receipt, **extra) -> bytes:
    """A receipt's document as PDF: the receipt, its donation, drive and managing unit, and what it adds."""
    donation = receipt.donation
    context = {
        "receipt": receipt,
        "donation": donation,
        "drive": donation.drive,
        "unit": receipt.fund.unit,
        "issued_on": timezone.localdate(receipt.issued_at),
        **extra,
    }
    return HTML(string=render_to_string(template, context)).write_pdf()


def disclosure_pdf(drive: DonationDrive) -> bytes:
    data = disclosure.summary(drive)
    context = {
        "data": data,
        "drive": drive,
        "donors": disclosure.newest_donors(drive, limit=PDF_DONORS),
        "limit": PDF_DONORS,
        "printed_at": timezone.localtime(),
    }
    return HTML(string=render_to_string("donations/public_disclosure_pdf.html", context)).write_pdf()
