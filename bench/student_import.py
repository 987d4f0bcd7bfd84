"""Importing the student registry of 100,000 rows through the import service, against its floor measured in
the same run: reading the same sheet with python-calamine plus one bulk insert of the rows the import stores
(each student, the 身份证号 already encrypted, hashed and masked, and the first line of its 工作台帐). Target:
at most 1.5× the floor. `FUPIN_BENCH_STUDENT_ROWS` sets a smaller size; each run rolls back what it wrote.

It must also be at least PANDAS_SPEEDUP times faster than the way a script would load the sheet:
`pandas.read_excel` (openpyxl) of the same file plus `DataFrame.to_sql` of its rows into a table of their own
(made and dropped by the run, through SQLAlchemy on the same database), timed once in the same run.

Then memory: the import's peak resident memory (above what the process held before it, the sheet's bytes
included) for that size and for ten times it (`FUPIN_BENCH_STUDENT_ROWS_LARGE`), each in a fresh process;
printed with their ratio and the growth per added row. The run fails when a row added costs more than
MEMORY_PER_ROW bytes."""

import io
import os
import time
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pandas
import sqlalchemy
from django.db import connection
from django.test import override_settings

from bench._imports import (
    best_rolled_back,
    calamine_rows,
    memory_in_fresh_process,
    office,
    peak_memory,
    seconds_rolled_back,
    sheet,
)
from bench._result import Result
from fupin.aid.models import Student, StudentChange
from fupin.aid.student_sheet import COLUMNS, import_students
from fupin.lib import xlsx
from fupin.lib.id_numbers import check_digit, encrypt_id_number, id_number_hash, mask_id_number
from fupin.orgs.models import Membership, Unit, User, path_segment

ROWS = int(os.environ.get("FUPIN_BENCH_STUDENT_ROWS", "100000"))
LARGE = int(os.environ.get("FUPIN_BENCH_STUDENT_ROWS_LARGE", str(10 * ROWS)))
MEMORY_PER_ROW = 256  # bytes of peak memory a row added to the sheet may cost
PANDAS_SPEEDUP = 3.0  # the import at least this many times faster than pandas.read_excel + to_sql
PANDAS_TABLE = "bench_student_pandas"
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


def _stored(data: bytes, schools: dict[str, str]) -> list[tuple[str, str, str, str, str, date, dict]]:
    """The values the import stores for each row, worked out before the floor's clock starts: the student's
    fields and its first 工作台帐 line, as the import writes them."""
    out = []
    for r in calamine_rows(data):
        code, name, number = str(r[0]), str(r[1]), str(r[2])
        birth = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
        masked = mask_id_number(number)
        first = {"school": schools[code], "name": name, "id_masked": masked, "stage": "senior", "grade": "高一"}
        first |= {"is_new_student": False, "enrolment": "enrolled", "categories": ["registered_poor"]}
        changes = {key: [None, value] for key, value in (first | {"difficulty": "difficult"}).items()}
        out.append((code, name, encrypt_id_number(number), id_number_hash(number), masked, birth, changes))
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
        for code, name, cipher, hashed, masked, birth, _changes in stored
    )
    StudentChange.objects.bulk_create(
        StudentChange(student=s, changes=row[-1], note="导入 基准学生台帐.xlsx", recorded_by=user)
        for s, row in zip(students, stored, strict=True)
    )


def _import(data: bytes, user: User, count: int) -> None:
    made = import_students(by=user, data=data, filename="基准学生台帐.xlsx")
    assert made.summary == [("新登记受助学生", count), ("更新受助学生", 0)], made.summary


def _registry(count: int) -> bytes:
    return sheet([label for _key, label in COLUMNS], _rows(count))


def _memory(count: int) -> int:
    """Peak resident bytes the import of `count` rows adds, measured in a fresh process."""
    return memory_in_fresh_process("bench.student_import", _registry(count), count)


def _engine() -> sqlalchemy.Engine:
    """The benchmark's database, as SQLAlchemy (which to_sql needs) reaches it."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return sqlalchemy.create_engine(f"sqlite:///{db['NAME']}")
    url = sqlalchemy.URL.create(
        "postgresql+psycopg",
        username=db["USER"] or None,
        password=db["PASSWORD"] or None,
        host=db["HOST"] or None,
        port=int(db["PORT"]) if db["PORT"] else None,
        database=db["NAME"],
    )
    return sqlalchemy.create_engine(url)


def _pandas_seconds(data: bytes) -> float:
    """pandas.read_excel of the sheet (title row skipped, every column read as text, as the import reads
    it) and DataFrame.to_sql of its rows into a table of their own, dropped afterwards."""
    engine = _engine()
    try:
        start = time.perf_counter()
        frame = pandas.read_excel(io.BytesIO(data), skiprows=1, dtype=str)
        frame.to_sql(PANDAS_TABLE, engine, if_exists="replace", index=False, chunksize=10_000)
        elapsed = time.perf_counter() - start
        assert len(frame) == ROWS, len(frame)
    finally:
        with engine.begin() as db:
            db.execute(sqlalchemy.text(f"DROP TABLE IF EXISTS {PANDAS_TABLE}"))
        engine.dispose()
    return elapsed


def _timed(data: bytes) -> tuple[float, float]:
    """(the import's seconds, the floor's seconds)."""
    stored = _stored(data, {f"BS-S{n:03d}": f"基准{n}中学" for n in range(SCHOOLS)})
    with override_settings(FUPIN_STUDENT_IMPORT_MAX_ROWS=max(ROWS, 100_000)):
        baseline = best_rolled_back(lambda: _prepared("BS-FLOOR"), lambda p: _floor(data, stored, *p))
        value = best_rolled_back(lambda: _prepared("BS-ROOT"), lambda p: _import(data, p[0], ROWS))
    return value, baseline


def _against_pandas(data: bytes, value: float) -> str:
    """Why the run fails against pandas (empty when it is fast enough), the comparison printed."""
    slower = _pandas_seconds(data)
    speedup = slower / value
    verdict = "PASS" if speedup >= PANDAS_SPEEDUP else "FAIL"
    print(
        f"student_import against pandas: read_excel + to_sql {slower:.3f}s, import {value:.3f}s, "
        f"{speedup:.2f}x faster (target>={PANDAS_SPEEDUP:.1f}x) {verdict}"
    )
    return "" if speedup >= PANDAS_SPEEDUP else f"only {speedup:.2f}x faster than pandas"


def run() -> Result:
    data = _registry(ROWS)
    value, baseline = _timed(data)
    against_pandas = _against_pandas(data, value)
    small, large = _memory(ROWS), _memory(LARGE)
    per_row = (large - small) / (LARGE - ROWS)
    print(
        f"student_import memory: {ROWS} rows {small / 2**20:.1f}MiB, {LARGE} rows {large / 2**20:.1f}MiB, "
        f"ratio={large / small:.2f}, {per_row:.0f} bytes per added row (target<={MEMORY_PER_ROW})"
    )
    failure = f"memory {per_row:.0f} bytes per row" if per_row > MEMORY_PER_ROW else ""
    failure = "; ".join(filter(None, [failure, against_pandas]))
    return Result(value=value, baseline=baseline, target=1.5, unit="s", failure=failure)


def measure_memory(path: str, count: int) -> int:
    """In this process: the import of the sheet at `path`, rolled back; its peak memory above the start."""
    data = Path(path).read_bytes()
    # a sheet larger than an upload may be: the limits guard uploads, this measures the reader and the writer
    xlsx.MAX_BYTES = xlsx.MAX_UNZIPPED_BYTES = 1 << 40
    with override_settings(FUPIN_STUDENT_IMPORT_MAX_ROWS=count):
        return peak_memory(
            lambda: seconds_rolled_back(lambda: _prepared("BS-MEM"), lambda p: _import(data, p[0], count))
        )
