"""A pledge that looks like one just made is recorded only once the giver says it is another; an unconfirmed
pledge can be withdrawn by its giver through its own link, or voided by finance with a reason."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from fupin.audit.models import AuditAction
from fupin.audit.services import record_for
from fupin.lib.money import yuan
from fupin.orgs.models import User

from .models import DonationDrive, Pledge

DUPLICATE_WINDOW = timedelta(minutes=30)


def lookalikes(*, drive: DonationDrive, phone: str, donor_name: str, amount_fen: int) -> QuerySet[Pledge]:
    """Unconfirmed pledges to the same drive, of the same amount, by the same phone or name, made in the last 30
    minutes, the latest first: read through the pledge_lookalike index alone (drive, amount, time), whose order
    is the one asked for, so no other index is cheaper to the planner however stale its statistics."""
    who = Q()
    if phone:
        who |= Q(phone=phone)
    if donor_name:
        who |= Q(donor_name=donor_name)
    if not who:
        return Pledge.objects.none()
    since = timezone.now() - DUPLICATE_WINDOW
    qs = Pledge.objects.filter(who, drive=drive, amount_fen=amount_fen, created_at__gte=since)
    return qs.filter(status=Pledge.Status.PLEDGED).only("drive_id", "created_at").order_by("-created_at")


def similar_pledge(*, drive: DonationDrive, phone: str, donor_name: str, amount_fen: int) -> Pledge | None:
    """The latest of `lookalikes` (Back, then submit again) — or None."""
    if not (phone or donor_name):
        return None
    return lookalikes(drive=drive, phone=phone, donor_name=donor_name, amount_fen=amount_fen).first()


def refuse_if_duplicate(*, drive: DonationDrive, fields: dict, is_not_duplicate: bool) -> None:
    if is_not_duplicate:  # the giver has said it is another pledge: nothing to look up
        return
    earlier = similar_pledge(
        drive=drive, phone=fields["phone"], donor_name=fields["donor_name"], amount_fen=fields["amount_fen"]
    )
    if earlier is not None:
        local = timezone.localtime(earlier.created_at)
        raise ValidationError(
            _("%(t)s 已有一笔相同的认捐(编号 %(n)s,%(a)s)。如确实要再捐一笔,请勾选「这是另一笔认捐」后再提交。")
            % {"t": local.strftime("%Y-%m-%d %H:%M"), "n": earlier.number, "a": _pledged(earlier)},
            code="possible_duplicate",
        )


def _pledged(pledge: Pledge) -> str:
    """What the earlier pledge promised, as its giver would recognise it: 200.00 元, or the goods."""
    if pledge.amount_fen:
        return _("%(a)s 元") % {"a": yuan(pledge.amount_fen)}
    return f"{pledge.goods_description} {pledge.goods_quantity}{pledge.goods_unit}".strip()


@transaction.atomic
def cancel_pledge(*, token: str) -> Pledge:
    """The giver withdraws their own pledge through its link, while it has not been confirmed."""
    pledge = Pledge.objects.select_for_update().select_related("drive__fund__unit").get(token=token)
    if pledge.status != Pledge.Status.PLEDGED:
        raise ValidationError(_("这笔认捐的状态是「%(s)s」,不能撤回") % {"s": pledge.get_status_display()})
    pledge.status = Pledge.Status.CANCELLED
    pledge.save(update_fields=["status"])
    record_for(None, AuditAction.UPDATE, pledge, pledge.drive.fund.unit, {"status": ["pledged", "cancelled"]})
    return pledge


@transaction.atomic
def void_pledge(*, by: User, pledge: Pledge, reason: str) -> Pledge:
    """Finance voids an unconfirmed pledge (never paid, a test, a duplicate), giving the reason."""
    if not reason.strip():
        raise ValidationError({"reason": [_("请写明作废原因")]})
    pledge = Pledge.objects.select_for_update().select_related("drive__fund__unit").get(pk=pledge.pk)
    if pledge.status != Pledge.Status.PLEDGED:
        raise ValidationError(_("这笔认捐的状态是「%(s)s」,不能作废") % {"s": pledge.get_status_display()})
    pledge.status, pledge.void_reason = Pledge.Status.VOID, reason.strip()[:300]
    pledge.save(update_fields=["status", "void_reason"])
    changes = {"status": ["pledged", "void"], "void_reason": ["", pledge.void_reason]}
    record_for(by, AuditAction.UPDATE, pledge, pledge.drive.fund.unit, changes)
    return pledge
