"""Importing a unit sheet of 20,000 units (a county's towns and their villages) through the import service,
against its floor measured in the same run: reading the same sheet with python-calamine plus one bulk insert of
the same rows. Target: at most 3× the floor. `FUPIN_BENCH_UNITS` sets the size (a small run checks the
benchmark works; its ratio says little about the full size)."""

import os

from django.db import transaction
from django.test import override_settings

from bench._imports import best_rolled_back, calamine_rows, office, sheet
from bench._result import Result, scaled
from fupin.orgs.models import Unit, User
from fupin.orgs.unit_sheet import COLUMNS, import_unit_sheet

UNITS = int(os.environ.get("FUPIN_BENCH_UNITS", scaled(20_000, least=200)))
VILLAGES_PER_TOWN = 99


def _rows(root_code: str) -> list[list[str]]:
    rows: list[list[str]] = []
    town = 0
    while len(rows) < UNITS:
        code = f"{root_code}-T{town:04d}"
        rows.append([code, f"基准{town}镇", root_code, "乡镇", "", "农村", "", "", ""])
        for village in range(min(VILLAGES_PER_TOWN, UNITS - len(rows))):
            rows.append([f"{code}-V{village:02d}", f"基准{town}镇{village}村", code, "村", "", "农村", "", "", ""])
        town += 1
    return rows


def _floor(data: bytes, root: Unit) -> None:
    Unit.objects.bulk_create(
        Unit(name=r[1], code=r[0], kind="village", area="rural", parent=root, depth=1, path=f"{root.path}f{i:08d}/")
        for i, r in enumerate(calamine_rows(data))
    )


def _import(data: bytes, root: Unit, user: User) -> None:
    result = import_unit_sheet(by=user, data=data, filename="基准单位表.xlsx")
    assert len(result.created) == UNITS, len(result.created)
    assert Unit.objects.filter(path__startswith=root.path).count() == UNITS + 1


def run() -> Result:
    data = sheet([label for _key, label in COLUMNS], _rows("BU-ROOT"))
    with override_settings(FUPIN_UNIT_IMPORT_MAX_ROWS=max(UNITS, 20_000)):
        baseline = best_rolled_back(lambda: office("BU-FLOOR", "county_bureau"), lambda o: _floor(data, o[0]))
        value = best_rolled_back(lambda: office("BU-ROOT", "county_bureau"), lambda o: _import(data, *o))
    assert not transaction.get_connection().in_atomic_block
    return Result(value=value, baseline=baseline, target=3.0, unit="s")
