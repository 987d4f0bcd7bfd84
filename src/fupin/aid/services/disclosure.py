"""公示: a programme's approved list shown to the public between two dates, then taken down (kept inside)."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from fupin.audit.models import AuditAction
from fupin.audit.services import record_for
from fupin.orgs.models import User
from fupin.orgs.policy import can

from ..models import AidProgram, AwardStatus


@transaction.atomic
def publish_disclosure(*, by: User, program: AidProgram, starts_on: date, ends_on: date) -> AidProgram:
    """Put the approved list on the public site from `starts_on` to `ends_on`; masked names only."""
    if not can(by, "aid.manage", program.unit.path):
        raise PermissionDenied(_("无权公示该资助项目"))
    if ends_on < starts_on:
        raise ValidationError({"ends_on": _("公示结束日期不能早于开始日期")})
    if not program.awards.filter(status=AwardStatus.APPROVED).exists():
        raise ValidationError(_("还没有审核通过的学生,不能公示"))
    before = [str(program.disclosure_starts_on or ""), str(program.disclosure_ends_on or "")]
    AidProgram.objects.filter(pk=program.pk).update(disclosure_starts_on=starts_on, disclosure_ends_on=ends_on)
    program.disclosure_starts_on, program.disclosure_ends_on = starts_on, ends_on
    changes = {"disclosure": [before, [str(starts_on), str(ends_on)]]}
    record_for(by, AuditAction.UPDATE, program, program.unit, changes, note=_("公示资助名单"))
    return program
