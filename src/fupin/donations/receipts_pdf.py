"""PDFs for print: the donation receipt laid out for the unit's stamp, and the disclosure of a drive."""

from django.template.loader import render_to_string
from django.utils import timezone
from weasyprint import HTML

from . import disclosure
from .models import DonationDrive, Receipt

_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_PLACES = ("", "拾", "佰", "仟")
_GROUPS = ("", "万", "亿", "万亿")
PDF_DONORS = 2000  # the newest donors printed; the Excel download carries more


def _group(value: int) -> str:
    """1…9999 in capital figures, zeros inside read once (壹仟零伍)."""
    out, zero = "", False
    for place in (3, 2, 1, 0):
        digit = value // 10**place % 10
        if digit == 0:
            zero = bool(out)
            continue
        if zero:
            out += "零"
            zero = False
        out += _DIGITS[digit] + _PLACES[place]
    return out


def _whole(value: int) -> str:
    groups = []
    while value:
        value, rest = divmod(value, 10000)
        groups.append(rest)
    out, gap = "", False
    for index in reversed(range(len(groups))):
        group = groups[index]
        if group == 0:
            gap = bool(out)
            continue
        if out and (gap or group < 1000):
            out += "零"
        out += _group(group) + _GROUPS[index]
        gap = False
    return out


def amount_in_words(fen: int) -> str:
    """分 → 人民币大写 as written on receipts and cheques: 12345 → 壹佰贰拾叁元肆角伍分, 10000 → 壹佰元整."""
    if fen <= 0:
        return "零元整"
    whole, cents = divmod(fen, 100)
    jiao, fen_digit = divmod(cents, 10)
    out = _whole(whole) + "元" if whole else ""
    if cents == 0:
        return out + "整"
    if jiao:
        out += _DIGITS[jiao] + "角"
    elif whole:
        out += "零"
    return out + (_DIGITS[fen_digit] + "分" if fen_digit else "整")


def receipt_pdf(receipt: Receipt) -> bytes:
    """The receipt with the donor's name in full (it is handed to the donor), for the unit to stamp."""
    donation = receipt.donation
    context = {
        "receipt": receipt,
        "donation": donation,
        "drive": donation.drive,
        "unit": receipt.fund.unit,
        "words": amount_in_words(donation.amount_fen),
        "issued_on": timezone.localdate(receipt.issued_at),
    }
    return HTML(string=render_to_string("donations/receipt_pdf.html", context)).write_pdf()


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
