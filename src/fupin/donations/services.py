"""Donation drives, donations and disbursements: the notices' rules on money, each write audited."""

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fupin.audit.models import AuditAction
from fupin.audit.services import record_for
from fupin.campaigns.models import ActivityItem, Campaign, ItemKind
from fupin.lib.money import yuan
from fupin.lib.text import clean_text
from fupin.lib.uploads import CheckedFile
from fupin.orgs.models import SchoolStage, Unit, UnitKind, User
from fupin.orgs.policy import can

from . import ledger
from .models import (
    Account,
    Channel,
    Disbursement,
    Donation,
    DonationBox,
    DonationDrive,
    Fund,
    GoodsHandout,
    LedgerTransaction,
    QuotaClearance,
    QuotaOutcome,
)
from .proofs import refuse_blank, refuse_unredacted
from .receipts import issue_receipt
from .tally import count_gift

SCHOOLS_WITHOUT_DRIVES = (SchoolStage.PRIMARY, SchoolStage.SECONDARY)


@transaction.atomic
def create_fund(*, by: User, unit: Unit, name: str) -> Fund:
    fund = Fund.objects.create(unit=unit, name=name.strip()[:100])
    record_for(by, AuditAction.CREATE, fund, unit, {"name": [None, fund.name]})
    return fund


def _is_school_without_drives(unit: Unit) -> bool:
    return unit.kind == UnitKind.SCHOOL and unit.stage in SCHOOLS_WITHOUT_DRIVES


def _check_units_and_dates(organiser: Unit, fund: Fund, starts_on: date, ends_on: date) -> None:
    if _is_school_without_drives(organiser):
        raise ValidationError(_("中小学校原则上不组织捐赠活动,以开展扶贫教育为主(通知要求)"))
    if _is_school_without_drives(fund.unit):
        raise ValidationError({"managing_unit": [_("中小学校不能作为募捐资金的管理单位(通知要求)")]})
    if ends_on < starts_on:
        raise ValidationError({"ends_on": [_("募捐结束日期不能早于开始日期")]})


@transaction.atomic
def open_drive(
    *,
    by: User,
    campaign: Campaign,
    organiser: Unit,
    fund: Fund,
    title: str,
    starts_on: date,
    ends_on: date,
    channels: list[str],
    designated_uses: str = "",
    item: ActivityItem | None = None,
    payee_name: str = "",
    payee_bank: str = "",
    payee_account: str = "",
) -> DonationDrive:
    """Open a voluntary drive. 「中小学校原则上不组织捐赠活动」: a primary or secondary school may neither organise
    a drive nor manage its money."""
    _check_units_and_dates(organiser, fund, starts_on, ends_on)
    if not can(by, "drive.manage", organiser.path):
        raise PermissionDenied(_("只能为本单位及下级单位开设募捐"))
    if item is not None and (item.campaign_id != campaign.pk or item.kind != ItemKind.DONATION_DRIVE):
        raise ValidationError({"item": [_("请选择本活动中「扶贫募捐」类的活动内容")]})
    unknown = set(channels) - set(Channel.values)
    if not channels or unknown:
        raise ValidationError({"channels": [_("请选择募捐方式")]})
    where = where_to_pay(payee_name, payee_bank, payee_account)
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
        **where,
    )
    try:
        drive.full_clean(exclude=["created_by"])
    except ValidationError as exc:
        raise ValidationError(exc.message_dict) from None
    drive.save()
    record_for(by, AuditAction.CREATE, drive, organiser, {"title": [None, drive.title]})
    return drive


def _post_gift(by: User, fund: Fund, donation: Donation, donor: str) -> LedgerTransaction:
    """The gift's balanced entry in its drive's restricted account: cash in, donations received."""
    drive, amount = donation.drive, donation.amount_fen
    memo = _("%(c)s %(d)s %(a)s 元") % {"c": Channel(donation.channel).label, "d": donor, "a": yuan(amount)}
    return ledger.post(
        by=by,
        fund=fund,
        kind=LedgerTransaction.Kind.DONATION,
        memo=memo,
        lines=[(drive, Account.CASH, amount), (drive, Account.DONATIONS, -amount)],
    )


def refuse_late_gift(drive: DonationDrive, received_at: datetime, late_reason: str) -> None:
    """A gift into a drive that has ended is refused unless finance records why (e.g. paid in time, credited late)."""
    if timezone.localdate(received_at) > drive.ends_on and not late_reason:
        ended = drive.ends_on.strftime("%Y-%m-%d")
        message = _("本募捐活动已于 %(d)s 结束,不再接收捐赠;确需登记的,请财务在「逾期登记原因」中写明原因") % {
            "d": ended
        }
        raise ValidationError({"late_reason": [message]})


def where_to_pay(name: str, bank: str, account: str) -> dict[str, str]:
    """户名, 开户行 and 账号 are given together or not at all; the account is digits (spaces dropped)."""
    name, bank, account = name.strip(), bank.strip(), "".join(account.split())
    if not (name or bank or account):
        return {}
    if not (name and bank and account):
        raise ValidationError({"payee_account": [_("收款户名、开户行和账号须一并填写")]})
    if not account.isascii() or not account.isdigit() or not 8 <= len(account) <= 30:
        raise ValidationError({"payee_account": [_("账号应为 8 到 30 位数字")]})
    return {"payee_name": name[:100], "payee_bank": bank[:100], "payee_account": account}


@transaction.atomic
def receive_donation(
    *,
    by: User,
    drive: DonationDrive,
    channel: str,
    amount_fen: int,
    donor_type: str,
    donor_name: str = "",
    is_anonymous: bool = False,
    unit: Unit | None = None,
    goods_description: str = "",
    goods_quantity: int = 0,
    goods_unit: str = "",
    goods_value_fen: int = 0,
    idempotency_key: str | None = None,
    at: datetime | None = None,
    late_reason: str = "",
) -> Donation:
    """Record money received into the drive's restricted account (a balanced ledger entry); a retry with the
    same idempotency key records nothing new and returns the first donation, also when the two arrive at once."""
    if channel not in drive.channels:
        raise ValidationError({"channel": [_("本募捐活动不接受这种方式")]})
    if amount_fen <= 0 and channel != Channel.GOODS:
        raise ValidationError({"amount_fen": [_("金额必须大于零")]})
    received_at, late_reason = at or timezone.now(), clean_text(late_reason)[:200]
    refuse_late_gift(drive, received_at, late_reason)
    fund = ledger.locked_fund(drive.fund)  # a concurrent twin waits here, then finds the first below
    if idempotency_key and (earlier := Donation.objects.filter(idempotency_key=idempotency_key).first()):
        return earlier
    donor = _("匿名") if is_anonymous else donor_name.strip()
    donation = Donation(
        drive=drive,
        channel=channel,
        donor_type=donor_type,
        donor_name=donor_name.strip()[:100],
        is_anonymous=is_anonymous,
        unit=unit,
        amount_fen=amount_fen,
        goods_description=goods_description,
        goods_quantity=goods_quantity,
        goods_unit=goods_unit,
        goods_value_fen=goods_value_fen,
        idempotency_key=idempotency_key,
        recorded_by=by,
        received_at=received_at,
        late_reason=late_reason,
    )
    try:
        with transaction.atomic():  # a savepoint: a twin that slipped past the lock undoes only this
            if amount_fen > 0:
                donation.transaction = _post_gift(by, fund, donation, donor)
            donation.save()
    except IntegrityError:
        if idempotency_key and (earlier := Donation.objects.filter(idempotency_key=idempotency_key).first()):
            return earlier
        raise
    changes = {"amount_fen": [None, amount_fen]} | ({"late_reason": [None, late_reason]} if late_reason else {})
    record_for(by, AuditAction.CREATE, donation, drive.organiser, changes)
    count_gift(donation)  # the disclosure's tally, kept under the fund's lock like the ledger
    issue_receipt(by=by, donation=donation)  # every received gift, however recorded, gets its receipt
    return donation


def designated_uses(drive: DonationDrive) -> list[str]:
    """The drive's designated uses (定向用途), one per line or separated by 、;,: what its money may pay for."""
    text = drive.designated_uses
    for sep in "、;;,,":
        text = text.replace(sep, "\n")
    return [use.strip() for use in text.splitlines() if use.strip()]


@transaction.atomic
def request_disbursement(
    *, by: User, drive: DonationDrive, recipient: str, purpose: str, amount_fen: int, use: str = ""
) -> Disbursement:
    """Finance asks to pay out of one drive's restricted account, for one of its designated uses (专款专用);
    it is paid only after another person approves it."""
    if not can(by, "disbursement.request", drive.fund.unit.path):
        raise PermissionDenied(_("只有资金管理单位的财务人员可以申请拨付"))
    if amount_fen <= 0:
        raise ValidationError({"amount_fen": [_("金额必须大于零")]})
    if not recipient.strip() or not purpose.strip():
        raise ValidationError({"purpose": [_("请写明拨付对象和用途")]})
    uses = designated_uses(drive)
    if uses and use not in uses:
        raise ValidationError({"use": [_("「%(d)s」的捐款只能用于:%(u)s") % {"d": drive.title, "u": "、".join(uses)}]})
    if amount_fen > ledger.balance_fen(drive):
        raise ValidationError(
            {
                "amount_fen": [
                    _("「%(d)s」专项资金余额不足:现有 %(b)s 元")
                    % {"d": drive.title, "b": yuan(ledger.balance_fen(drive))}
                ]
            }
        )
    disbursement = Disbursement.objects.create(
        fund=drive.fund,
        drive=drive,
        use=use if uses else "",
        recipient=recipient.strip(),
        purpose=purpose.strip(),
        amount_fen=amount_fen,
        requested_by=by,
    )
    record_for(by, AuditAction.CREATE, disbursement, drive.fund.unit, {"amount_fen": [None, amount_fen]})
    return disbursement


@transaction.atomic
def approve_and_pay(*, by: User, disbursement: Disbursement, proof: CheckedFile, is_redacted: bool) -> Disbursement:
    """Two people: the office approves what finance asked, with the 拨付证明 attached, confirming that its personal
    data is blacked out; the money leaves the drive's restricted account in the same transaction, and only while it
    holds enough. The proof stays off the disclosure until another person approves its publication."""
    disbursement = (
        Disbursement.objects.select_for_update().select_related("drive", "fund__unit").get(pk=disbursement.pk)
    )
    if disbursement.status != Disbursement.Status.REQUESTED:
        raise ValidationError(_("这笔拨付已处理"))
    if disbursement.requested_by_id == by.pk:
        raise ValidationError(_("申请人不能审批自己的拨付(须两人经手)"))
    if not can(by, "disbursement.approve", disbursement.fund.unit.path):
        raise PermissionDenied(_("只有资金管理单位的办公室可以审批拨付"))
    refuse_blank(proof, field="proof")
    refuse_unredacted(is_redacted)
    fund = ledger.locked_fund(disbursement.fund)
    memo = _("拨付 %(r)s:%(p)s") % {"r": disbursement.recipient, "p": disbursement.purpose}
    amount, drive = disbursement.amount_fen, disbursement.drive
    entry = ledger.post(
        by=by,
        fund=fund,
        kind=LedgerTransaction.Kind.DISBURSEMENT,
        memo=memo,
        lines=[(drive, Account.CASH, -amount), (drive, Account.DISBURSED, amount)],
    )
    disbursement.proof.save(f"{proof.sha256[:32]}.{proof.extension}", ContentFile(proof.data), save=False)
    disbursement.proof_name, disbursement.proof_is_redacted = proof.name, True
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
    per_unit: dict[int, Counter[int]] = {}
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


# ---- the staff pages' writes: drives under an item, recorded gifts, boxes, quota reviews ----


@transaction.atomic
def start_drive(
    *,
    by: User,
    item: ActivityItem,
    organiser: Unit,
    managing_unit: Unit,
    title: str,
    starts_on: date,
    ends_on: date,
    channels: list[str],
    designated_uses: str = "",
    **where: str,
) -> DonationDrive:
    """Open a drive under a campaign's donation item; the money goes to the managing unit's fund (交由…统筹管理)."""
    if not can(by, "drive.manage", managing_unit.path):
        raise ValidationError({"managing_unit": [_("资金管理单位须是本单位或下级单位")]})
    if _is_school_without_drives(managing_unit):
        raise ValidationError({"managing_unit": [_("中小学校不能作为募捐资金的管理单位(通知要求)")]})
    fund = Fund.objects.filter(unit=managing_unit).order_by("id").first()
    drive = open_drive(
        by=by,
        campaign=item.campaign,
        item=item,
        organiser=organiser,
        fund=fund or create_fund(by=by, unit=managing_unit, name=_("%(u)s扶贫日募捐资金") % {"u": managing_unit.name}),
        title=title,
        starts_on=starts_on,
        ends_on=ends_on,
        channels=channels,
        designated_uses=designated_uses,
        **where,
    )
    return drive


def record_donation(*, by: User, drive: DonationDrive, unit: Unit | None = None, **gift: Any) -> Donation:
    """A gift recorded by finance; the giver's unit, when named, lies within the drive's organising unit."""
    if unit is not None and not unit.path.startswith(drive.organiser.path):
        raise ValidationError({"unit": [_("所在单位须是「%(o)s」或其下级单位") % {"o": drive.organiser.name}]})
    if gift.get("channel") == Channel.BOX:
        raise ValidationError({"channel": [_("募捐箱的款项请在开箱清点中登记")]})
    if gift.get("channel") == Channel.GOODS and gift.get("amount_fen"):
        raise ValidationError({"channel": [_("物资按数量和估值登记,不计入资金")]})
    return receive_donation(by=by, drive=drive, unit=unit, **gift)


@transaction.atomic
def register_box(*, by: User, drive: DonationDrive, place: str, seal_number: str, kind: str) -> DonationBox:
    """A 募捐箱 is registered with its place and seal number before it collects anything."""
    if Channel.BOX not in drive.channels:
        raise ValidationError(_("本募捐活动没有选择「募捐箱」方式"))
    box = DonationBox(drive=drive, place=place.strip(), seal_number=seal_number.strip(), kind=kind, registered_by=by)
    if DonationBox.objects.filter(drive=drive, seal_number=box.seal_number).exists():
        raise ValidationError({"seal_number": [_("封条编号 %(s)s 已登记") % {"s": box.seal_number}]})
    try:
        box.full_clean(exclude=["registered_by"])
    except ValidationError as exc:
        raise ValidationError(exc.message_dict) from None
    box.save()
    record_for(by, AuditAction.CREATE, box, drive.organiser, {"seal_number": [None, box.seal_number]})
    return box


def _review_flag(by: User, drive: DonationDrive, unit: Unit, reason: str, outcome: str) -> QuotaClearance:
    if not reason.strip():
        raise ValidationError({"reason": [_("请写明核查情况和理由")]})
    flag = next((f for f in suspected_quotas(drive) if f.unit.pk == unit.pk), None)
    if flag is None:
        raise ValidationError(_("该单位没有疑似摊派提示"))
    done = QuotaClearance.objects.filter(drive=drive, unit=unit).first()
    if done is not None:
        raise ValidationError(_("该单位的提示已核查:%(o)s") % {"o": done.get_outcome_display()})
    review = QuotaClearance.objects.create(
        drive=drive,
        unit=unit,
        givers=flag.givers,
        amount_fen=flag.amount_fen,
        same=flag.same,
        reason=reason.strip(),
        outcome=outcome,
        cleared_by=by,
    )
    record_for(by, AuditAction.CREATE, review, unit, {"outcome": [None, outcome], "reason": [None, review.reason]})
    return review


@transaction.atomic
def clear_quota_flag(*, by: User, drive: DonationDrive, unit: Unit, reason: str) -> QuotaClearance:
    """A 疑似摊派 flag is cleared by the office only with a written reason, once per unit and drive."""
    return _review_flag(by, drive, unit, reason, QuotaOutcome.CLEARED)


@transaction.atomic
def confirm_quota_flag(*, by: User, drive: DonationDrive, unit: Unit, reason: str) -> QuotaClearance:
    """The office confirms a 疑似摊派 flag as 摊派 only with a written reason (what it found), once per unit
    and drive; the finding stands instead of a clearance."""
    return _review_flag(by, drive, unit, reason, QuotaOutcome.CONFIRMED)


def record_goods(
    *, by: User, drive: DonationDrive, goods_description: str, goods_quantity: int, goods_value_fen: int, **gift: Any
) -> Donation:
    """物资 are recorded with description, quantity and estimated value; the value is never cash in the fund."""
    if not goods_description.strip():
        raise ValidationError({"goods_description": [_("请写明捐赠的物资")]})
    if goods_quantity <= 0:
        raise ValidationError({"goods_quantity": [_("数量必须大于零")]})
    return record_donation(
        by=by,
        drive=drive,
        channel=Channel.GOODS,
        amount_fen=0,
        goods_description=goods_description.strip()[:200],
        goods_quantity=goods_quantity,
        goods_value_fen=goods_value_fen,
        **gift,
    )


@transaction.atomic
def hand_out_goods(
    *,
    by: User,
    donation: Donation,
    recipient: str,
    purpose: str,
    quantity: int,
    handed_out_at: datetime,
    proof: CheckedFile,
) -> GoodsHandout:
    """Goods leave like money: to a named recipient for a purpose, with a signed proof, never more than is left."""
    donation = Donation.objects.select_for_update().get(pk=donation.pk)
    if donation.channel != Channel.GOODS:
        raise ValidationError(_("只有物资捐赠可以登记发放"))
    if not recipient.strip() or not purpose.strip():
        raise ValidationError({"purpose": [_("请写明发放对象和用途")]})
    left = goods_left(donation)
    if quantity <= 0 or quantity > left:
        raise ValidationError({"quantity": [_("发放数量须在 1 到剩余的 %(n)d 之间") % {"n": left}]})
    if handed_out_at > timezone.now():
        raise ValidationError({"handed_out_at": [_("发放时间不能晚于现在")]})
    handout = GoodsHandout(
        donation=donation,
        recipient=recipient.strip(),
        purpose=purpose.strip(),
        quantity=quantity,
        handed_out_at=handed_out_at,
        proof_name=proof.name,
        recorded_by=by,
    )
    handout.proof.save(f"{proof.sha256[:32]}.{proof.extension}", ContentFile(proof.data), save=False)
    handout.save()
    record_for(by, AuditAction.CREATE, handout, donation.drive.organiser, {"quantity": [None, quantity]})
    return handout


def goods_left(donation: Donation) -> int:
    handed = donation.handouts.aggregate(n=models.Sum("quantity"))["n"] or 0
    return donation.goods_quantity - handed
