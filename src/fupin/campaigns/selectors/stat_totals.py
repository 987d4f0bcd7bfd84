"""The statistics table's totals page (one level of the tree at a time, with the parent's check) and the rows of
its export: reads built on the figures and choices of `stats`."""

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, replace

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Substr

from fupin.orgs.models import PATH_STEP, Unit

from ..models import StatColumn, StatReport, StatTable, Task, TaskStatus
from ..stat_cells import display_total, stored
from .stats import Mismatch, _above_inside, child_totals, figure_choices, parent_check, report_of, report_rows


@dataclass
class TotalsRow:
    unit: Unit
    figures: list[str]
    asked: int = 0  # tasks of this table in the unit's subtree
    handed_in: int = 0
    has_children: bool = False


@dataclass
class TotalsPage:
    table: StatTable
    unit: Unit
    columns: list[StatColumn]  # the additive ones
    rows: list[TotalsRow]
    below: list[str]  # the sum of the rows
    own: list[str] | None  # the unit's own report, if it gave one
    own_task: Task | None
    mismatches: list[Mismatch]
    checked: int  # parents' reports compared with the reports below them


def _task_counts(table: StatTable, unit: Unit) -> dict[str, tuple[int, int]]:
    prefix = Substr("unit__path", 1, len(unit.path) + PATH_STEP + 1)
    done = Q(status__in=[TaskStatus.SUBMITTED, TaskStatus.APPROVED])
    rows = (
        Task.objects.filter(requirement__stat_table=table, unit__path__startswith=unit.path, unit__depth__gt=unit.depth)
        .annotate(child=prefix)
        .values("child")
        .annotate(asked=Count("pk"), done=Count("pk", filter=done))
        .order_by()
    )
    return {r["child"]: (r["asked"], r["done"]) for r in rows}


def _figures(columns: list[StatColumn], values: Mapping[int, object]) -> list[str]:
    return [display_total(c, values.get(c.pk)) for c in columns]


def totals_page(table: StatTable, unit: Unit) -> TotalsPage:
    """The unit's direct children that were asked or reported, each with its subtree's figures (counts and
    amounts only: percentages, texts and dates do not add up)."""
    columns = [c for c in table.columns.all() if c.is_additive]
    by_child = child_totals(table, unit)
    counts = _task_counts(table, unit)
    paths = set(by_child) | set(counts)
    children = Unit.objects.filter(path__in=paths).annotate(kids=Count("children")).order_by("kind", "name")
    rows = [
        TotalsRow(c, _figures(columns, by_child.get(c.path, {})), *counts.get(c.path, (0, 0)), has_children=c.kids > 0)
        for c in children
    ]
    below: dict[int, int] = defaultdict(int)
    for figures in by_child.values():
        for column_id, value in figures.items():
            below[column_id] += value
    own_report = report_of(table, unit)
    own_values = (report_rows(own_report, columns) or [{}])[0] if own_report and not table.is_many_rows else None
    own_task = Task.objects.filter(requirement__stat_table=table, unit=unit).order_by("pk").first()
    mismatches, checked = parent_check(table, unit)
    choices = figure_choices(table, unit)
    mismatches = [replace(m, choice=choices.get((m.unit.pk, m.column.pk), "")) for m in mismatches]
    return TotalsPage(
        table,
        unit,
        columns,
        rows,
        _figures(columns, below),
        _figures(columns, own_values) if own_values is not None else None,
        own_task,
        mismatches,
        checked,
    )


# ---------------------------------------------------------------- rows of the office's export


@dataclass
class ExportRow:
    unit: Unit
    values: dict[int, object]
    missing: bool = False


def export_rows(table: StatTable, unit: Unit) -> list[ExportRow]:
    """The rows that add up to the unit's figures: the topmost reports below it (or its own when none
    are below), every row for a many-rows table; then the asked units that have not reported."""
    columns = list(table.columns.all())
    reports: QuerySet[StatReport] | list[StatReport]
    reports = StatReport.objects.filter(table=table, unit__path__startswith=unit.path).select_related("unit")
    if not table.is_many_rows:
        below = reports.filter(unit__depth__gt=unit.depth).exclude(_above_inside(table, unit.depth + 1, "unit"))
        reports = below if below.exists() else reports.filter(unit=unit)
    reports = list(reports.order_by("unit__path").prefetch_related("values"))
    rows = [ExportRow(r.unit, values) for r in reports for values in _rows_of(r, columns)]
    covered = {r.unit.path for r in reports}
    asked = Unit.objects.filter(
        tasks__requirement__stat_table=table, path__startswith=unit.path, depth__gt=unit.depth
    ).distinct()
    rows += [ExportRow(u, {}, missing=True) for u in asked if not _covered(u, covered, table.is_many_rows)]
    return sorted(rows, key=lambda r: r.unit.path)  # stable: a unit's rows keep their order


def _covered(unit: Unit, covered: set[str], exact: bool) -> bool:
    """Whether a report at the unit (or, for area figures, above it) already speaks for it."""
    return unit.path in covered if exact else any(unit.path.startswith(p) for p in covered)


def _rows_of(report: StatReport, columns: list[StatColumn]) -> list[dict[int, object]]:
    by_id = {c.pk: c for c in columns}
    rows: dict[int, dict[int, object]] = defaultdict(dict)
    for v in report.values.all():
        if v.column_id in by_id:
            rows[v.row][v.column_id] = stored(by_id[v.column_id], v.number, v.text, v.date)
    return [rows[i] for i in sorted(rows)] or [{}]
