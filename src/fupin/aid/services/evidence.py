"""Evidence for a student's categories (低保证, 残疾证, 特困证明…): checked by content before it is stored,
kept in private storage, and every download of it is written to the audit trail like a full 身份证号."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from fupin.audit.models import AuditAction
from fupin.audit.services import created, record_for
from fupin.lib.uploads import CheckedFile
from fupin.orgs.models import User
from fupin.orgs.policy import can

from ..models import Student, StudentCategory, StudentEvidence
from .students import check_school


@transaction.atomic
def add_student_evidence(*, by: User, student: Student, category: str, document: CheckedFile) -> StudentEvidence:
    """Evidence is for one of the categories the student is registered under, and the same file only once."""
    check_school(by, student.school)
    locked = Student.objects.select_for_update().get(pk=student.pk)
    if category not in locked.categories:
        label = StudentCategory(category).label if category in StudentCategory.values else category
        held = "、".join(locked.category_labels())
        raise ValidationError(
            {"category": _("该学生未登记为「%(c)s」(现为 %(h)s),不能上传该类证明") % {"c": label, "h": held}}
        )
    if locked.evidence.filter(sha256=document.sha256).exists():
        raise ValidationError({"document": _("「%(f)s」已上传过") % {"f": document.name}})
    evidence = StudentEvidence(
        student=locked,
        category=category,
        name=document.name[:120],
        content_type=document.content_type,
        sha256=document.sha256,
        size_bytes=len(document.data),
        uploaded_by=by,
    )
    evidence.file.save(f"{document.sha256[:32]}.{document.extension}", ContentFile(document.data), save=False)
    evidence.save()
    values = created({"category": evidence.get_category_display(), "file": document.name})
    record_for(by, AuditAction.CREATE, evidence, locked.school, values, note=_("上传证明材料"))
    return evidence


@transaction.atomic
def open_student_evidence(*, by: User, evidence: StudentEvidence) -> StudentEvidence:
    """The evidence for download, only for those who may see a student's personal data in full; every
    download is written to the audit trail."""
    school = evidence.student.school
    if not can(by, "aid.reveal", school.path):
        raise PermissionDenied(_("无权查看学生的证明材料"))
    note = _("查看证明材料:%(c)s") % {"c": evidence.get_category_display()}
    record_for(by, AuditAction.VIEW_PERSONAL, evidence, school, note=note)
    return evidence
