"""Importing the student registry of 100,000 rows through the import service, against its floor measured in
the same run: reading the same sheet with python-calamine plus one bulk insert of the rows the import stores
(each student, the 身份证号 already encrypted, hashed and masked, and the first line of its 工作台帐). Target:
at most 1.5× the floor. `FUPIN_BENCH_STUDENT_ROWS` sets a smaller size; each run rolls back what it wrote."""

import os
from collections.abc import Iterator
from datetime import date, timedelta

from django.test import override_settings

from bench._imports import best_rolled_back, calamine_rows, office, sheet
from bench._result import Result
from fupin.aid.models import Student, StudentChange
from fupin.aid.student_sheet import COLUMNS, import_students
from fupin.lib.id_numbers import check_digit, encrypt_id_number, id_number_hash, mask_id_number
from fupin.orgs.models import Membership, Unit, User, path_segment

ROWS = int(os.environ.get("FUPIN_BENCH_STUDENT_ROWS", "100000"))
SCHOOLS = 100


def _id_number(n: int) -> str:
    """A valid 身份证号 of a pupil born 2005 onwards, different for every n."""
    born = date(2005, 1, 1) + timedelta(days=n // 1000)
    first17 = f"430524{born:%Y%m%d}{n % 1000:03d}"
    return first17 + check_digit(first17)


def _rows(count: int) -> Iterator[list[str]]:
    for n in range(count):
        yield [f"BS-S{n % SCHOOLS:03d}", f"学生{n}", _id_number(n), "高中", "高一", "否", "在读", "建档立卡", "困难"]


def _prepared(code: str) -> tuple[User, dict[str, Unit]]:
    root, user = office(code, "county_bureau")
    Membership.objects.create(user=user, unit=root, role="aid_officer")
    schools = Unit.objects.bulk_create(
        Unit(name=f"基准{s}中学", code=f"BS-S{s:03d}", kind="school", parent=root, depth=1, path=f"tmp-BS-{s}")
        for s in range(SCHOOLS)
    )
    for school in schools:
        school.path = root.path + path_segment(school.pk)
    Unit.objects.bulk_update(schools, ["path"])
    return user, {s.code: s for s in schools}


def _stored(data: bytes) -> list[tuple[str, str, str, str, str, date]]:
    """The values the import stores for each row, worked out before the floor's clock starts."""
    out = []
    for r in calamine_rows(data):
        number = str(r[2])
        birth = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
        out.append(
            (str(r[0]), str(r[1]), encrypt_id_number(number), id_number_hash(number), mask_id_number(number), birth)
        )
    return out


def _floor(data: bytes, stored: list, user: User, by_code: dict[str, Unit]) -> None:
    calamine_rows(data)
    students = Student.objects.bulk_create(
        Student(
            school=by_code[code],
            name=name,
            id_cipher=cipher,
            id_hash=hashed,
            id_masked=masked,
            birth_date=birth,
            stage="senior",
            grade="高一",
            enrolment="enrolled",
            categories=["registered_poor"],
            difficulty="difficult",
        )
        for code, name, cipher, hashed, masked, birth in stored
    )
    StudentChange.objects.bulk_create(
        StudentChange(student=s, changes={"name": [None, s.name]}, note="导入", recorded_by=user) for s in students
    )


def _import(data: bytes, user: User) -> None:
    students, updated = import_students(by=user, data=data, filename="基准学生台帐.xlsx")
    assert (len(students), updated) == (ROWS, 0), (len(students), updated)


def run() -> Result:
    data = sheet([label for _key, label in COLUMNS], _rows(ROWS))
    stored = _stored(data)
    with override_settings(FUPIN_STUDENT_IMPORT_MAX_ROWS=max(ROWS, 100_000)):
        baseline = best_rolled_back(lambda: _prepared("BS-FLOOR"), lambda p: _floor(data, stored, *p))
        value = best_rolled_back(lambda: _prepared("BS-ROOT"), lambda p: _import(data, p[0]))
    return Result(value=value, baseline=baseline, target=1.5, unit="s")
