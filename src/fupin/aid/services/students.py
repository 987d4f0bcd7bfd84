"""The student registry (工作台帐): register, update with history kept, and the logged full view of the 身份证号."""

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from fupin.audit.models import AuditAction
from fupin.audit.services import created, diff, record_for, snapshot
from fupin.households.models import Household
from fupin.lib.id_numbers import (
    decrypt_id_number,
    encrypt_id_number,
    id_number_hash,
    id_number_hashes,
    mask_id_number,
    validate_id_number,
)
from fupin.lib.masking import mask_name
from fupin.lib.text import clean_identifier, clean_text
from fupin.orgs.models import Unit, UnitKind, User
from fupin.orgs.policy import AnyUser, can, scope_q

from ..models import CoverageNote, Student, StudentCategory, StudentChange

EDITABLE = ("school", "name", "stage", "grade", "is_new_student", "enrolment", "categories", "difficulty", "household")
SHOWN = ("school", "name", "id_masked", "card_masked", *EDITABLE[2:])


def birth_date_of(number: str) -> date:
    return date(int(number[6:10]), int(number[10:12]), int(number[12:14]))


def duplicate_reason(user: AnyUser, existing: Student) -> str:
    """Where the number is already registered: named only when the user may see that student."""
    if can(user, "aid.view", existing.school.path):
        return _("该身份证号已登记:%(s)s %(n)s") % {"s": existing.school.name, "n": mask_name(existing.name)}
    return _("该身份证号已在其他单位登记")


def check_school(by: User, school: Unit) -> None:
    if school.kind != UnitKind.SCHOOL:
        raise ValidationError({"school": _("受助学生须登记在学校")})
    if not can(by, "aid.manage", school.path):
        raise PermissionDenied(_("无权在该学校登记学生"))


def check_categories(categories: list[str]) -> list[str]:
    unknown = [c for c in categories if c not in StudentCategory.values]
    if unknown:
        raise ValidationError({"categories": _("资助类别「%(c)s」不在可选范围内") % {"c": "、".join(unknown)}})
    if not categories:
        raise ValidationError({"categories": _("至少选择一个资助类别")})
    return list(dict.fromkeys(categories))


def valid_card(value: object) -> str:
    """The bank card number, digits only (12 to 19), or ValidationError; empty stays empty."""
    digits = clean_identifier(value).replace(" ", "").replace("-", "")
    if digits and not (digits.isdigit() and 12 <= len(digits) <= 19):
        raise ValidationError(_("银行卡号应为12至19位数字"), code="card")
    return digits


def card_fields(card: str) -> dict[str, str]:
    """The card number encrypted and masked (6222**********1234), as stored on a student."""
    return {"card_cipher": encrypt_id_number(card), "card_masked": mask_id_number(card)} if card else {}


def _valid_number(id_number: str) -> str:
    try:
        return validate_id_number(id_number)
    except ValidationError as exc:
        raise ValidationError({"id_number": exc.messages}) from None


@transaction.atomic
def register_student(
    *,
    by: User,
    school: Unit,
    name: str,
    id_number: str,
    stage: str,
    difficulty: str,
    categories: list[str],
    grade: str = "",
    is_new_student: bool = False,
    enrolment: str = "enrolled",
    household: Household | None = None,
    card_number: str = "",
) -> Student:
    """A student of a school in the user's subtree; one student per 身份证号 across the whole registry."""
    check_school(by, school)
    number = _valid_number(id_number)
    try:
        card = valid_card(card_number)
    except ValidationError as exc:
        raise ValidationError({"card_number": exc.messages}) from None
    existing = Student.objects.select_related("school").filter(id_hash__in=id_number_hashes(number)).first()
    if existing is not None:
        raise ValidationError({"id_number": duplicate_reason(by, existing)})
    student = Student(
        school=school,
        household=household,
        name=clean_text(name),
        id_cipher=encrypt_id_number(number),
        id_hash=id_number_hash(number),
        id_masked=mask_id_number(number),
        birth_date=birth_date_of(number),
        stage=stage,
        grade=clean_text(grade),
        is_new_student=is_new_student,
        enrolment=enrolment,
        categories=check_categories(categories),
        difficulty=difficulty,
        **card_fields(card),
    )
    student.full_clean(exclude=["id_cipher", "id_hash", "id_masked", "birth_date"], validate_unique=False)
    try:
        with transaction.atomic():
            student.save()
    except IntegrityError:  # the same number registered by a concurrent request
        raise ValidationError({"id_number": _("该身份证号已登记")}) from None
    values = created(snapshot(student, SHOWN))
    StudentChange.objects.create(student=student, changes=values, note=_("登记"), recorded_by=by)
    record_for(by, AuditAction.CREATE, student, school, values)
    return student


@transaction.atomic
def update_student(*, by: User, student: Student, note: str = "", **fields: Any) -> dict[str, list[Any]]:
    """New values for a registered student (摸底调查); what changed is added to the 工作台帐, earlier lines kept."""
    check_school(by, student.school)
    unknown = set(fields) - {*EDITABLE, "card_number"}
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    if "card_number" in fields:
        fields.update(card_fields(valid_card(fields.pop("card_number"))))
    if "school" in fields:
        check_school(by, fields["school"])
    if "categories" in fields:
        fields["categories"] = check_categories(fields["categories"])
    for key in ("name", "grade"):
        if key in fields:
            fields[key] = clean_text(fields[key])
    before = snapshot(student, SHOWN)
    for key, value in fields.items():
        setattr(student, key, value)
    student.full_clean(exclude=["id_cipher", "id_hash", "id_masked", "birth_date"], validate_unique=False)
    changes = diff(before, snapshot(student, SHOWN))
    if not changes:
        return {}
    student.save()
    StudentChange.objects.create(student=student, changes=changes, note=clean_text(note)[:200], recorded_by=by)
    record_for(by, AuditAction.UPDATE, student, student.school, changes, note=clean_text(note)[:200])
    return changes


@transaction.atomic
def reveal_student_id(*, by: User, student: Student) -> str:
    """The student's 身份证号 in full, for those allowed to see it; every look is written to the audit trail."""
    if not can(by, "aid.reveal", student.school.path):
        raise PermissionDenied(_("无权查看完整身份证号"))
    record_for(by, AuditAction.VIEW_PERSONAL, student, student.school, note=_("查看完整身份证号"))
    return decrypt_id_number(student.id_cipher)


@transaction.atomic
def export_student_ids(*, by: User, students: QuerySet[Student], limit: int) -> list[tuple[Student, str]]:
    """The full numbers for an export, only of the students the user may see in full; the export is written
    to the audit trail once, with how many numbers it held."""
    rows = [
        (s, decrypt_id_number(s.id_cipher)) for s in students.filter(scope_q(by, "aid.reveal", "school__path"))[:limit]
    ]
    if rows:
        changes = {"students": [None, len(rows)]}
        record_for(by, AuditAction.VIEW_PERSONAL, None, rows[0][0].school, changes, note=_("导出完整身份证号"))
    return rows


@transaction.atomic
def record_coverage_reason(*, by: User, student: Student, reason: str) -> CoverageNote:
    """Why a 建档立卡 student has no award; 应助尽助 counts the student as explained from then on."""
    check_school(by, student.school)
    reason = clean_text(reason)
    if not reason:
        raise ValidationError({"reason": _("须写明未资助原因")})
    note = CoverageNote.objects.create(student=student, reason=reason[:200], recorded_by=by)
    record_for(by, AuditAction.CREATE, note, student.school, {"reason": [None, note.reason]})
    return note
