"""Importing a household ledger of 100,000 rows through the import service, against its floor measured in the
same run: reading the same sheet with python-calamine plus one bulk insert of the rows the import stores (each
household, its 身份证号 already encrypted, hashed and masked, and its first status). Target: at most 1.5× the
floor. `FUPIN_BENCH_HOUSEHOLDS` sets the size (a small run checks the benchmark works; its ratio says little
about the full size)."""

import os
from datetime import date, timedelta

from django.test import override_settings

from bench._imports import best_rolled_back, calamine_rows, office, sheet
from bench._result import Result
from fupin.households.ledger_sheet import COLUMNS, import_ledger
from fupin.households.models import Household, StatusChange
from fupin.lib.id_numbers import check_digit, encrypt_id_number, id_number_hash, mask_id_number
from fupin.orgs.models import Unit, User, path_segment

HOUSEHOLDS = int(os.environ.get("FUPIN_BENCH_HOUSEHOLDS", "100000"))
VILLAGES = 100
CATEGORIES = [("建档立卡户", "registered_poor"), ("脱贫监测户", "monitored"), ("边缘户", "borderline")]


def _id_number(n: int) -> str:
    """A valid 身份证号, different for every n below 365,000."""
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


def _rows() -> list[list[str]]:
    return [
        [f"BH-V{n % VILLAGES:03d}", f"户主{n}", _id_number(n), CATEGORIES[n % 3][0], "因病、缺技术", "", "", "2024"]
        for n in range(HOUSEHOLDS)
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


def _import(data: bytes, user: User) -> None:
    made = import_ledger(by=user, data=data, filename="基准台账.xlsx")
    assert len(made) == HOUSEHOLDS, len(made)


def run() -> Result:
    data = sheet([label for _key, label in COLUMNS], _rows())
    stored = _stored(data)
    with override_settings(FUPIN_HOUSEHOLD_IMPORT_MAX_ROWS=max(HOUSEHOLDS, 100_000)):
        baseline = best_rolled_back(lambda: _prepared("BH-FLOOR"), lambda p: _floor(data, stored, *p))
        value = best_rolled_back(lambda: _prepared("BH-ROOT"), lambda p: _import(data, p[0]))
    return Result(value=value, baseline=baseline, target=1.5, unit="s")
