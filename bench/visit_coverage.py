"""The coverage of the 行动月 costs at most 1.5× one hand-written SQL aggregate over the same rows.

A county bureau with ten helping units, a cadre for every hundred households, 100,000 干部包户 pairings and
300,000 visits in October (four fifths of the households visited, one visit in ten a leader's 一线慰问调研,
half the home visits with agreed measures, one in five with a follow-up date). `coverage()` for the bureau
(its per-unit and per-cadre lines) is timed against one statement that counts the same per unit and per cadre
by hand; both must give the same totals. `FUPIN_BENCH_PAIRINGS` sets another size (visits stay three per
pairing; `FUPIN_BENCH_SCALE` scales the default); the rows are written with COPY, and everything is built and
measured inside a transaction that is rolled back.
"""

import os
import sys
import time
from datetime import date, datetime, timedelta

from django.db import connection, transaction
from django.utils import timezone

from bench._imports import office
from bench._result import Result, analyze, best_of, scaled
from fupin.households.models import Household
from fupin.lib.bulk import allocate_ids, insert_values
from fupin.orgs.models import PATH_STEP, Unit, User, path_segment
from fupin.pairing.coverage import Period, coverage
from fupin.pairing.models import Pairing, Visit

PAIRINGS = int(os.environ.get("FUPIN_BENCH_PAIRINGS", "0")) or scaled(100_000, least=1_000)
VISITS = 3 * PAIRINGS
UNITS, PER_CADRE, CHUNK = 10, 100, 50_000
PERIOD = Period(date(2026, 10, 1), date(2026, 10, 31))
TODAY = date(2026, 11, 15)


def _child(root: Unit, n: int, kind: str) -> Unit:
    unit = Unit.objects.create(name=f"基准{kind}{n}", code=f"BV-{kind}-{n}", kind=kind, parent=root, depth=1)
    unit.path = root.path + path_segment(unit.pk)
    Unit.objects.filter(pk=unit.pk).update(path=unit.path)
    return unit


HOUSEHOLD_FIELDS = [
    *("id", "village", "head_name", "head_id_cipher", "head_id_hash", "head_id_masked"),
    *("category", "status", "created_at"),
]


def _households(village: Unit, now: datetime) -> list[int]:
    ids = allocate_ids(Household, PAIRINGS)
    digest, category, status = "bench-visit-coverage-{:012d}", "registered_poor", "in_poverty"
    rows = [(pk, village.pk, f"户主{n}", "-", digest.format(n), "", category, status, now) for n, pk in enumerate(ids)]
    insert_values(Household, HOUSEHOLD_FIELDS, rows)
    return ids


def _pairings(root: Unit, now: datetime) -> list[int]:
    """The pairings' ids, in the order of their households; each cadre helps PER_CADRE households."""
    units = [_child(root, n, "department").pk for n in range(UNITS)]
    households = _households(_child(root, 0, "village"), now)
    cadres = User.objects.bulk_create(
        User(username=f"bench-cadre-{n}", name=f"干部{n}", password="!") for n in range(PAIRINGS // PER_CADRE + 1)
    )
    ids = allocate_ids(Pairing, PAIRINGS)
    insert_values(
        Pairing,
        ["id", "kind", "unit", "cadre", "household", "started_on", "created_at"],
        [
            (pk, "cadre_household", units[n % UNITS], cadres[n // PER_CADRE].pk, household, date(2026, 9, 1), now)
            for n, (pk, household) in enumerate(zip(ids, households, strict=True))
        ],
    )
    return ids


def _visit(n: int, pairing: int, by: User, now: datetime) -> tuple:
    visited_on = PERIOD.start + timedelta(days=n % 28)
    kind = "leader_visit" if n % 10 == 9 else "home_visit"
    follow_up = visited_on + timedelta(days=3) if n % 5 == 0 else None
    return (pairing, kind, visited_on, "干部", "发展产业" if n % 2 else "", follow_up, by.pk, now)


def _build() -> tuple[Unit, User]:
    """The bureau and its rows, each table written with COPY (a chunk of visits at a time)."""
    root, user = office("BV-ROOT", "county_bureau")
    now = timezone.now()
    pairings = _pairings(root, now)
    visited = pairings[: len(pairings) * 4 // 5]
    fields = ["pairing", "kind", "visited_on", "visitors", "measures", "follow_up_on", "recorded_by", "created_at"]
    for first in range(0, VISITS, CHUNK):
        rows = [_visit(n, visited[n % len(visited)], user, now) for n in range(first, min(VISITS, first + CHUNK))]
        insert_values(Visit, fields, rows)
    return root, user


def _sql(root: Unit) -> tuple[str, list]:
    """Per helping unit, then per cadre: paired households, visited, home visits, with measures, leaders'
    visits and overdue follow-ups, in one statement written by hand."""
    pairing, visit, unit = Pairing._meta.db_table, Visit._meta.db_table, Unit._meta.db_table
    width = len(root.path) + PATH_STEP + 1
    home = "v.kind = 'home_visit'"
    later = (
        f"SELECT 1 FROM {visit} w WHERE w.pairing_id = v.pairing_id AND w.kind = 'home_visit' "
        "AND w.visited_on >= v.follow_up_on"
    )
    counts = (
        f"COUNT(DISTINCT p.household_id), COUNT(DISTINCT CASE WHEN {home} THEN p.household_id END), "
        f"COUNT(*) FILTER (WHERE {home}), COUNT(*) FILTER (WHERE {home} AND v.measures <> ''), "
        "COUNT(*) FILTER (WHERE v.kind = 'leader_visit'), "
        f"COUNT(*) FILTER (WHERE v.follow_up_on < %s AND NOT EXISTS ({later}))"
    )
    rows = (
        f"FROM {pairing} p JOIN {unit} u ON u.id = p.unit_id "
        f"LEFT JOIN {visit} v ON v.pairing_id = p.id AND v.visited_on BETWEEN %s AND %s "
        "WHERE p.kind = 'cadre_household' AND u.path LIKE %s AND p.started_on <= %s "
        "AND (p.ended_on IS NULL OR p.ended_on >= %s)"
    )
    sql = (
        f"SELECT 'unit', SUBSTR(u.path, 1, {width}), {counts} {rows} GROUP BY SUBSTR(u.path, 1, {width}) "
        f"UNION ALL SELECT 'cadre', CAST(p.cadre_id AS TEXT), {counts} {rows} GROUP BY p.cadre_id"
    )
    where = [PERIOD.start, PERIOD.end, root.path + "%", PERIOD.end, PERIOD.start]
    return sql, [TODAY, *where, TODAY, *where]


def _baseline(root: Unit) -> list[tuple]:
    sql, params = _sql(root)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _check_same(root: Unit) -> None:
    """The page's totals and the hand-written counts agree (paired, visited, visits, with measures)."""
    total = coverage(root, PERIOD, TODAY).total
    by_unit = [r for r in _baseline(root) if r[0] == "unit"]
    summed = tuple(sum(r[i] for r in by_unit) for i in range(2, 6))
    mine = (total.paired, total.visited_count, total.visits, total.with_measures)
    assert mine == summed and mine[0] == PAIRINGS, (mine, summed)


def run() -> Result:
    with transaction.atomic():
        started = time.perf_counter()
        root, _user = _build()
        analyze()
        print(f"visit_coverage: built on {connection.vendor} in {time.perf_counter() - started:.0f}s", file=sys.stderr)
        _check_same(root)
        value = best_of(lambda: coverage(root, PERIOD, TODAY), repeat=3)
        baseline = best_of(lambda: _baseline(root), repeat=3)
        transaction.set_rollback(True)
    return Result(value=value, baseline=baseline, target=1.5)
