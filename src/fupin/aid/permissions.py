"""The aid actions in the policy table, and the doors that turn a URL id into a student or a programme.

Students are scoped by their school, programmes by the unit that runs them. The full 身份证号 is a separate
action (`aid.reveal`), logged on every use; approving an award (`aid.review`) is open to a reviewer too.
"""

from datetime import date

from django.shortcuts import get_object_or_404

from fupin.orgs.models import Role
from fupin.orgs.policy import AnyUser, register, scope_q
from fupin.pairing.models import Pairing, PairingKind

from .models import AidAward, AidProgram, PaymentBatch, PaymentLine, Student, StudentEvidence

OFFICE = {Role.OFFICE_ADMIN, Role.COORDINATOR, Role.REVIEWER, Role.AID_OFFICER, Role.AUDITOR, Role.VIEWER}
MANAGERS = {Role.OFFICE_ADMIN, Role.AID_OFFICER}

register(
    {
        "aid.view": OFFICE,
        "aid.manage": MANAGERS,
        "aid.review": MANAGERS | {Role.REVIEWER},
        "aid.reveal": MANAGERS,
    }
)


def access_student(user: AnyUser, pk: int | str, action: str = "aid.view") -> Student:
    """The student if their school lies in the user's subtree for `action`; 404 for missing and not-yours."""
    qs = Student.objects.filter(scope_q(user, action, "school__path")).select_related("school", "household")
    return get_object_or_404(qs, pk=pk)


def access_evidence(user: AnyUser, pk: int | str, action: str = "aid.reveal") -> StudentEvidence:
    """A student's evidence if the student's school lies in the user's subtree for `action` (seeing it in full
    is `aid.reveal`, like the 身份证号); 404 otherwise."""
    qs = StudentEvidence.objects.filter(scope_q(user, action, "student__school__path"))
    return get_object_or_404(qs.select_related("student__school"), pk=pk)


def access_program(user: AnyUser, pk: int | str, action: str = "aid.view") -> AidProgram:
    """The programme if the unit running it lies in the user's subtree for `action`; 404 otherwise."""
    qs = AidProgram.objects.filter(scope_q(user, action, "unit__path")).select_related("unit")
    return get_object_or_404(qs, pk=pk)


def access_award(user: AnyUser, pk: int | str, action: str = "aid.view") -> AidAward:
    """The award if its programme's unit lies in the user's subtree for `action`; 404 otherwise."""
    qs = AidAward.objects.filter(scope_q(user, action, "program__unit__path"))
    return get_object_or_404(qs.select_related("program__unit", "student", "source"), pk=pk)


def access_batch(user: AnyUser, pk: int | str, action: str = "aid.view") -> PaymentBatch:
    """The payment batch if its programme's unit lies in the user's subtree for `action`; 404 otherwise."""
    qs = PaymentBatch.objects.filter(scope_q(user, action, "program__unit__path"))
    return get_object_or_404(qs.select_related("program__unit", "created_by", "approved_by"), pk=pk)


def access_payment_line(user: AnyUser, batch_pk: int, pk: int | str, action: str = "aid.view") -> PaymentLine:
    """A payment line of that batch if the batch's programme's unit lies in the user's subtree; 404 otherwise."""
    qs = PaymentLine.objects.filter(scope_q(user, action, "batch__program__unit__path"), batch_id=batch_pk)
    return get_object_or_404(qs.select_related("batch"), pk=pk)


def access_student_pairing(user: AnyUser, pk: int | str, action: str = "aid.manage") -> Pairing:
    """A 学生结对 if its helping unit lies in the user's subtree for `action`; 404 otherwise (other kinds too)."""
    qs = Pairing.objects.filter(scope_q(user, action, "unit__path"), kind=PairingKind.STUDENT_STUDENT)
    return get_object_or_404(qs.select_related("unit"), pk=pk)


def public_program(pk: int | str, today: date) -> AidProgram:
    """The programme whose 公示 is on the public site today; 404 before it starts and after it ends."""
    live = AidProgram.objects.filter(disclosure_starts_on__lte=today, disclosure_ends_on__gte=today)
    return get_object_or_404(live.select_related("unit"), pk=pk)
