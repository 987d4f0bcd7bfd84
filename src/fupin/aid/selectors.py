"""Every read of student aid, already scoped to the user's subtree."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.db.models.functions import Coalesce

from fupin.lib.id_numbers import id_number_hashes, normalise_id_number
from fupin.lib.masking import mask_name
from fupin.orgs.models import Unit, UnitKind
from fupin.orgs.policy import AnyUser, scope_q
from fupin.orgs.selectors import ancestors
from fupin.pairing.models import Pairing, PairingKind, Visit

from .models import (
    AidAward,
    AidProgram,
    AwardStatus,
    BankLayout,
    Enrolment,
    FundingSource,
    PairedStudent,
    PairingSide,
    PaymentBatch,
    PaymentLine,
    PaymentResult,
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


def batch_outcomes(program: AidProgram) -> QuerySet[PaymentBatch]:
    """The programme's batches, each with how many of its lines are pending, paid and failed."""
    counts = {
        result: Count("lines", filter=Q(lines__result=result))
        for result in (PaymentResult.PENDING, PaymentResult.PAID, PaymentResult.FAILED)
    }
    return program.batches.annotate(**counts).order_by("pk")


def batch_outcome(batch: PaymentBatch) -> dict[str, int]:
    """How many of the batch's lines are pending, paid and failed, and how many failed are not yet re-queued."""
    counts = dict(batch.lines.order_by().values_list("result").annotate(n=Count("pk")).values_list("result", "n"))
    again = PaymentLine.objects.filter(batch__requeue_of=batch).values("award_id")
    to_requeue = batch.lines.filter(result=PaymentResult.FAILED).exclude(award__in=again).count()
    return {result: counts.get(result, 0) for result in PaymentResult.values} | {"to_requeue": to_requeue}


def batch_totals(batch: PaymentBatch) -> dict[str, int]:
    """The batch's line count, its pending, paid and failed lines, and their total in 分: one query."""
    by_result = {
        str(result): Count("pk", filter=Q(result=result))
        for result in (PaymentResult.PENDING, PaymentResult.PAID, PaymentResult.FAILED)
    }
    totals = batch.lines.order_by().aggregate(
        line_count=Count("pk"), total_amount_fen=Coalesce(Sum("amount_fen"), 0), **by_result
    )
    return {key: int(value) for key, value in totals.items()}


def requeued_in(line: PaymentLine) -> int | None:
    """The batch a failed line was re-queued into, if it was."""
    again = PaymentLine.objects.filter(batch__requeue_of=line.batch_id, award=line.award_id)
    return again.values_list("batch_id", flat=True).first()


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


@dataclass
class PairedSide:
    """One side of a 学生结对 as an aid page shows it: the name on the pairing, the registry's student when
    linked and visible to the user, that student's approved awards, and the user's students of that name."""

    side: str
    label: str
    name: str
    link: PairedStudent | None = None
    visible: bool = False
    awards: list[AidAward] = field(default_factory=list)
    candidates: list[Student] = field(default_factory=list)


@dataclass
class StudentPairing:
    pairing: Pairing
    sides: list[PairedSide]


def _approved_awards(students: set[int]) -> dict[int, list[AidAward]]:
    found: dict[int, list[AidAward]] = defaultdict(list)
    awards = AidAward.objects.filter(student__in=students, status=AwardStatus.APPROVED).select_related("program")
    for award in awards.order_by("program__name", "pk"):
        found[award.student_id].append(award)
    return found


def student_pairings(user: AnyUser, limit: int = 200) -> list[StudentPairing]:
    """The 学生结对 of the helping units in the user's subtree, newest first, each side with its link to the
    registry and whether that student receives aid; in a fixed number of queries."""
    qs = Pairing.objects.filter(scope_q(user, "aid.view", "unit__path"), kind=PairingKind.STUDENT_STUDENT)
    pairings = list(qs.select_related("unit").order_by("-started_on", "pk")[:limit])
    links = PairedStudent.objects.filter(pairing__in=pairings).select_related("student__school")
    by_side = {(link.pairing_id, link.side): link for link in links}
    visible = set(
        Student.objects.filter(
            scope_q(user, "aid.view", "school__path"), pk__in=[k.student_id for k in by_side.values()]
        ).values_list("pk", flat=True)
    )
    awards = _approved_awards(visible)
    rows = [
        StudentPairing(p, [PairedSide(v, str(label), getattr(p, f"{v}_name")) for v, label in PairingSide.choices])
        for p in pairings
    ]
    open_names: set[str] = set()
    for row in rows:
        for side in row.sides:
            side.link = by_side.get((row.pairing.pk, side.side))
            side.visible = side.link is not None and side.link.student_id in visible
            side.awards = awards.get(side.link.student_id, []) if side.link is not None else []
            open_names |= {side.name} if side.link is None else set()
    _add_candidates(user, rows, open_names)
    return rows


def _add_candidates(user: AnyUser, rows: list[StudentPairing], names: set[str]) -> None:
    """The students of the user's subtree named as an unlinked side, for the officer to choose from."""
    by_name: dict[str, list[Student]] = defaultdict(list)
    qs = Student.objects.filter(scope_q(user, "aid.manage", "school__path"), name__in=names).select_related("school")
    for found in qs.order_by("school__path", "pk")[:500]:
        by_name[found.name].append(found)
    for row in rows:
        for side in row.sides:
            side.candidates = by_name.get(side.name, []) if side.link is None else []


def pairings_of(student: Student) -> QuerySet[PairedStudent]:
    """The 学生结对 a student is linked to, for the student's record, each with the support recorded under it
    (its visits and activities, newest first), so every year's support shows without being typed again."""
    visits = Prefetch("pairing__visits", queryset=Visit.objects.order_by("-visited_on", "-pk"))
    return student.pairings.select_related("pairing__unit").prefetch_related(visits).order_by("-pairing__started_on")
