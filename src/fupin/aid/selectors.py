"""Every read of student aid, already scoped to the user's subtree."""

from datetime import date

from django.db.models import Count, Q, QuerySet

from fupin.lib.id_numbers import id_number_hashes, normalise_id_number
from fupin.lib.masking import mask_name
from fupin.orgs.models import Unit, UnitKind
from fupin.orgs.policy import AnyUser, scope_q
from fupin.orgs.selectors import ancestors

from .models import (
    AidAward,
    AidProgram,
    AwardStatus,
    BankLayout,
    Enrolment,
    FundingSource,
    PaymentBatch,
    PaymentLine,
    Student,
    StudentChange,
    StudentEvidence,
)


def visible_students(user: AnyUser, *, text: str = "", category: str = "") -> QuerySet[Student]:
    """The students of the schools in the user's subtree; `text` matches the name, the school, or the whole
    身份证号 (through its keyed hash, never a partial number)."""
    qs = Student.objects.filter(scope_q(user, "aid.view", "school__path"))
    if category:
        qs = qs.filter(categories__icontains=f'"{category}"')  # JSON containment is not in SQLite
    if text:
        number = normalise_id_number(text)
        q = Q(name__contains=text) | Q(school__name__contains=text)
        if len(number) == 18:
            q |= Q(id_hash__in=id_number_hashes(number))
        qs = qs.filter(q)
    return qs.select_related("school")


def schools_for(user: AnyUser, action: str = "aid.manage") -> QuerySet[Unit]:
    return Unit.objects.filter(scope_q(user, action), kind=UnitKind.SCHOOL).order_by("path")


def student_history(student: Student) -> QuerySet[StudentChange]:
    return student.changes.select_related("recorded_by").order_by("-recorded_at", "-pk")


def student_evidence(student: Student) -> QuerySet[StudentEvidence]:
    return student.evidence.select_related("uploaded_by").order_by("category", "pk")


def ledger_changes(user: AnyUser) -> QuerySet[StudentChange]:
    """The 工作台帐 of the user's subtree: every change to every visible student, newest first."""
    qs = StudentChange.objects.filter(scope_q(user, "aid.view", "student__school__path"))
    return qs.select_related("student__school", "recorded_by").order_by("-recorded_at", "-pk")


def visible_programs(user: AnyUser) -> QuerySet[AidProgram]:
    return AidProgram.objects.filter(scope_q(user, "aid.view", "unit__path")).select_related("unit")


def eligible_students(user: AnyUser, program: AidProgram) -> QuerySet[Student]:
    """Selection by rule: enrolled students in the user's subtree of the programme's categories and stages
    (new students only when it says so), not already on its list."""
    qs = visible_students(user).filter(enrolment=Enrolment.ENROLLED, stage__in=program.stages)
    any_category = Q()
    for category in program.categories:
        any_category |= Q(categories__icontains=f'"{category}"')
    qs = qs.filter(any_category)
    if program.new_students_only:
        qs = qs.filter(is_new_student=True)
    listed = AidAward.objects.filter(program=program).exclude(status=AwardStatus.RETURNED).values("student_id")
    return qs.exclude(pk__in=listed)


def program_awards(program: AidProgram) -> QuerySet[AidAward]:
    return program.awards.select_related("student__school", "source", "proposed_by", "reviewed_by")


def program_sources(program: AidProgram) -> QuerySet[FundingSource]:
    return program.sources.order_by("pk")


def program_units(user: AnyUser) -> QuerySet[Unit]:
    """The units a user may run a programme for: bureaus and departments, not schools or villages."""
    kinds = [UnitKind.SCHOOL, UnitKind.VILLAGE, UnitKind.TOWN]
    return Unit.objects.filter(scope_q(user, "aid.manage")).exclude(kind__in=kinds).order_by("path")


def program_batches(program: AidProgram) -> QuerySet[PaymentBatch]:
    return program.batches.select_related("created_by", "approved_by").annotate(line_count=Count("lines"))


def batch_lines(batch: PaymentBatch) -> QuerySet[PaymentLine]:
    return batch.lines.order_by("pk")


def live_disclosures(today: date) -> QuerySet[AidProgram]:
    """The programmes whose 公示 is on the public site today."""
    return AidProgram.objects.filter(disclosure_starts_on__lte=today, disclosure_ends_on__gte=today).select_related(
        "unit"
    )


def disclosed_rows(program: AidProgram) -> list[tuple[str, str, int]]:
    """(masked name, school, amount in 分) of the approved awards: nothing else leaves for the public."""
    awards = program.awards.filter(status=AwardStatus.APPROVED).order_by("student__school__path", "student__name")
    return [
        (mask_name(n), s, a) for n, s, a in awards.values_list("student__name", "student__school__name", "amount_fen")
    ]


def visible_bank_layouts(user: AnyUser) -> QuerySet[BankLayout]:
    """The bank file layouts kept by the offices in the user's subtree."""
    return BankLayout.objects.filter(scope_q(user, "aid.view", "unit__path")).select_related("unit")


def layouts_for(program: AidProgram) -> QuerySet[BankLayout]:
    """The layouts a batch of `program` may be sent in: its office's and those of the offices above it."""
    units = [program.unit_id, *ancestors(program.unit).values_list("pk", flat=True)]
    return BankLayout.objects.filter(unit__in=units).select_related("unit").order_by("unit__path", "name")
