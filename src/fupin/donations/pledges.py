"""The public's writes and the finance officer's answer to them: a pledge, its confirmation with a receipt
numbered without gaps, and a concern reported to the office. Each write audited, each in one transaction."""

import secrets
from datetime import date, datetime, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fupin.audit.context import client_ip
from fupin.audit.models import AuditAction
from fupin.audit.selectors import writes_from_address
from fupin.audit.services import record_for
from fupin.lib.insert import insert_one
from fupin.lib.text import clean_text
from fupin.orgs.models import User
from fupin.orgs.policy import can

from .models import Channel, Concern, DonationDrive, DonorType, Pledge, Receipt
from .pledge_changes import refuse_if_duplicate
from .receipts import issue_receipt
from .services import receive_donation

# What a member of the public can pledge to pay by; the staff-run channels (一日捐, 一元捐, boxes) are not.
PUBLIC_CHANNELS = (Channel.TRANSFER, Channel.ONSITE, Channel.GOODS)
MAX_CONCERN_CHARS = 2000
MAX_CONCERNS_AN_HOUR = 5  # from one address: enough for a person, too few for a script flooding an office


def public_channels(drive: DonationDrive) -> list[str]:
    return [c for c in PUBLIC_CHANNELS if c in drive.channels]


def _late_pledge_reason(pledge: Pledge, at: datetime | None) -> str:
    """A pledge is made only while its drive is open; money arriving after the end is that promise kept, and the
    pledge itself is the recorded reason."""
    if timezone.localdate(at or timezone.now()) <= pledge.drive.ends_on:
        return ""
    made = timezone.localtime(pledge.created_at).strftime("%Y-%m-%d")
    return _("认捐 %(n)s 于活动期间(%(d)s)提交,活动结束后到账") % {"n": pledge.number, "d": made}


def is_open(drive: DonationDrive, today: date | None = None) -> bool:
    today = today or timezone.localdate()
    return drive.starts_on <= today <= drive.ends_on


def _checked(drive: DonationDrive, fields: dict[str, Any]) -> dict[str, Any]:
    """The pledge's fields, cleaned, or the first reason they cannot be accepted."""
    fields = fields | {
        "donor_name": "" if fields["is_anonymous"] else clean_text(fields["donor_name"])[:100],
        "goods_description": clean_text(fields["goods_description"])[:200],
        "goods_unit": clean_text(fields["goods_unit"])[:10],
        "phone": clean_text(fields["phone"])[:20],
    }
    channel = fields["channel"]
    if not is_open(drive):
        raise ValidationError(_("本募捐活动不在募捐期内(%(s)s 至 %(e)s)") % {"s": drive.starts_on, "e": drive.ends_on})
    if channel not in public_channels(drive):
        raise ValidationError({"channel": [_("本募捐活动不接受这种捐赠方式")]})
    if fields["donor_type"] not in DonorType.values:
        raise ValidationError({"donor_type": [_("请选择捐赠方类型")]})
    if not fields["is_anonymous"] and not fields["donor_name"]:
        raise ValidationError({"donor_name": [_("请填写姓名或名称,或选择匿名捐赠")]})
    if channel == Channel.GOODS and not fields["goods_description"]:
        raise ValidationError({"goods_description": [_("请写明捐赠的物资及数量")]})
    if channel == Channel.GOODS and fields["goods_quantity"] <= 0:
        raise ValidationError({"goods_quantity": [_("请填写物资数量(大于零的整数)")]})
    if channel != Channel.GOODS:
        fields |= {"goods_quantity": 0, "goods_unit": "", "goods_value_fen": 0}
    if channel != Channel.GOODS and fields["amount_fen"] <= 0:
        raise ValidationError({"amount": [_("金额必须大于零")]})
    return fields


def submit_pledge(
    *,
    drive: DonationDrive,
    idempotency_key: str,
    channel: str,
    donor_type: str,
    donor_name: str = "",
    is_anonymous: bool = False,
    phone: str = "",
    amount_fen: int = 0,
    goods_description: str = "",
    goods_quantity: int = 0,
    goods_unit: str = "",
    goods_value_fen: int = 0,
    is_not_duplicate: bool = False,
) -> Pledge:
    """Record what someone will give; the same idempotency key (a retry, a double click) records once and
    returns the first pledge; one that looks like a pledge just made needs the giver's word that it is another."""
    key = clean_text(idempotency_key)[:64]
    if not key:
        raise ValidationError(_("页面已过期,请刷新后重新提交"))
    given = {
        "channel": channel,
        "donor_type": donor_type,
        "donor_name": donor_name,
        "is_anonymous": is_anonymous,
        "phone": phone,
        "amount_fen": amount_fen,
        "goods_description": goods_description,
        "goods_quantity": goods_quantity,
        "goods_unit": goods_unit,
        "goods_value_fen": goods_value_fen,
    }
    try:
        return _record_pledge(drive, key, given, is_not_duplicate=is_not_duplicate)
    except (IntegrityError, ValidationError):
        # A retry of a pledge already recorded (the unique key refused the second row, even one saved by a
        # concurrent retry, or the drive has closed since): the first pledge. The first try costs no lookup.
        if earlier := Pledge.objects.filter(idempotency_key=key).first():
            return earlier
        raise


@transaction.atomic
def _record_pledge(drive: DonationDrive, key: str, given: dict[str, Any], *, is_not_duplicate: bool) -> Pledge:
    """The pledge and its audit row, both or neither; the insert fails on a key already used."""
    fields = _checked(drive, given)
    refuse_if_duplicate(drive=drive, fields=fields, is_not_duplicate=is_not_duplicate)
    pledge = insert_one(Pledge(drive=drive, token=secrets.token_urlsafe(24), idempotency_key=key, **fields))
    changes = {"amount_fen": [None, given["amount_fen"]]}
    record_for(None, AuditAction.CREATE, pledge, drive.fund.unit, changes, note=_("公众认捐"))
    return pledge


@transaction.atomic
def confirm_pledge(*, by: User, pledge: Pledge, amount_fen: int | None = None, at: datetime | None = None) -> Receipt:
    """Finance of the managing unit confirms the gift arrived (the amount actually received, if it differs):
    the Donation enters the ledger and a receipt is issued, both or neither. Confirming twice issues nothing new."""
    pledge = Pledge.objects.select_for_update().select_related("drive__fund__unit").get(pk=pledge.pk)
    fund = pledge.drive.fund
    if not can(by, "donation.record", fund.unit.path):
        raise PermissionDenied(_("只有资金管理单位的财务人员可以确认到账"))
    if pledge.status == Pledge.Status.RECEIVED:
        assert pledge.donation is not None  # the pledge_received_has_donation constraint
        return pledge.donation.receipt
    if pledge.status != Pledge.Status.PLEDGED:
        raise ValidationError(_("这笔认捐的状态是「%(s)s」,不能确认到账") % {"s": pledge.get_status_display()})
    received = pledge.amount_fen if amount_fen is None else amount_fen
    if pledge.channel != Channel.GOODS and received <= 0:
        raise ValidationError({"amount": [_("到账金额必须大于零")]})
    donation = receive_donation(
        by=by,
        drive=pledge.drive,
        channel=pledge.channel,
        amount_fen=received,
        donor_type=pledge.donor_type,
        donor_name=pledge.donor_name,
        is_anonymous=pledge.is_anonymous,
        goods_description=pledge.goods_description,
        goods_quantity=pledge.goods_quantity,
        goods_unit=pledge.goods_unit,
        goods_value_fen=pledge.goods_value_fen,
        idempotency_key=f"pledge:{pledge.pk}",
        at=at,
        late_reason=_late_pledge_reason(pledge, at),
    )
    pledge.status, pledge.donation = Pledge.Status.RECEIVED, donation
    pledge.confirmed_by, pledge.confirmed_at = by, timezone.now()
    pledge.save(update_fields=["status", "donation", "confirmed_by", "confirmed_at"])
    record_for(by, AuditAction.UPDATE, pledge, fund.unit, {"status": ["pledged", "received"]})
    return issue_receipt(by=by, donation=donation)


@transaction.atomic
def report_concern(*, drive: DonationDrive, text: str, contact: str = "") -> Concern:
    """Anyone may report a concern about a drive; it reaches the supervisor (监督), who answers it. One address reports
    at most MAX_CONCERNS_AN_HOUR an hour (counted from the audit trail, which holds every write's address)."""
    body = clean_text(text)
    if not body:
        raise ValidationError({"text": [_("请写明反映的问题")]})
    if len(body) > MAX_CONCERN_CHARS:
        raise ValidationError(
            {"text": [_("内容不超过 %(n)d 字(现有 %(m)d 字)") % {"n": MAX_CONCERN_CHARS, "m": len(body)}]}
        )
    ip, hour_ago = client_ip(), timezone.now() - timedelta(hours=1)
    if ip and writes_from_address(ip, Concern._meta.label_lower, hour_ago) >= MAX_CONCERNS_AN_HOUR:
        raise ValidationError(_("同一网络地址一小时内最多反映 %(n)d 次,请稍后再试") % {"n": MAX_CONCERNS_AN_HOUR})
    concern = Concern.objects.create(
        drive=drive, text=body, contact=clean_text(contact)[:100], token=secrets.token_urlsafe(24)
    )
    record_for(None, AuditAction.CREATE, concern, drive.fund.unit, note=_("群众反映"))
    return concern
