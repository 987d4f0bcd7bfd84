"""应助尽助: every enrolled 建档立卡 student in scope has an award (listed or approved, in any programme) or a
recorded reason; the gaps by school with the school's contact, and the totals by county."""

from dataclasses import dataclass

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Exists, OuterRef, QuerySet

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


def _enrolled_poor(user: AnyUser) -> QuerySet[Student]:
    return visible_students(user).filter(
        enrolment=Enrolment.ENROLLED, categories__icontains=f'"{StudentCategory.REGISTERED_POOR}"'
    )


def _registered(user: AnyUser) -> QuerySet[Student]:
    return _enrolled_poor(user).annotate(is_aided=_aided(), is_explained=_explained())


def _aided() -> Exists:
    return Exists(AidAward.objects.filter(student=OuterRef("pk")).exclude(status=AwardStatus.RETURNED))


def _explained() -> Exists:
    return Exists(CoverageNote.objects.filter(student=OuterRef("pk")))


def gap_students(user: AnyUser) -> QuerySet[Student]:
    """The enrolled 建档立卡 students with neither an award nor a recorded reason."""
    return _registered(user).filter(~_aided(), ~_explained()).order_by("school__path", "name")


def _counts_by_school(user: AnyUser) -> dict[int, tuple[int, int, int]]:
    """{school id: (registered, aided, explained)} in one statement over the scoped registry: each student's
    awards and reasons joined once (a hash join over a province, index look-ups for one school), then counted by
    school, rather than two look-ups per student."""
    students = _enrolled_poor(user).order_by().values("id", "school_id")
    try:
        inner, params = students.query.sql_with_params()
    except EmptyResultSet:  # no school in the user's scope
        return {}
    award, note = AidAward._meta.db_table, CoverageNote._meta.db_table
    # The tables are the models' own names; the scoped query's values are parameters.
    sql = (
        "SELECT school_id, COUNT(*), SUM(aided), SUM(CASE WHEN aided = 0 AND noted = 1 THEN 1 ELSE 0 END) FROM ("  # nosec B608
        "SELECT s.id, s.school_id, MAX(CASE WHEN a.status <> %s THEN 1 ELSE 0 END) AS aided, "
        "MAX(CASE WHEN c.id IS NULL THEN 0 ELSE 1 END) AS noted "
        f"FROM ({inner}) s LEFT JOIN {award} a ON a.student_id = s.id LEFT JOIN {note} c ON c.student_id = s.id "
        "GROUP BY s.id, s.school_id) per_student GROUP BY school_id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [AwardStatus.RETURNED, *params])
        return {row[0]: (row[1], int(row[2]), int(row[3])) for row in cursor.fetchall()}


def coverage_by_school(user: AnyUser) -> list[SchoolCoverage]:
    by_school = _counts_by_school(user)
    schools = Unit.objects.filter(pk__in=by_school).order_by("path")
    counties = list(Unit.objects.filter(scope_q(user, "aid.view"), kind=UnitKind.COUNTY_BUREAU))
    rows = []
    for school in schools:
        county = next((c.name for c in counties if school.path.startswith(c.path)), "")
        rows.append(SchoolCoverage(school, county, *by_school[school.pk]))
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
