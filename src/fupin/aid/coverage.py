"""应助尽助: every enrolled 建档立卡 student in scope has an award (listed or approved, in any programme) or a
recorded reason; the gaps by school with the school's contact, and the totals by county."""

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from fupin.orgs.models import Unit, UnitKind
from fupin.orgs.policy import AnyUser, scope_q

from .models import AidAward, AwardStatus, CoverageNote, Enrolment, Student, StudentCategory
from .selectors import visible_students


@dataclass
class SchoolCoverage:
    school: Unit
    county: str
    registered: int
    aided: int
    explained: int

    @property
    def gaps(self) -> int:
        return self.registered - self.aided - self.explained


def _registered(user: AnyUser) -> QuerySet[Student]:
    qs = visible_students(user).filter(
        enrolment=Enrolment.ENROLLED, categories__icontains=f'"{StudentCategory.REGISTERED_POOR}"'
    )
    return qs.annotate(is_aided=_aided(), is_explained=_explained())


def _aided() -> Exists:
    return Exists(AidAward.objects.filter(student=OuterRef("pk")).exclude(status=AwardStatus.RETURNED))


def _explained() -> Exists:
    return Exists(CoverageNote.objects.filter(student=OuterRef("pk")))


def gap_students(user: AnyUser) -> QuerySet[Student]:
    """The enrolled 建档立卡 students with neither an award nor a recorded reason."""
    return _registered(user).filter(~_aided(), ~_explained()).order_by("school__path", "name")


def coverage_by_school(user: AnyUser) -> list[SchoolCoverage]:
    counts = (
        _registered(user)
        .order_by()
        .values("school_id")
        .annotate(
            registered=Count("pk"),
            aided=Count("pk", filter=Q(is_aided=True)),
            explained=Count("pk", filter=Q(is_aided=False, is_explained=True)),
        )
    )
    by_school = {c["school_id"]: c for c in counts}
    schools = Unit.objects.filter(pk__in=by_school).order_by("path")
    counties = list(Unit.objects.filter(scope_q(user, "aid.view"), kind=UnitKind.COUNTY_BUREAU))
    rows = []
    for school in schools:
        county = next((c.name for c in counties if school.path.startswith(c.path)), "")
        c = by_school[school.pk]
        rows.append(SchoolCoverage(school, county, c["registered"], c["aided"], c["explained"]))
    return rows


def coverage_by_county(rows: list[SchoolCoverage]) -> dict[str, dict[str, int]]:
    """{county: {aided, explained, gaps}} in the order the schools came."""
    totals: dict[str, dict[str, int]] = {}
    for row in rows:
        t = totals.setdefault(row.county or "—", {"aided": 0, "explained": 0, "gaps": 0})
        t["aided"] += row.aided
        t["explained"] += row.explained
        t["gaps"] += row.gaps
    return totals
