"""应助尽助 for 1,000,000 students costs at most 1.5× one hand-written SQL query over the same rows.

A county bureau with 200 schools and 1,000,000 students (four in five 建档立卡, one in twenty no longer
enrolled); three in five of the 建档立卡 students hold an award (one in ten of those returned, so not counted),
one in ten has a recorded reason instead. `coverage_by_school()` for the bureau's aid officer is timed against
one GROUP BY written by hand; both must give the same counts per school. `FUPIN_BENCH_STUDENTS` sets a smaller
size; everything is built and measured inside a transaction that is rolled back.
"""

import os
import sys
import time
from datetime import date

from django.db import connection, transaction

from bench._imports import office
from bench._result import Result, analyze, best_of
from fupin.aid.coverage import coverage_by_school
from fupin.aid.models import AidAward, AidProgram, CoverageNote, FundingSource, Student
from fupin.orgs.models import Membership, Unit, User, path_segment

STUDENTS = int(os.environ.get("FUPIN_BENCH_STUDENTS", "1000000"))
SCHOOLS, BATCH = 200, 5_000


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


def _student(n: int, schools: list[Unit]) -> Student:
    return Student(
        school=schools[n % SCHOOLS],
        name=f"学生{n}",
        id_cipher="-",
        id_hash=f"bench-aid-coverage-{n:012d}",
        id_masked="",
        birth_date=date(2008, 1, 1),
        stage="senior",
        enrolment="graduated" if n % 20 == 19 else "enrolled",
        categories=["subsistence"] if n % 5 == 4 else ["registered_poor", "subsistence"],
        difficulty="difficult",
    )


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


def _build() -> User:
    root, user = office("BA-ROOT", "county_bureau")
    Membership.objects.create(user=user, unit=root, role="aid_officer")
    schools = _schools(root)
    students = Student.objects.bulk_create((_student(n, schools) for n in range(STUDENTS)), batch_size=BATCH)
    program, source = _program(root)
    AidAward.objects.bulk_create(
        (
            AidAward(
                program=program,
                student=s,
                source=source,
                amount_fen=200_000,
                status="returned" if n % 10 == 0 else "approved",
                proposed_by=user,
            )
            for n, s in enumerate(students)
            if n % 5 in (0, 1, 2)
        ),
        batch_size=BATCH,
    )
    CoverageNote.objects.bulk_create(
        (
            CoverageNote(student=s, reason="已享受其他资助", recorded_by=user)
            for n, s in enumerate(students)
            if n % 10 == 3
        ),
        batch_size=BATCH,
    )
    return user


def _sql(user: User) -> tuple[str, list]:
    """Per school: enrolled 建档立卡 students, those with an award not returned, those with only a reason."""
    student, award, note = Student._meta.db_table, AidAward._meta.db_table, CoverageNote._meta.db_table
    aided = f"EXISTS (SELECT 1 FROM {award} a WHERE a.student_id = s.id AND a.status <> 'returned')"
    explained = f"EXISTS (SELECT 1 FROM {note} c WHERE c.student_id = s.id)"
    sql = (
        f"SELECT s.school_id, COUNT(*), COUNT(*) FILTER (WHERE {aided}), "
        f"COUNT(*) FILTER (WHERE NOT {aided} AND {explained}) "
        f"FROM {student} s JOIN {Unit._meta.db_table} u ON u.id = s.school_id "
        "WHERE u.path LIKE %s AND s.enrolment = 'enrolled' AND CAST(s.categories AS TEXT) LIKE %s GROUP BY s.school_id"
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
