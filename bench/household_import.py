"""Importing a household ledger of 100,000 rows through the import service, against its floor measured in the
same run: reading the same sheet with python-calamine plus one bulk insert of the rows the import stores (each
household, its 身份证号 already encrypted, hashed and masked, and its first status). Target: at most 1.5× the
floor. `FUPIN_BENCH_HOUSEHOLDS` sets the size (a small run checks the benchmark works; its ratio says little
about the full size).

Then memory, which must stay flat from 100,000 to 1,000,000 rows: the import's peak resident
memory (above what the process held once the sheet's bytes were read) for that size and for ten times it
(`FUPIN_BENCH_HOUSEHOLDS_LARGE`, default 1,000,000), each in a fresh process; printed with their ratio and the
growth per added row. Flat means the larger sheet's peak is at most MEMORY_GROWTH times the smaller's, for ten
times the rows (an import that held a keyed hash for every row read failed this); the run fails otherwise."""

import os
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

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
from fupin.households.ledger_sheet import COLUMNS, import_ledger
from fupin.households.models import Household, StatusChange
from fupin.lib import xlsx
from fupin.lib.id_numbers import check_digit, encrypt_id_number, id_number_hash, mask_id_number
from fupin.orgs.models import Unit, User, path_segment

HOUSEHOLDS = int(os.environ.get("FUPIN_BENCH_HOUSEHOLDS", "100000"))
LARGE = int(os.environ.get("FUPIN_BENCH_HOUSEHOLDS_LARGE", str(10 * HOUSEHOLDS)))
MEMORY_GROWTH = 1.5  # the larger sheet's peak over the smaller's, at most: flat
VILLAGES = 100
CATEGORIES = [("建档立卡户", "registered_poor"), ("脱贫监测户", "monitored"), ("边缘户", "borderline")]


def _id_number(n: int) -> str:
    """A valid 身份证号, different for every n (a birth day per thousand, three serial digits)."""
    born = date(1950, 1, 1) + timedelta(days=n // 1000)
    first17 = f"430524{born:%Y%m%d}{n % 1000:03d}"
    return first17 + check_digit(first17)


def _villages(root: Unit) -> list[Unit]:
    villages = Unit.objects.bulk_create(
        Unit(name=f"基准{v}村", code=f"BH-V{v:03d}", kind="village", parent=root, depth=1, path=f"tmp-BH-{v}")
        for v in range(VILLAGES)
    )
    for village in villages:
        village.path = root.path + path_segment(village.pk)
    Unit.objects.bulk_update(villages, ["path"])
    return villages


def _rows(count: int) -> Iterator[list[str]]:
    for n in range(count):
        yield [
            f"BH-V{n % VILLAGES:03d}",
            f"户主{n}",
            _id_number(n),
            CATEGORIES[n % 3][0],
            "因病、缺技术",
            "",
            "",
            "2024",
        ]


def _stored(data: bytes) -> list[tuple[str, str, str, str, str]]:
    """The values the import stores for each row, worked out before the floor's clock starts."""
    return [
        (str(r[0]), str(r[1]), encrypt_id_number(str(r[2])), id_number_hash(str(r[2])), mask_id_number(str(r[2])))
        for r in calamine_rows(data)
    ]


def _prepared(code: str) -> tuple[User, dict[str, Unit]]:
    root, user = office(code, "county_bureau")
    return user, {v.code: v for v in _villages(root)}


def _floor(data: bytes, stored: list[tuple[str, str, str, str, str]], user: User, by_code: dict[str, Unit]) -> None:
    calamine_rows(data)
    households = Household.objects.bulk_create(
        Household(
            village=by_code[code],
            head_name=name,
            head_id_cipher=cipher,
            head_id_hash=hashed,
            head_id_masked=masked,
            category="registered_poor",
            poverty_causes=["illness", "skills"],
            status="in_poverty",
        )
        for code, name, cipher, hashed, masked in stored
    )
    StatusChange.objects.bulk_create(
        StatusChange(household=h, status=h.status, year=2024, recorded_by=user) for h in households
    )


def _import(data: bytes, user: User, count: int) -> None:
    made = import_ledger(by=user, data=data, filename="基准台账.xlsx")
    assert made.summary[0][1] == count, made.summary


def _ledger(count: int) -> bytes:
    return sheet([label for _key, label in COLUMNS], _rows(count))


def _memory(count: int) -> int:
    """Peak resident bytes the import of `count` rows adds, measured in a fresh process."""
    return memory_in_fresh_process("bench.household_import", _ledger(count), count)


def _timed() -> tuple[float, float]:
    """(the import's seconds, the floor's seconds)."""
    data = _ledger(HOUSEHOLDS)
    stored = _stored(data)
    with override_settings(FUPIN_HOUSEHOLD_IMPORT_MAX_ROWS=max(HOUSEHOLDS, 100_000)):
        baseline = best_rolled_back(lambda: _prepared("BH-FLOOR"), lambda p: _floor(data, stored, *p))
        value = best_rolled_back(lambda: _prepared("BH-ROOT"), lambda p: _import(data, p[0], HOUSEHOLDS))
    return value, baseline


def run() -> Result:
    value, baseline = _timed()
    small, large = _memory(HOUSEHOLDS), _memory(LARGE)
    per_row, growth = (large - small) / (LARGE - HOUSEHOLDS), large / small
    print(
        f"household_import memory: {HOUSEHOLDS} rows {small / 2**20:.1f}MiB, {LARGE} rows {large / 2**20:.1f}MiB, "
        f"ratio={growth:.2f} (target<={MEMORY_GROWTH}), {per_row:.0f} bytes per added row"
    )
    failure = f"memory grew {growth:.2f}x for {LARGE / HOUSEHOLDS:.0f}x the rows" if growth > MEMORY_GROWTH else ""
    return Result(value=value, baseline=baseline, target=1.5, unit="s", failure=failure)


def measure_memory(path: str, count: int) -> int:
    """In this process: the import of the sheet at `path`, rolled back; its peak memory above the start."""
    data = Path(path).read_bytes()
    # a sheet larger than an upload may be: the limits guard uploads, this measures the reader and the writer
    xlsx.MAX_BYTES = xlsx.MAX_UNZIPPED_BYTES = 1 << 40
    with override_settings(FUPIN_HOUSEHOLD_IMPORT_MAX_ROWS=count):
        return peak_memory(
            lambda: seconds_rolled_back(lambda: _prepared("BH-MEM"), lambda p: _import(data, p[0], count))
        )
