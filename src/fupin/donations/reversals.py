"""冲正 by two people: finance asks, with a reason, to undo a wrong entry of a drive's account; another person of
the office approves, and the reversing transaction is posted (the original stays on record, both are disclosed)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from fupin.audit.models import AuditAction
from fupin.audit.services import record_for
from fupin.orgs.models import User
from fupin.orgs.policy import can

from . import ledger
from .models import LedgerTransaction, Reversal

REVERSIBLE = (LedgerTransaction.Kind.DONATION, LedgerTransaction.Kind.DISBURSEMENT, LedgerTransaction.Kind.TRANSFER)


@transaction.atomic
def request_reversal(*, by: User, entry: LedgerTransaction, reason: str) -> Reversal:
    """Ask to reverse an entry, once, with the reason; nothing moves until another person approves."""
    entry = LedgerTransaction.objects.select_related("fund__unit").get(pk=entry.pk)
    if not can(by, "donation.record", entry.fund.unit.path):
        raise PermissionDenied(_("只有资金管理单位的财务人员可以申请冲正"))
    if not reason.strip():
        raise ValidationError({"reason": [_("冲正须写明原因")]})
    if entry.kind not in REVERSIBLE or LedgerTransaction.objects.filter(reverses=entry).exists():
        raise ValidationError(_("这笔凭证已冲正,或本身就是冲正凭证"))
    if Reversal.objects.filter(entry=entry).exists():
        raise ValidationError(_("这笔凭证已申请冲正,等待审批"))
    reversal = Reversal.objects.create(entry=entry, reason=reason.strip()[:300], requested_by=by)
    record_for(by, AuditAction.CREATE, reversal, entry.fund.unit, {"reason": [None, reversal.reason]})
    return reversal


@transaction.atomic
def approve_reversal(*, by: User, reversal: Reversal) -> Reversal:
    """A second person approves: the mirror transaction is posted, unless it would take a drive below zero."""
    reversal = Reversal.objects.select_for_update().select_related("entry__fund__unit").get(pk=reversal.pk)
    if reversal.status != Reversal.Status.REQUESTED:
        raise ValidationError(_("这笔冲正已处理"))
    if reversal.requested_by_id == by.pk:
        raise ValidationError(_("申请人不能审批自己的冲正(须两人经手)"))
    unit = reversal.entry.fund.unit
    if not can(by, "disbursement.approve", unit.path):
        raise PermissionDenied(_("只有资金管理单位的办公室可以审批冲正"))
    reversal.reversing = ledger.reverse(by=by, entry=reversal.entry, reason=reversal.reason)
    reversal.status, reversal.approved_by = Reversal.Status.DONE, by
    reversal.save(update_fields=["reversing", "status", "approved_by"])
    record_for(by, AuditAction.UPDATE, reversal, unit, {"status": ["requested", "done"]})
    return reversal
