"""The supervisor (监督) takes up a concern and answers it, finding it 属实 or not; the person who raised it
reads the answer through its private link. Each step audited."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fupin.audit.models import AuditAction
from fupin.audit.services import record_for
from fupin.orgs.models import Unit, User
from fupin.orgs.policy import can

from .models import Concern


def _locked(by: User, concern: Concern) -> Concern:
    concern = (
        Concern.objects.select_for_update().select_related("drive__fund__unit", "drive__organiser").get(pk=concern.pk)
    )
    if not can(by, "concern.handle", concern.drive.fund.unit.path):
        raise PermissionDenied(_("群众反映由监督(纪检)人员处理"))
    return concern


@transaction.atomic
def take_up_concern(*, by: User, concern: Concern) -> Concern:
    """received → handling: the supervisor has begun to look into it."""
    concern = _locked(by, concern)
    if concern.status != Concern.Status.RECEIVED:
        raise ValidationError(_("这条反映已在核查或已答复"))
    concern.status = Concern.Status.HANDLING
    concern.save(update_fields=["status"])
    record_for(by, AuditAction.UPDATE, concern, concern.drive.fund.unit, {"status": ["received", "handling"]})
    return concern


def _against(concern: Concern, substantiated: bool, unit: Unit | None) -> Unit | None:
    """A substantiated concern names the unit it is against, within the drive's organising unit."""
    if not substantiated:
        return None
    organiser = concern.drive.organiser
    if unit is None:
        raise ValidationError({"unit": [_("核查属实的,请选择涉及单位")]})
    if not unit.path.startswith(organiser.path):
        raise ValidationError({"unit": [_("涉及单位须是「%(o)s」或其下级单位") % {"o": organiser.name}]})
    return unit


@transaction.atomic
def answer_concern(
    *, by: User, concern: Concern, answer: str, substantiated: bool = False, unit: Unit | None = None
) -> Concern:
    """The supervisor's answer, once; the raiser reads it through the private link. A concern found 属实 names
    the unit it is against (which then loses points in the 年度考核)."""
    concern = _locked(by, concern)
    if not answer.strip():
        raise ValidationError({"answer": [_("请填写答复内容")]})
    if concern.status == Concern.Status.ANSWERED:
        raise ValidationError(_("这条反映已答复"))
    against = _against(concern, substantiated, unit)
    before = concern.status
    concern.status, concern.answer = Concern.Status.ANSWERED, answer.strip()[:5000]
    concern.answered_by, concern.answered_at = by, timezone.now()
    concern.is_substantiated, concern.unit = against is not None, against
    concern.save(update_fields=["status", "answer", "answered_by", "answered_at", "is_substantiated", "unit"])
    changes: dict[str, list[object]] = {
        "status": [before, "answered"],
        "is_substantiated": [False, concern.is_substantiated],
    }
    if against is not None:
        changes["unit"] = [None, against.name]
    record_for(by, AuditAction.UPDATE, concern, concern.drive.fund.unit, changes)
    return concern
