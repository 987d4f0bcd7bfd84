"""Retention and erasure of the public's personal data (PIPL data map: fupin.ops.pipl).

These writes cross apps by nature, as backup and restore do: they touch only the personal fields of the public's
pledges, wish claims, volunteer sign-ups (their own, and those a teacher made on their behalf), phone codes and
concerns, all in one transaction, each changed object recorded in the audit trail against its unit (the erased value
itself is never written there). Money records keep the donor's name: the law on accounting records requires it
(PIPL art. 47: deletion yields to a retention period set by law).
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from fupin.audit.models import AuditAction
from fupin.audit.services import months_before, record_for
from fupin.donations.models import Concern, DonorType, Pledge
from fupin.lib.text import clean_text
from fupin.matching.models import ClaimStatus, WishClaim
from fupin.orgs.models import Unit
from fupin.orgs.validators import validate_phone
from fupin.phones.models import PhoneCode
from fupin.volunteers.models import SignUp

RETENTION_MONTHS = 6
ERASED = "已删除"  # a wish claim must keep a claimant: this word stands where the name and phone were
HIDDEN = "***"  # what the audit trail records as the old value of an erased field


@dataclass
class Erased:
    """How many objects of each kind had personal data removed."""

    counts: dict[str, int] = field(default_factory=dict)
    kept: list[str] = field(default_factory=list)  # what was found and deliberately left, with the reason

    def line(self) -> str:
        return ",".join(f"{kind} {n} 条" for kind, n in self.counts.items())


def _audit(obj: models.Model, unit: Unit, fields: list[str], new: str, note: str) -> None:
    record_for(None, AuditAction.UPDATE, obj, unit, changes={name: [HIDDEN, new] for name in fields}, note=note)


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def purge_personal_data(*, before: date, today: date | None = None) -> Erased:
    """Remove the public's contact data of whatever ended before `before` (at least six months ago): phones of
    settled pledges and ended wish claims, contacts of answered concerns, expired phone codes."""
    today = today or timezone.localdate()
    limit = months_before(today, RETENTION_MONTHS)
    if before > limit:
        raise ValidationError(
            _("个人信息在事项结束后保存 %(months)d 个月:只能清理 %(limit)s 之前结束的事项,%(before)s 太近")
            % {"months": RETENTION_MONTHS, "limit": limit.isoformat(), "before": before.isoformat()}
        )
    cutoff, note = _day_start(before), _("超过保存期限,删除个人信息")
    done = Erased()
    with transaction.atomic():
        pledges = Pledge.objects.filter(created_at__lt=cutoff).exclude(status=Pledge.Status.PLEDGED).exclude(phone="")
        done.counts[_("认捐手机号码")] = _clear(pledges.select_related("drive__organiser"), ["phone"], "", note)
        ended = Q(status=ClaimStatus.EXPIRED, expired_at__lt=cutoff) | Q(
            status=ClaimStatus.CONFIRMED, confirmed_at__lt=cutoff
        )
        claims = WishClaim.objects.filter(ended).exclude(phone__in=["", ERASED]).select_related("wish__unit")
        done.counts[_("微心愿认领手机号码")] = _clear(claims, ["phone"], ERASED, note)
        answered = Concern.objects.filter(status=Concern.Status.ANSWERED, answered_at__lt=cutoff).exclude(contact="")
        done.counts[_("群众反映联系方式")] = _clear(answered.select_related("drive__organiser"), ["contact"], "", note)
        done.counts[_("短信验证码")] = PhoneCode.objects.filter(expires_at__lt=cutoff).delete()[0]
    return done


Erasable = Pledge | WishClaim | Concern


def _unit_of(obj: Erasable) -> Unit:
    return obj.wish.unit if isinstance(obj, WishClaim) else obj.drive.organiser


def _clear(rows: models.QuerySet[Erasable], fields: list[str], new: str, note: str) -> int:
    count = 0
    for obj in rows:
        for name in fields:
            setattr(obj, name, new)
        obj.save(update_fields=fields)
        _audit(obj, _unit_of(obj), fields, new, note)
        count += 1
    return count


def _erase_sign_up(sign_up: SignUp, note: str) -> None:
    """The volunteer's name and phone give way to 「已删除」; the sign-up and its confirmed hours (and so the count of
    hours certificates) stay, without the person, and a private link stops working. The name carries the sign-up's
    number, as two active sign-ups of one service may not share a name and phone."""
    sign_up.name, sign_up.phone, sign_up.token_hash = f"{ERASED}#{sign_up.pk}", ERASED, ""
    sign_up.save(update_fields=["name", "phone", "token_hash"])
    changes = {"name": [HIDDEN, sign_up.name], "phone": [HIDDEN, ERASED]}
    record_for(None, AuditAction.UPDATE, sign_up, sign_up.opportunity.organiser, changes=changes, note=note)


def _erase_sign_ups(phone: str, name: str, note: str, done: Erased) -> None:
    """A public volunteer's sign-ups are found by the phone they verified. A sign-up made on someone's behalf by an
    account (a teacher for a student) carries a phone nobody verified, often a parent's shared by brothers and
    sisters or the teacher's own: it is theirs only when the name matches too; the others using the phone are
    counted, not touched."""
    rows = SignUp.objects.filter(phone=phone).select_related("opportunity__organiser").order_by("pk")
    public = behalf = others = 0
    for sign_up in rows:
        if sign_up.signed_up_by_id is None:
            public += 1
        elif name and sign_up.name == name:
            behalf += 1
        else:
            others += 1
            continue
        _erase_sign_up(sign_up, note)
    done.counts[_("志愿服务报名")] = public
    done.counts[_("代为报名的志愿服务")] = behalf
    if others:
        done.kept.append(
            _("另有 %(n)d 条他人代为报名的志愿服务用此号码而姓名不符%(hint)s,未删除")
            % {"n": others, "hint": "" if name else _("(未给出姓名:代为报名的须加 --name 姓名)")}
        )


def erase_person(*, phone: str, name: str = "", apply: bool = True) -> Erased:
    """At the person's request (PIPL art. 47), remove what the product holds of a public donor, claimant or
    volunteer found by phone: contact and, where no money was received, name; volunteer sign-ups made on their
    behalf are found by phone and name. Refused while a wish claim is still under way. Without `apply` (a dry run)
    the same erasure is done and rolled back, so its counts are exactly what applying would erase."""
    phone, name = "".join(phone.split()), clean_text(name)
    if not phone:
        raise ValidationError(_("请填写要删除的手机号码"))
    validate_phone(phone)
    if WishClaim.objects.filter(phone=phone, status__in=[ClaimStatus.ACTIVE, ClaimStatus.DELIVERED]).exists():
        raise ValidationError(_("该手机号码有进行中的微心愿认领:请待认领结束(确认或过期)后再删除"))
    note, done = _("按本人要求删除个人信息"), Erased()
    with transaction.atomic():
        pledges = Pledge.objects.filter(phone=phone).select_related("drive__organiser")
        unpaid = pledges.exclude(status=Pledge.Status.RECEIVED)
        count = _clear(unpaid.filter(donor_type=DonorType.INDIVIDUAL), ["phone", "donor_name"], "", note)
        done.counts[_("认捐")] = count + _clear(pledges, ["phone"], "", note)
        claims = WishClaim.objects.filter(phone=phone).select_related("wish__unit")
        done.counts[_("微心愿认领")] = _clear(claims, ["phone", "name"], ERASED, note)
        concerns = Concern.objects.filter(contact__contains=phone).select_related("drive__organiser")
        done.counts[_("群众反映")] = _clear(concerns, ["contact"], "", note)
        _erase_sign_ups(phone, name, note, done)
        done.counts[_("短信验证码")] = PhoneCode.objects.filter(phone=phone).delete()[0]
        transaction.set_rollback(not apply)
    return done
