"""捐赠收据: every received gift, however recorded, gets the next number of its fund's one gap-free series; the
official 公益事业捐赠票据 number is added when the finance bureau issues the bill."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from fupin.audit.models import AuditAction
from fupin.audit.services import record_for
from fupin.lib.bulk import insert_values
from fupin.orgs.models import User

from . import ledger
from .models import Donation, Fund, Receipt


@transaction.atomic
def issue_receipt(*, by: User, donation: Donation) -> Receipt:
    """The fund's next receipt number, under the fund's row lock, in the transaction that records the money:
    a rollback takes the number back with it, so the numbers 1, 2, 3 … have no gap."""
    existing = Receipt.objects.filter(donation=donation).first()
    if existing is not None:
        return existing
    fund = ledger.locked_fund(donation.drive.fund)
    last = Receipt.objects.filter(fund=fund).aggregate(n=Max("number"))["n"] or 0
    receipt = Receipt.objects.create(fund=fund, number=last + 1, donation=donation, issued_by=by)
    record_for(by, AuditAction.CREATE, receipt, fund.unit, {"number": [None, receipt.display_number]})
    return receipt


def issue_receipts(*, by: User, fund: Fund, donation_ids: list[int], at: datetime) -> list[int]:
    """A sheet's gifts get the fund's next numbers in order, as one block in one statement; the caller holds the
    fund's row lock in the transaction that records the money (and audits the block), so the series stays
    without a gap."""
    last = Receipt.objects.filter(fund=fund).aggregate(n=Max("number"))["n"] or 0
    numbers = list(range(last + 1, last + 1 + len(donation_ids)))
    fields = ("fund", "number", "donation", "issued_by", "issued_at")
    insert_values(Receipt, fields, [(fund.pk, n, pk, by.pk, at) for n, pk in zip(numbers, donation_ids, strict=True)])
    return numbers


@transaction.atomic
def record_official_number(*, by: User, receipt: Receipt, official_number: str) -> Receipt:
    """The number of the official 公益事业捐赠票据 issued for this gift, recorded once (a change needs a new record)."""
    number = official_number.strip()
    if not number:
        raise ValidationError({"official_number": [_("请填写公益事业捐赠票据号码")]})
    receipt = Receipt.objects.select_for_update().select_related("fund__unit").get(pk=receipt.pk)
    if receipt.official_number:
        raise ValidationError(
            {"official_number": [_("已登记票据号码 %(n)s,不能再改") % {"n": receipt.official_number}]}
        )
    if Receipt.objects.filter(official_number=number).exists():
        raise ValidationError({"official_number": [_("票据号码 %(n)s 已登记在另一张收据上") % {"n": number}]})
    receipt.official_number = number[:40]
    receipt.save(update_fields=["official_number"])
    record_for(by, AuditAction.UPDATE, receipt, receipt.fund.unit, {"official_number": ["", receipt.official_number]})
    return receipt
