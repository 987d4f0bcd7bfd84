"""Every write of volunteer service: checked against its rules, atomic, in the audit trail."""

import re
import unicodedata
from datetime import date, datetime, time

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from fupin.audit.models import AuditAction
from fupin.audit.services import created, diff, record_for, snapshot
from fupin.campaigns.models import ActivityItem, Campaign
from fupin.lib.secret_links import new_secret
from fupin.lib.text import clean_text
from fupin.orgs.models import Unit, User
from fupin.orgs.policy import can
from fupin.orgs.validators import validate_phone
from fupin.phones.models import PhoneCode
from fupin.phones.services import check_mobile, send_phone_code, verify_phone_code

from .models import Opportunity, SignUp, SignUpStatus
from .permissions import audience_q

HOURS = re.compile(r"^\d{1,3}(\.\d)?$")
OPPORTUNITY_FIELDS = ("kind", "title", "place", "starts_at", "ends_at", "slots", "campaign", "is_public")


def _aware(day: date, at: time) -> datetime:
    return timezone.make_aware(datetime.combine(day, at))


@transaction.atomic
def post_opportunity(
    *,
    by: User,
    organiser: Unit,
    campaign: Campaign,
    kind: str,
    title: str,
    place: str,
    held_on: date,
    starts: time,
    ends: time,
    slots: int,
    description: str = "",
    item: ActivityItem | None = None,
    is_public: bool = False,
) -> Opportunity:
    """An organising unit posts a volunteer service of a campaign issued at or above it, still to come."""
    if not can(by, "volunteers.manage", organiser.path):
        raise PermissionDenied(_("无权为该单位发布志愿服务"))
    if not organiser.path.startswith(campaign.unit.path):
        raise ValidationError({"campaign": _("所选扶贫日活动不是本单位或上级单位发布的")})
    if item is not None and item.campaign_id != campaign.pk:
        raise ValidationError({"item": _("所选活动内容不属于所选扶贫日活动")})
    starts_at, ends_at = _aware(held_on, starts), _aware(held_on, ends)
    if ends_at <= starts_at:
        raise ValidationError({"ends": _("结束时间须晚于开始时间")})
    if ends_at <= timezone.now():
        raise ValidationError({"held_on": _("该时段已经过去,请填写尚未结束的服务时间")})
    opportunity = Opportunity(
        organiser=organiser,
        campaign=campaign,
        item=item,
        kind=kind,
        title=clean_text(title),
        place=clean_text(place),
        starts_at=starts_at,
        ends_at=ends_at,
        slots=slots,
        description=clean_text(description),
        is_public=is_public,
        created_by=by,
    )
    opportunity.full_clean(exclude=["created_by"])
    opportunity.save()
    record_for(by, AuditAction.CREATE, opportunity, organiser, created(snapshot(opportunity, OPPORTUNITY_FIELDS)))
    return opportunity


def _volunteer(name: str, phone: str) -> tuple[str, str]:
    name = clean_text(name)
    phone = clean_text(unicodedata.normalize("NFKC", phone)).replace(" ", "")
    errors = {}
    if not name:
        errors["name"] = _("请填写志愿者姓名")
    if not phone:
        errors["phone"] = _("请填写联系电话")
    else:
        try:
            validate_phone(phone)
        except ValidationError as exc:
            errors["phone"] = exc.messages[0]
    if errors:
        raise ValidationError(errors)
    return name, phone


def _refuse_ended_or_taken(opportunity: Opportunity, name: str, phone: str) -> None:
    if opportunity.ends_at <= timezone.now():
        raise ValidationError(_("「%(t)s」已经结束,不能再报名") % {"t": opportunity.title})
    if opportunity.sign_ups.filter(name=name, phone=phone).exclude(status=SignUpStatus.CANCELLED).exists():
        raise ValidationError(_("%(n)s(%(p)s)已报名「%(t)s」") % {"n": name, "p": phone, "t": opportunity.title})


def _enrol(opportunity: Opportunity, name: str, phone: str, by: User | None, token_hash: str = "") -> SignUp:
    """Takes a slot by one conditional update (never beyond the slots, however many sign up at once) and records
    the sign-up, in the caller's transaction."""
    _refuse_ended_or_taken(opportunity, name, phone)
    taken = Opportunity.objects.filter(pk=opportunity.pk, taken__lt=F("slots")).update(taken=F("taken") + 1)
    if not taken:
        raise ValidationError(
            _("「%(t)s」名额已满(共 %(n)d 人),未能报名") % {"t": opportunity.title, "n": opportunity.slots}
        )
    verified_at = None if by is not None else timezone.now()
    made = SignUp.objects.create(
        opportunity=opportunity,
        name=name,
        phone=phone,
        signed_up_by=by,
        phone_verified_at=verified_at,
        token_hash=token_hash,
    )
    changes = created({"name": name, "opportunity": opportunity.title})
    record_for(
        by, AuditAction.CREATE, made, opportunity.organiser, changes, note="" if by else _("公众凭手机验证码报名")
    )
    return made


@transaction.atomic
def sign_up(*, by: User, opportunity: Opportunity, name: str, phone: str) -> SignUp:
    """A person signs up (or a teacher signs up a student) while the service has not ended and a slot is left;
    the slot is taken by one conditional update, so the slots are never exceeded however many sign up at once."""
    if not Opportunity.objects.filter(audience_q(by), pk=opportunity.pk).exists():
        raise PermissionDenied(_("无权报名该志愿服务"))
    name, phone = _volunteer(name, phone)
    return _enrol(opportunity, name, phone, by)


def _public_volunteer(opportunity: Opportunity, name: str, phone: str) -> tuple[str, str]:
    if not opportunity.is_public:
        raise PermissionDenied(_("该志愿服务不面向社会公开招募"))
    name, phone = _volunteer(name, phone)
    phone = check_mobile(phone)
    _refuse_ended_or_taken(opportunity, name, phone)
    return name, phone


def send_sign_up_code(*, opportunity: Opportunity, name: str, phone: str) -> PhoneCode:
    """A code texted to a member of the public who wants to sign up for a service open to the public (the shared
    phone-code limits: five an hour per number, ten minutes, used once)."""
    name, phone = _public_volunteer(opportunity, name, phone)
    return send_phone_code(phone=phone, purpose=_("报名志愿服务"))


def sign_up_as_public(*, opportunity: Opportunity, name: str, phone: str, code: str) -> tuple[SignUp, str]:
    """A member of the public without an account signs up for a service open to the public with a name and a
    phone verified by code; the same person (name and phone) signs up once. The code is checked (and a wrong try
    counted) before the slot is taken in one transaction. Returns the sign-up and the secret of the volunteer's
    private link (only its hash is kept)."""
    name, phone = _public_volunteer(opportunity, name, phone)
    verify_phone_code(phone=phone, code=code)
    secret, hashed = new_secret()
    with transaction.atomic():
        return _enrol(opportunity, name, phone, None, hashed), secret


@transaction.atomic
def cancel_sign_up(*, by: User, sign_up: SignUp) -> SignUp:
    """Whoever signed up (or the organiser) cancels before the service starts; the slot is free again."""
    opportunity = sign_up.opportunity
    if sign_up.signed_up_by_id != by.pk and not can(by, "volunteers.manage", opportunity.organiser.path):
        raise PermissionDenied(_("只能取消自己提交的报名"))
    if opportunity.starts_at <= timezone.now():
        raise ValidationError(_("「%(t)s」已经开始,不能再取消报名") % {"t": opportunity.title})
    changed = SignUp.objects.filter(pk=sign_up.pk, status=SignUpStatus.SIGNED_UP).update(status=SignUpStatus.CANCELLED)
    if not changed:
        raise ValidationError(_("该报名已取消或已确认,不能再取消"))
    Opportunity.objects.filter(pk=opportunity.pk).update(taken=F("taken") - 1)
    record_for(by, AuditAction.UPDATE, sign_up, opportunity.organiser, {"status": ["signed_up", "cancelled"]})
    return SignUp.objects.get(pk=sign_up.pk)


def _minutes(hours: str, opportunity: Opportunity) -> int:
    text = unicodedata.normalize("NFKC", str(hours)).strip()
    if not HOURS.match(text) or not text.isascii():
        raise ValidationError(
            {"hours": _("服务时长「%(h)s」格式不正确:请填写小时数,最多一位小数,如 2.5") % {"h": hours}}
        )
    whole, _dot, tenth = text.partition(".")
    minutes = (int(whole) * 10 + int(tenth or 0)) * 6
    if minutes <= 0:
        raise ValidationError({"hours": _("服务时长须大于 0;未到场的请标记「未到」")})
    if minutes > opportunity.length_minutes:
        limit = f"{opportunity.length_minutes / 60:.1f}".removesuffix(".0")
        raise ValidationError(
            {"hours": _("服务时长 %(h)s 小时超过本次服务的时长 %(l)s 小时") % {"h": text, "l": limit}}
        )
    return minutes


def _settle(by: User, sign_up: SignUp, status: str, minutes: int) -> SignUp:
    """The organiser records the outcome of a sign-up once the service has started (a later change is kept in
    the audit trail with the old and new hours)."""
    opportunity = sign_up.opportunity
    if not can(by, "volunteers.manage", opportunity.organiser.path):
        raise PermissionDenied(_("只有组织单位可以确认服务时长"))
    if opportunity.starts_at > timezone.now():
        raise ValidationError(_("「%(t)s」尚未开始,开始后才能确认服务时长") % {"t": opportunity.title})
    locked = SignUp.objects.select_for_update().get(pk=sign_up.pk)
    if locked.status == SignUpStatus.CANCELLED:
        raise ValidationError(_("%(n)s的报名已取消,不能确认") % {"n": locked.name})
    before = snapshot(locked, ("status", "minutes"))
    locked.status, locked.minutes = status, minutes
    locked.confirmed_by, locked.confirmed_at = by, timezone.now()
    locked.save(update_fields=["status", "minutes", "confirmed_by", "confirmed_at"])
    record_for(
        by, AuditAction.UPDATE, locked, opportunity.organiser, diff(before, snapshot(locked, ("status", "minutes")))
    )
    return locked


@transaction.atomic
def confirm_hours(*, by: User, sign_up: SignUp, hours: str) -> SignUp:
    """The organiser confirms a volunteer's hours (in tenths of an hour), never more than the service lasted."""
    return _settle(by, sign_up, SignUpStatus.CONFIRMED, _minutes(hours, sign_up.opportunity))


@transaction.atomic
def mark_absent(*, by: User, sign_up: SignUp) -> SignUp:
    """The organiser marks a volunteer who did not come; no hours, no certificate."""
    return _settle(by, sign_up, SignUpStatus.ABSENT, 0)
