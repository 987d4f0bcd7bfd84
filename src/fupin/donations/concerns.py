"""The supervisor (监督) takes up a concern and answers it; the person who raised it reads the answer through
its private link. Each step audited."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fupin.audit.models import AuditAction
from fupin.audit.services import record_for
from fupin.orgs.models import User
from fupin.orgs.policy import can

from .models import Concern


def _locked(by: User, concern: Concern) -> Concern:
    concern = Concern.objects.select_for_update().select_related("drive__fund__unit").get(pk=concern.pk)
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


@transaction.atomic
def answer_concern(*, by: User, concern: Concern, answer: str) -> Concern:
    """The supervisor's answer, once; the raiser reads it through the private link."""
    concern = _locked(by, concern)
    if not answer.strip():
        raise ValidationError({"answer": [_("请填写答复内容")]})
    if concern.status == Concern.Status.ANSWERED:
        raise ValidationError(_("这条反映已答复"))
    before = concern.status
    concern.status, concern.answer = Concern.Status.ANSWERED, answer.strip()[:5000]
    concern.answered_by, concern.answered_at = by, timezone.now()
    concern.save(update_fields=["status", "answer", "answered_by", "answered_at"])
    record_for(by, AuditAction.UPDATE, concern, concern.drive.fund.unit, {"status": [before, "answered"]})
    return concern
