"""专项调剂: moving money from one drive's restricted account to another's is two people's decision, with a
reason, shown on both drives' disclosures. Within a fund it is one balanced transaction; between drives whose money
two finance offices keep, it is one balanced transaction in each fund's books, posted together."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from fupin.audit.models import AuditAction
from fupin.audit.services import record_for
from fupin.campaigns.sources import campaign_lineage_q
from fupin.lib.money import yuan
from fupin.orgs.models import User
from fupin.orgs.policy import can

from . import ledger
from .models import Account, DonationDrive, Fund, LedgerTransaction, Transfer


@transaction.atomic
def request_transfer(
    *, by: User, from_drive: DonationDrive, to_drive: DonationDrive, amount_fen: int, reason: str
) -> Transfer:
    """Finance asks to move money between two drives it manages; nothing moves until another person approves."""
    if not can(by, "disbursement.request", from_drive.fund.unit.path):
        raise PermissionDenied(_("只有资金管理单位的财务人员可以申请调剂"))
    if to_drive.pk == from_drive.pk:
        raise ValidationError({"to_drive": [_("调出和调入须是两个不同的募捐活动")]})
    if not transfer_targets(from_drive).filter(pk=to_drive.pk).exists():
        raise ValidationError({"to_drive": [_("只能调剂到本次扶贫日活动(含下级细化方案)的其他募捐活动")]})
    if not reason.strip():
        raise ValidationError({"reason": [_("请写明调剂理由")]})
    if amount_fen <= 0:
        raise ValidationError({"amount_fen": [_("金额必须大于零")]})
    if amount_fen > ledger.balance_fen(from_drive):
        left = yuan(ledger.balance_fen(from_drive))
        raise ValidationError(
            {"amount_fen": [_("「%(d)s」专项资金余额不足:现有 %(b)s 元") % {"d": from_drive.title, "b": left}]}
        )
    moved = Transfer.objects.create(
        from_drive=from_drive, to_drive=to_drive, amount_fen=amount_fen, reason=reason.strip()[:300], requested_by=by
    )
    record_for(by, AuditAction.CREATE, moved, from_drive.fund.unit, {"amount_fen": [None, amount_fen]})
    return moved


@transaction.atomic
def approve_transfer(*, by: User, transfer: Transfer) -> Transfer:
    """The office approves a transfer another person asked for; the money moves in the same transaction, and only
    while the drive it leaves holds enough."""
    transfer = (
        Transfer.objects.select_for_update().select_related("from_drive__fund__unit", "to_drive").get(pk=transfer.pk)
    )
    fund = transfer.from_drive.fund
    if transfer.status != Transfer.Status.REQUESTED:
        raise ValidationError(_("这笔调剂已处理"))
    if transfer.requested_by_id == by.pk:
        raise ValidationError(_("申请人不能审批自己的调剂(须两人经手)"))
    if not can(by, "disbursement.approve", fund.unit.path):
        raise PermissionDenied(_("只有资金管理单位的办公室可以审批调剂"))
    amount, source, target = transfer.amount_fen, transfer.from_drive, transfer.to_drive
    for locked in sorted({fund.pk, target.fund_id}):  # both funds' books, always in the same order: no deadlock
        ledger.locked_fund(Fund(pk=locked))
    memo = _("调剂 %(a)s 元 从「%(f)s」到「%(t)s」:%(r)s") % {
        "a": yuan(amount),
        "f": source.title,
        "t": target.title,
        "r": transfer.reason,
    }
    out = [(source, Account.CASH, -amount), (source, Account.TRANSFERRED_OUT, amount)]
    into = [(target, Account.CASH, amount), (target, Account.TRANSFERRED_IN, -amount)]
    kind = LedgerTransaction.Kind.TRANSFER
    if target.fund_id == fund.pk:
        transfer.transaction = ledger.post(by=by, fund=fund, kind=kind, memo=memo, lines=out + into)
    else:  # each fund's books balance on their own: the money leaves one and enters the other, both or neither
        transfer.transaction = ledger.post(by=by, fund=fund, kind=kind, memo=memo, lines=out)
        transfer.transaction_in = ledger.post(by=by, fund=target.fund, kind=kind, memo=memo, lines=into)
    transfer.status, transfer.approved_by = Transfer.Status.DONE, by
    transfer.save()
    record_for(by, AuditAction.UPDATE, transfer, fund.unit, {"status": ["requested", "done"]})
    return transfer


def transfer_targets(drive: DonationDrive) -> QuerySet[DonationDrive]:
    """Where a drive's money may be moved: another drive of the same fund, or a drive of the same campaign (or a
    plan derived from it) whose money another finance office keeps."""
    lineage = campaign_lineage_q(drive.campaign, "campaign") | Q(fund_id=drive.fund_id)
    root = drive.campaign.parent
    if root is not None:  # a county's drive may also give to the city's drives and its sibling counties'
        lineage |= campaign_lineage_q(root, "campaign")
    return DonationDrive.objects.filter(lineage).exclude(pk=drive.pk).order_by("-starts_on", "id")
