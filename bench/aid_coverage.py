"""应助尽助 for 1,000,000 students costs at most 1.5× one hand-written SQL query over the same rows.

A county bureau with 200 schools and 1,000,000 students (four in five 建档立卡, one in twenty no longer
enrolled); three in five of the 建档立卡 students hold an award (one in ten of those returned, so not counted),
one in ten has a recorded reason instead. `coverage_by_school()` for the bureau's aid officer is timed against
one GROUP BY written by hand; both must give the same counts per school. `FUPIN_BENCH_STUDENTS` sets another size
(`FUPIN_BENCH_SCALE` scales the default); the rows are written with COPY a chunk at a time, and everything is
built and measured inside a transaction that is rolled back.
"""

import os
import sys
import time
from datetime import date, datetime

from django.db import connection, transaction
from django.utils import timezone

from bench._imports import office
from bench._result import Result, analyze, best_of, scaled
from fupin.aid.coverage import coverage_by_school
from fupin.aid.models import AidAward, AidProgram, CoverageNote, FundingSource, Student
from fupin.lib.bulk import allocate_ids, insert_values
from fupin.orgs.models import Membership, Unit, User, path_segment

STUDENTS = int(os.environ.get("FUPIN_BENCH_STUDENTS", "0")) or scaled(1_000_000, least=2_000)
SCHOOLS, CHUNK = 200, 50_000
STUDENT_FIELDS = [
    *("id", "school", "name", "id_cipher", "id_hash", "id_masked", "birth_date"),
    *("stage", "enrolment", "categories", "difficulty", "updated_at"),
]


def _schools(root: Unit) -> list[Unit]:
    schools = Unit.objects.bulk_create(
        Unit(
            name=f"基准学校{n}",
            code=f"BA-S{n:03d}",
            kind="school",
            stage="secondary",
            parent=root,
            depth=1,
            path=f"tmp-{n}",
        )
        for n in range(SCHOOLS)
    )
    for school in schools:
        school.path = root.path + path_segment(school.pk)
    Unit.objects.bulk_update(schools, ["path"])
    return schools


def _student(pk: int, n: int, school: int, now: datetime) -> tuple:
    enrolment = "graduated" if n % 20 == 19 else "enrolled"
    categories = ["subsistence"] if n % 5 == 4 else ["registered_poor", "subsistence"]
    digest, born = f"bench-aid-coverage-{n:012d}", date(2008, 1, 1)
    return (pk, school, f"学生{n}", "-", digest, "", born, "senior", enrolment, categories, "difficult", now)


def _program(root: Unit) -> tuple[AidProgram, FundingSource]:
    program = AidProgram.objects.create(
        unit=root,
        name="基准资助项目",
        level="county",
        amount_fen=200_000,
        target_count=STUDENTS,
        opens_on=date(2026, 9, 1),
        closes_on=date(2026, 9, 30),
    )
    total = 200_000 * STUDENTS
    source = FundingSource.objects.create(
        program=program, name="扶贫办", pledged_fen=total, received_fen=total, committed_fen=0
    )
    return program, source


def _chunk(first: int, schools: list[int], program: AidProgram, source: FundingSource, user: User) -> None:
    """Students `first`… (one chunk) with their awards and reasons, each table in one COPY."""
    numbers = range(first, min(STUDENTS, first + CHUNK))
    ids, now = allocate_ids(Student, len(numbers)), timezone.now()
    pairs = list(zip(ids, numbers, strict=True))
    insert_values(Student, STUDENT_FIELDS, [_student(pk, n, schools[n % SCHOOLS], now) for pk, n in pairs])
    awarded = [(pk, n) for pk, n in pairs if n % 5 in (0, 1, 2)]
    insert_values(
        AidAward,
        ["program", "student", "source", "amount_fen", "status", "proposed_by", "created_at"],
        [
            (program.pk, pk, source.pk, 200_000, "returned" if n % 10 == 0 else "approved", user.pk, now)
            for pk, n in awarded
        ],
    )
    explained = [pk for pk, n in pairs if n % 10 == 3]
    insert_values(
        CoverageNote,
        ["student", "reason", "recorded_by", "recorded_at"],
        [(pk, "已享受其他资助", user.pk, now) for pk in explained],
    )


def _build() -> User:
    root, user = office("BA-ROOT", "county_bureau")
    Membership.objects.create(user=user, unit=root, role="aid_officer")
    schools = [school.pk for school in _schools(root)]
    program, source = _program(root)
    for first in range(0, STUDENTS, CHUNK):
        _chunk(first, schools, program, source, user)
    return user


def _sql(user: User) -> tuple[str, list]:
    """Per school: enrolled 建档立卡 students, those with an award not returned, those with only a reason. Of the
    shapes one would write by hand (EXISTS per student, the distinct awarded and explained students joined, each
    student's awards and reasons joined and folded per student) the last is the fastest here, so it is the floor."""
    student, award, note = Student._meta.db_table, AidAward._meta.db_table, CoverageNote._meta.db_table
    sql = (
        "SELECT school_id, COUNT(*), SUM(aided), COUNT(*) FILTER (WHERE aided = 0 AND noted = 1) FROM ("
        "SELECT s.id, s.school_id, MAX(CASE WHEN a.status <> 'returned' THEN 1 ELSE 0 END) AS aided, "
        "MAX(CASE WHEN c.id IS NULL THEN 0 ELSE 1 END) AS noted "
        f"FROM {student} s JOIN {Unit._meta.db_table} u ON u.id = s.school_id "
        f"LEFT JOIN {award} a ON a.student_id = s.id LEFT JOIN {note} c ON c.student_id = s.id "
        "WHERE u.path LIKE %s AND s.enrolment = 'enrolled' AND CAST(s.categories AS TEXT) LIKE %s "
        "GROUP BY s.id, s.school_id) per_student GROUP BY school_id"
    )
    root = Unit.objects.get(code="BA-ROOT")
    return sql, [root.path + "%", '%"registered_poor"%']


def _baseline(user: User) -> dict[int, tuple[int, int, int]]:
    sql, params = _sql(user)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {r[0]: (r[1], r[2], r[3]) for r in cursor.fetchall()}


def _check_same(user: User) -> None:
    rows = {r.school.pk: (r.registered, r.aided, r.explained) for r in coverage_by_school(user)}
    assert rows == _baseline(user), "the coverage and the hand-written SQL disagree"
    assert sum(r[0] for r in rows.values()) > 0


def run() -> Result:
    with transaction.atomic():
        started = time.perf_counter()
        user = _build()
        analyze()
        print(f"aid_coverage: built on {connection.vendor} in {time.perf_counter() - started:.0f}s", file=sys.stderr)
        _check_same(user)
        value = best_of(lambda: coverage_by_school(user), repeat=3)
        baseline = best_of(lambda: _baseline(user), repeat=3)
        transaction.set_rollback(True)
    return Result(value=value, baseline=baseline, target=1.5)
