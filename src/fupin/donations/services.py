"""Donation drives, donations and disbursements: the notices' rules on money, each write audited."""

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fupin.audit.models import AuditAction
from fupin.audit.services import record_for
from fupin.campaigns.models import Campaign, ItemKind
from fupin.lib.money import yuan
from fupin.lib.uploads import CheckedFile
from fupin.orgs.models import SchoolStage, Unit, UnitKind
from fupin.orgs.policy import can

from . import ledger
from .models import Account, Channel, Disbursement, Donation, DonationDrive, Fund, LedgerTransaction

SCHOOLS_WITHOUT_DRIVES = (SchoolStage.PRIMARY, SchoolStage.SECONDARY)


@transaction.atomic
def create_fund(*, by, unit: Unit, name: str) -> Fund:
    fund = Fund.objects.create(unit=unit, name=name.strip()[:100])
    record_for(by, AuditAction.CREATE, fund, unit, {"name": [None, fund.name]})
    return fund


@transaction.atomic
def open_drive(
    *,
    by,
    campaign: Campaign,
    organiser: Unit,
    fund: Fund,
    title: str,
    starts_on: date,
    ends_on: date,
    channels: list[str],
    designated_uses: str = "",
    item=None,
) -> DonationDrive:
    """Open a voluntary drive. 「中小学校原则上不组织捐赠活动」: primary and secondary schools may not."""
    if organiser.kind == UnitKind.SCHOOL and organiser.stage in SCHOOLS_WITHOUT_DRIVES:
        raise ValidationError(_("中小学校原则上不组织捐赠活动,以开展扶贫教育为主(通知要求)"))
    if not can(by, "drive.manage", organiser.path):
        raise PermissionDenied(_("只能为本单位及下级单位开设募捐"))
    if item is not None and (item.campaign_id != campaign.pk or item.kind != ItemKind.DONATION_DRIVE):
        raise ValidationError({"item": [_("请选择本活动中「扶贫募捐」类的活动内容")]})
    unknown = set(channels) - set(Channel.values)
    if not channels or unknown:
        raise ValidationError({"channels": [_("请选择募捐方式")]})
    drive = DonationDrive(
        campaign=campaign,
        item=item,
        organiser=organiser,
        fund=fund,
        title=title.strip(),
        starts_on=starts_on,
        ends_on=ends_on,
        channels=channels,
        designated_uses=designated_uses,
        created_by=by,
    )
    try:
        drive.full_clean(exclude=["created_by"])
    except ValidationError as exc:
        raise ValidationError(exc.message_dict) from None
    drive.save()
    record_for(by, AuditAction.CREATE, drive, organiser, {"title": [None, drive.title]})
    return drive


@transaction.atomic
def receive_donation(
    *,
    by,
    drive: DonationDrive,
    channel: str,
    amount_fen: int,
    donor_type: str,
    donor_name: str = "",
    is_anonymous: bool = False,
    unit: Unit | None = None,
    goods_description: str = "",
    idempotency_key: str | None = None,
    at: datetime | None = None,
) -> Donation:
    """Record money received into the drive's fund (a balanced ledger entry); a retry with the same
    idempotency key records nothing new and returns the first donation."""
    if idempotency_key and (earlier := Donation.objects.filter(idempotency_key=idempotency_key).first()):
        return earlier
    if channel not in drive.channels:
        raise ValidationError({"channel": [_("本募捐活动不接受这种方式")]})
    if amount_fen <= 0 and channel != Channel.GOODS:
        raise ValidationError({"amount_fen": [_("金额必须大于零")]})
    fund = ledger.locked_fund(drive.fund)
    donor = _("匿名") if is_anonymous else donor_name.strip()
    entry = None
    if amount_fen > 0:
        memo = _("%(c)s %(d)s %(a)s 元") % {"c": Channel(channel).label, "d": donor, "a": yuan(amount_fen)}
        entry = ledger.post(
            by=by,
            fund=fund,
            kind=LedgerTransaction.Kind.DONATION,
            memo=memo,
            lines={Account.CASH: amount_fen, Account.DONATIONS: -amount_fen},
        )
    donation = Donation(
        drive=drive,
        channel=channel,
        donor_type=donor_type,
        donor_name=donor_name.strip()[:100],
        is_anonymous=is_anonymous,
        unit=unit,
        amount_fen=amount_fen,
        goods_description=goods_description,
        transaction=entry,
        idempotency_key=idempotency_key,
        recorded_by=by,
        received_at=at or timezone.now(),
    )
    try:
        with transaction.atomic():
            donation.save()
    except IntegrityError:  # the same key, recorded by a concurrent retry: keep theirs
        transaction.set_rollback(True)
        return Donation.objects.get(idempotency_key=idempotency_key)
    record_for(by, AuditAction.CREATE, donation, drive.organiser, {"amount_fen": [None, amount_fen]})
    return donation


@transaction.atomic
def request_disbursement(*, by, fund: Fund, recipient: str, purpose: str, amount_fen: int) -> Disbursement:
    """Finance asks to pay out of the fund; it is paid only after another person approves it."""
    if amount_fen <= 0:
        raise ValidationError({"amount_fen": [_("金额必须大于零")]})
    if not recipient.strip() or not purpose.strip():
        raise ValidationError({"purpose": [_("请写明拨付对象和用途")]})
    if amount_fen > ledger.balance_fen(fund):
        raise ValidationError({"amount_fen": [_("资金余额不足:现有 %(b)s 元") % {"b": yuan(ledger.balance_fen(fund))}]})
    disbursement = Disbursement.objects.create(
        fund=fund, recipient=recipient.strip(), purpose=purpose.strip(), amount_fen=amount_fen, requested_by=by
    )
    record_for(by, AuditAction.CREATE, disbursement, fund.unit, {"amount_fen": [None, amount_fen]})
    return disbursement


@transaction.atomic
def approve_and_pay(*, by, disbursement: Disbursement, proof: CheckedFile) -> Disbursement:
    """Two people: the office approves what finance asked, with the 拨付证明 attached; the money leaves the
    fund in the same transaction, and only while the fund holds enough."""
    disbursement = Disbursement.objects.select_for_update().get(pk=disbursement.pk)
    if disbursement.status != Disbursement.Status.REQUESTED:
        raise ValidationError(_("这笔拨付已处理"))
    if disbursement.requested_by_id == by.pk:
        raise ValidationError(_("申请人不能审批自己的拨付(须两人经手)"))
    fund = ledger.locked_fund(disbursement.fund)
    memo = _("拨付 %(r)s:%(p)s") % {"r": disbursement.recipient, "p": disbursement.purpose}
    amount = disbursement.amount_fen
    entry = ledger.post(
        by=by,
        fund=fund,
        kind=LedgerTransaction.Kind.DISBURSEMENT,
        memo=memo,
        lines={Account.CASH: -amount, Account.DISBURSED: amount},
    )
    disbursement.proof.save(f"{proof.sha256[:32]}.{proof.extension}", ContentFile(proof.data), save=False)
    disbursement.proof_name = proof.name
    disbursement.status, disbursement.approved_by, disbursement.transaction = Disbursement.Status.PAID, by, entry
    disbursement.save()
    record_for(by, AuditAction.UPDATE, disbursement, fund.unit, {"status": ["requested", "paid"]})
    return disbursement


@dataclass
class QuotaFlag:
    """疑似摊派: at least `MIN_GIVERS` staff of a unit gave to a 一日捐 and most gave exactly the same amount."""

    unit: Unit
    givers: int
    amount_fen: int
    same: int


MIN_GIVERS = 10


def suspected_quotas(drive: DonationDrive) -> list[QuotaFlag]:
    per_unit: dict[int, Counter] = {}
    rows = drive.donations.filter(channel=Channel.ONE_DAY_PAY, unit__isnull=False)
    for unit_id, amount in rows.values_list("unit_id", "amount_fen"):
        per_unit.setdefault(unit_id, Counter())[amount] += 1
    units = Unit.objects.in_bulk(per_unit)
    flags = []
    for unit_id, amounts in per_unit.items():
        givers = sum(amounts.values())
        amount, same = amounts.most_common(1)[0]
        if givers >= MIN_GIVERS and same * 2 > givers:
            flags.append(QuotaFlag(units[unit_id], givers, amount, same))
    return flags
