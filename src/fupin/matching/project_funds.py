"""A project's money that passes through a managed fund goes through the donations ledger: a claiming unit's
money is received into a drive's restricted account (a donation of that unit, with its receipt), and leaves it
for the project's village only as a two-person disbursement with its 拨付证明. This module records both and
reconciles them with the ledger for `fupin ledger check`."""

from collections import defaultdict
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Q, QuerySet, Sum
from django.utils.translation import gettext as _

from fupin.audit.models import AuditAction
from fupin.audit.services import record_for
from fupin.campaigns.models import Campaign
from fupin.donations.models import Account, Channel, Disbursement, Donation, DonationDrive, DonorType, LedgerLine
from fupin.donations.services import receive_donation, request_disbursement
from fupin.lib.money import yuan
from fupin.orgs.models import User
from fupin.orgs.policy import can

from .models import Project, ProjectClaim, ProjectFunding

LIVE_IN = Q(donation__isnull=False, donation__transaction__reversed_by__isnull=True)
COMMITTED_OUT = Q(disbursement__isnull=False) & (
    Q(disbursement__status=Disbursement.Status.REQUESTED)
    | Q(disbursement__status=Disbursement.Status.PAID, disbursement__transaction__reversed_by__isnull=True)
)
CLAIM_LIVE_IN = Q(fundings__donation__isnull=False, fundings__donation__transaction__reversed_by__isnull=True)
PAID_OUT = Q(disbursement__status=Disbursement.Status.PAID, disbursement__transaction__reversed_by__isnull=True)


def _sum(qs: QuerySet[ProjectFunding]) -> int:
    return int(qs.aggregate(s=Sum("amount_fen"))["s"] or 0)


def _lineage(campaign: Campaign) -> set[int]:
    """The campaign and the campaigns above it (a county's plan derives from the city's)."""
    found: set[int] = set()
    current: Campaign | None = campaign
    while current is not None and current.pk not in found:
        found.add(current.pk)
        current = current.parent
    return found


def _refuse_other_campaign(project: Project, drive: DonationDrive) -> None:
    if not (_lineage(project.campaign) & _lineage(drive.campaign)):
        raise ValidationError({"drive": _("「%(d)s」不属于本项目所在的扶贫日活动") % {"d": drive.title}})


@transaction.atomic
def pay_claim_into_fund(
    *, by: User, claim: ProjectClaim, drive: DonationDrive, amount_fen: int, at: datetime | None = None
) -> ProjectFunding:
    """A claiming unit's money for a project is received into a drive's restricted account by the fund's
    finance officer, never more in all than the unit claimed."""
    if not can(by, "donation.record", drive.fund.unit.path):
        raise PermissionDenied(_("只有管理该专项资金的财务人员可以登记认领资金入账"))
    if amount_fen <= 0:
        raise ValidationError({"amount_fen": _("金额须大于 0")})
    locked = ProjectClaim.objects.select_for_update().select_related("unit", "project__campaign").get(pk=claim.pk)
    _refuse_other_campaign(locked.project, drive)
    if Channel.TRANSFER not in drive.channels:
        raise ValidationError({"drive": _("「%(d)s」不接受转账,认领资金不能缴入") % {"d": drive.title}})
    paid = _sum(locked.fundings.filter(LIVE_IN))
    if paid + amount_fen > locked.amount_fen:
        raise ValidationError(
            {
                "amount_fen": _("「%(u)s」认领 %(c)s 元,已缴入 %(p)s 元,本次最多 %(l)s 元")
                % {
                    "u": locked.unit.name,
                    "c": yuan(locked.amount_fen),
                    "p": yuan(paid),
                    "l": yuan(locked.amount_fen - paid),
                }
            }
        )
    donation = receive_donation(
        by=by,
        drive=drive,
        channel=Channel.TRANSFER,
        amount_fen=amount_fen,
        donor_type=DonorType.UNIT,
        donor_name=locked.unit.name,
        at=at,
    )
    funding = ProjectFunding.objects.create(
        project=locked.project, claim=locked, drive=drive, donation=donation, amount_fen=amount_fen, recorded_by=by
    )
    changes = {"amount_fen": [None, amount_fen], "drive": [None, drive.title], "claim": [None, locked.receipt_number]}
    record_for(by, AuditAction.CREATE, funding, locked.unit, changes)
    return funding


@transaction.atomic
def request_project_payout(
    *, by: User, project: Project, drive: DonationDrive, amount_fen: int, use: str = ""
) -> ProjectFunding:
    """Money for a project leaves a drive's restricted account only as a disbursement to the project's village
    (paid once another person approves it with the 拨付证明), and never more than the project's claims paid
    into that drive."""
    if amount_fen <= 0:
        raise ValidationError({"amount_fen": _("金额须大于 0")})
    locked = Project.objects.select_for_update().select_related("village", "campaign").get(pk=project.pk)
    _refuse_other_campaign(locked, drive)
    paid_in = _sum(locked.fundings.filter(LIVE_IN, drive=drive))
    out = _sum(locked.fundings.filter(COMMITTED_OUT, drive=drive))
    if amount_fen > paid_in - out:
        raise ValidationError(
            {
                "amount_fen": _("本项目经「%(d)s」缴入 %(i)s 元,已拨付或待审批 %(o)s 元,本次最多可拨付 %(l)s 元")
                % {"d": drive.title, "i": yuan(paid_in), "o": yuan(out), "l": yuan(paid_in - out)}
            }
        )
    purpose = _("认领项目「%(t)s」") % {"t": locked.title}
    disbursement = request_disbursement(
        by=by, drive=drive, recipient=locked.village.name, purpose=purpose, amount_fen=amount_fen, use=use
    )
    funding = ProjectFunding.objects.create(
        project=locked, drive=drive, disbursement=disbursement, amount_fen=amount_fen, recorded_by=by
    )
    record_for(by, AuditAction.CREATE, funding, locked.village, {"amount_fen": [None, amount_fen]})
    return funding


def project_money(project: Project) -> dict[str, int]:
    """What the project's claims paid into managed funds and what was paid out to the project (reversed
    entries left out), as its public page shows them."""
    fundings = project.fundings.all()
    return {"paid_in_fen": _sum(fundings.filter(LIVE_IN)), "paid_out_fen": _sum(fundings.filter(PAID_OUT))}


def _record(funding: ProjectFunding) -> Donation | Disbursement:
    record = funding.donation or funding.disbursement
    assert record is not None  # the database holds one or the other (project_funding_in_or_out)
    return record


def _cash_lines(fundings: list[ProjectFunding]) -> dict[tuple[int, int], int]:
    """The cash line of each ledger transaction of the fundings, per drive, in one query."""
    entries = [_record(f).transaction_id for f in fundings]
    rows = (
        LedgerLine.objects.filter(transaction_id__in=[e for e in entries if e], account=Account.CASH)
        .values("transaction_id", "drive_id")
        .annotate(s=Sum("amount_fen"))
        .order_by()
    )
    return {(r["transaction_id"], r["drive_id"]): r["s"] for r in rows}


def _funding_problem(funding: ProjectFunding, cash: dict[tuple[int, int], int]) -> str:
    record = _record(funding)
    if record.drive_id != funding.drive_id or record.amount_fen != funding.amount_fen:
        return _("与所记的捐赠或拨付不符")
    signed = funding.amount_fen if isinstance(record, Donation) else -funding.amount_fen
    paid = isinstance(record, Donation) or record.status == Disbursement.Status.PAID
    if paid and cash.get((record.transaction_id or 0, funding.drive_id)) != signed:
        return _("与资金账的凭证不符")
    return ""


def funding_problems() -> list[str]:
    """Every project's money against the ledger: each payment equal to its ledger entry, no claim paid in
    beyond its amount, no project paid out more through a drive than its claims paid into it."""
    fundings = list(
        ProjectFunding.objects.select_related("project", "donation", "disbursement").order_by("project_id", "pk")
    )
    cash = _cash_lines(fundings)
    found = []
    for funding in fundings:
        if problem := _funding_problem(funding, cash):
            found.append(
                _("项目「%(p)s」的资金往来#%(n)d %(w)s") % {"p": funding.project.title, "n": funding.pk, "w": problem}
            )
    over_claim = ProjectClaim.objects.annotate(paid=Sum("fundings__amount_fen", filter=CLAIM_LIVE_IN)).filter(
        paid__gt=F("amount_fen")
    )
    found += [_("项目认领 %(r)s 缴入的资金超过认领金额") % {"r": c.receipt_number} for c in over_claim]
    balance: dict[tuple[str, str], int] = defaultdict(int)
    for funding in ProjectFunding.objects.filter(LIVE_IN | PAID_OUT).select_related("project", "drive"):
        balance[(funding.project.title, funding.drive.title)] += (
            funding.amount_fen if funding.donation_id else -funding.amount_fen
        )
    found += [
        _("项目「%(p)s」经「%(d)s」拨付的多于认领单位缴入的") % {"p": p, "d": d}
        for (p, d), left in balance.items()
        if left < 0
    ]
    return found
