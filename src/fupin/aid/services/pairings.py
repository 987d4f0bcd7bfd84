"""Linking the sides of a long-term 学生结对 to the student registry, so the aid pages show whether a paired
student receives aid."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from fupin.audit.models import AuditAction
from fupin.audit.services import record_for
from fupin.lib.id_numbers import id_number_hashes, validate_id_number
from fupin.orgs.models import User
from fupin.orgs.policy import can
from fupin.pairing.models import Pairing, PairingKind

from ..models import PairedStudent, PairingSide, Student
from .students import check_school


def _named(pairing: Pairing, side: str) -> str:
    return pairing.helper_name if side == PairingSide.HELPER else pairing.partner_name


@transaction.atomic
def link_paired_student(*, by: User, pairing: Pairing, side: str, student: Student) -> PairedStudent:
    """A side of a 学生结对 links only to a student of the user's subtree whose name is the one on the pairing;
    linking the side again replaces the earlier link, both written to the audit trail."""
    if pairing.kind != PairingKind.STUDENT_STUDENT:
        raise ValidationError({"side": _("只有学生结对可以关联受助学生名册")})
    if side not in PairingSide.values:
        raise ValidationError({"side": _("结对一方应为 结对学生 或 受助学生")})
    check_school(by, student.school)
    if student.name != _named(pairing, side):
        raise ValidationError(
            {"student": _("学生姓名「%(s)s」与结对中的「%(n)s」不符") % {"s": student.name, "n": _named(pairing, side)}}
        )
    if PairedStudent.objects.filter(pairing=pairing, student=student).exclude(side=side).exists():
        raise ValidationError({"student": _("该学生已是这一结对的另一方")})
    link = PairedStudent.objects.select_for_update().filter(pairing=pairing, side=side).first()
    before = str(link.student) if link is not None else None
    if link is None:
        link = PairedStudent.objects.create(pairing=pairing, side=side, student=student, linked_by=by)
    else:
        link.student, link.linked_by = student, by
        link.save(update_fields=["student", "linked_by"])
    action = AuditAction.CREATE if before is None else AuditAction.UPDATE
    label = str(PairingSide(side).label)
    record_for(by, action, link, student.school, {label: [before, str(student)]}, note=_("学生结对关联名册"))
    return link


@transaction.atomic
def link_paired_student_by_number(*, by: User, pairing: Pairing, side: str, id_number: str) -> PairedStudent:
    """The side linked to the registered student with this 身份证号, found through its keyed hash; a number
    registered outside the user's subtree is named no further than that."""
    try:
        number = validate_id_number(id_number)
    except ValidationError as exc:
        raise ValidationError({"id_number": exc.messages}) from None
    found = Student.objects.select_related("school").filter(id_hash__in=id_number_hashes(number)).first()
    if found is None:
        raise ValidationError({"id_number": _("受助学生名册中没有该身份证号")})
    if not can(by, "aid.manage", found.school.path):
        raise ValidationError({"id_number": _("该身份证号已在其他单位登记,不能关联")})
    return link_paired_student(by=by, pairing=pairing, side=side, student=found)
