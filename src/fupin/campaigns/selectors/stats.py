"""Reading statistics tables: a unit's report as its form shows it, and the figures that add up the tree.

A one-row-per-unit report states the figures of its unit's whole area, as a county's 统计表 does: a county
that reports gives its total, and its schools' reports are the detail under it. So a subtree's figure is the
sum of its *topmost* reports (a report with no report above it inside the subtree), and nothing counts
twice at any depth; a parent's figure should equal the sum of the reports just below it, which is checked.
A many-rows table lists items (each donation…), so its subtree figure is the plain sum of every row.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Length, Substr
from django.utils.translation import gettext as _

from fupin.orgs.models import PATH_STEP, Unit
from fupin.orgs.policy import AnyUser, paths_for

from ..models import (
    Campaign,
    CampaignStatus,
    FigureChoice,
    Requirement,
    RequirementKind,
    StatColumn,
    StatFigureChoice,
    StatReport,
    StatTable,
    StatValue,
    Task,
    TaskStatus,
)
from ..sources import SOURCES, row_source_for
from ..stat_cells import display, display_total, stored


def ready_templates() -> QuerySet[StatTable]:
    return StatTable.objects.filter(campaign=None).prefetch_related("columns").order_by("pk")


def lineage(campaign: Campaign) -> list[Campaign]:
    """The campaign and the campaigns above it: a derived campaign reports on its parent's tables."""
    chain = [campaign]
    while chain[-1].parent_id is not None and len(chain) < 8:
        chain.append(Campaign.objects.select_related("parent").get(pk=chain[-1].parent_id))
    return chain


def stat_table_choices(campaign: Campaign) -> QuerySet[StatTable]:
    """The tables a requirement of this campaign may ask for: its own and those of the campaigns above."""
    return StatTable.objects.filter(campaign__in=lineage(campaign)).order_by("campaign__year", "title")


def campaign_stat_tables(campaign: Campaign) -> QuerySet[StatTable]:
    """The campaign's own tables and those its requirements ask for, with their columns."""
    used = campaign.requirements.filter(stat_table__isnull=False).values("stat_table")
    return (
        StatTable.objects.filter(Q(campaign=campaign) | Q(pk__in=used))
        .select_related("campaign__unit")
        .prefetch_related("columns")
        .annotate(report_count=Count("reports", distinct=True))
        .order_by("title")
    )


def my_stat_tasks(user: AnyUser, tables: Iterable[StatTable]) -> QuerySet[Task]:
    """The statistics tasks of the units where the user fills in (not their whole subtree)."""
    return (
        Task.objects.filter(requirement__stat_table__in=tables, unit__path__in=paths_for(user, "stat.fill"))
        .filter(requirement__campaign__status=CampaignStatus.PUBLISHED)
        .select_related("unit", "requirement__stat_table")
        .order_by("requirement__due_at", "unit__path")
    )


def unattached_requirements(campaign: Campaign) -> QuerySet[Requirement]:
    return campaign.requirements.filter(kind=RequirementKind.STAT_TABLE, stat_table__isnull=True)


# ---------------------------------------------------------------- one unit's report, as its form shows it


@dataclass
class Cell:
    column: StatColumn
    value: object = None
    text: str = ""
    source_label: str = ""  # not empty: the figure comes from there and is not typed
    below: str = ""  # the sum of the reports below, shown beside a parent's own figure


@dataclass
class ReportSheet:
    task: Task
    table: StatTable
    columns: list[StatColumn]
    report: StatReport | None
    rows: list[list[Cell]]
    sources: dict[int, tuple[str, int]] = field(default_factory=dict)
    below: dict[int, int] = field(default_factory=dict)
    locked: bool = False
    prefilled_from: str = ""  # not empty: the rows shown come from this record, to check and save

    @property
    def input_columns(self) -> list[StatColumn]:
        return [c for c in self.columns if c.pk not in self.sources]


def report_of(table: StatTable, unit: Unit) -> StatReport | None:
    return StatReport.objects.filter(table=table, unit=unit).select_related("task").first()


def report_rows(report: StatReport | None, columns: list[StatColumn]) -> list[dict[int, object]]:
    """The stored values, row by row: [{column id: value}]."""
    if report is None:
        return []
    by_id = {c.pk: c for c in columns}
    rows: dict[int, dict[int, object]] = defaultdict(dict)
    for row, column_id, number, text, day in report.values.values_list("row", "column_id", "number", "text", "date"):
        if column_id in by_id:
            rows[row][column_id] = stored(by_id[column_id], number, text, day)
    return [rows[i] for i in sorted(rows)]


def has_source(table: StatTable, column: StatColumn) -> bool:
    """Whether the column's figure comes from a registered source (so it is shown, never typed)."""
    return bool(column.source) and column.source in SOURCES and not table.is_many_rows


def source_figures(
    table: StatTable, unit: Unit, columns: list[StatColumn], campaign: Campaign | None = None
) -> dict[int, tuple[str, int]]:
    """{column id: (where it comes from, figure)} for the columns whose source is registered."""
    figures: dict[int, tuple[str, int]] = {}
    for column in columns:
        if has_source(table, column):
            source = SOURCES[column.source]
            figures[column.pk] = (source.label, int(source.compute(unit, table.campaign or campaign)))
    return figures


def is_locked(task: Task, report: StatReport | None) -> bool:
    """Approved means locked, whichever task of the unit the report was approved through."""
    linked = report.task if report is not None else None
    return task.status == TaskStatus.APPROVED or (linked is not None and linked.status == TaskStatus.APPROVED)


def report_sheet(task: Task) -> ReportSheet:
    """The unit's report as its form shows it: stored figures, source figures (not typed) and, for a
    parent, the sum of the reports below it in place of figures it has not given yet."""
    table = task.requirement.stat_table
    assert table is not None, "a statistics task always has its table (see access_stat_task)"
    columns = list(table.columns.all())
    report = report_of(table, task.unit)
    stored_rows = report_rows(report, columns)
    sources = source_figures(table, task.unit, columns, task.requirement.campaign)
    below = {} if table.is_many_rows else below_totals(table, task.unit)
    if not table.is_many_rows:
        stored_rows = stored_rows[:1] or [{}]
    prefilled_from = ""
    if table.is_many_rows and report is None and (row_source := row_source_for(table.code)) is not None:
        by_key = {c.key: c.pk for c in columns}  # a first look: the rows the product already holds
        found = row_source.compute(task.unit, table.campaign or task.requirement.campaign)
        stored_rows = [{by_key[k]: v for k, v in row.items() if k in by_key} for row in found]
        prefilled_from = row_source.label if stored_rows else ""
    rows = [[_cell(c, values, sources, below, report) for c in columns] for values in stored_rows]
    sheet = ReportSheet(task, table, columns, report, rows, sources, below, is_locked(task, report))
    sheet.prefilled_from = prefilled_from
    return sheet


def _cell(
    column: StatColumn,
    values: dict[int, object],
    sources: dict[int, tuple[str, int]],
    below: dict[int, int],
    report: StatReport | None,
) -> Cell:
    if column.pk in sources:
        label, figure = sources[column.pk]
        return Cell(column, figure, display(column, figure), source_label=label)
    value = values.get(column.pk)
    cell = Cell(column, value, display(column, value))
    if column.pk in below:
        cell.below = display(column, below[column.pk])
        if report is None and value is None:  # a parent's first look: its units' figures, prefilled
            cell.value, cell.text = below[column.pk], cell.below
    return cell


# ---------------------------------------------------------------- figures that add up the tree


def _above_inside(table: StatTable, min_depth: int, outer: str) -> Exists:
    """A report of `table` above the outer report's unit, at `min_depth` or deeper (inside the subtree)."""
    return Exists(
        StatReport.objects.filter(
            table=table,
            unit__depth__gte=min_depth,
            unit__depth__lt=OuterRef(f"{outer}__depth"),
            unit__path=Substr(OuterRef(f"{outer}__path"), 1, Length("unit__path")),
        )
    )


def counting_values(table: StatTable, unit: Unit, *, include_self: bool = True) -> QuerySet[StatValue]:
    """The cells that make up the subtree's figures: additive columns of its topmost reports (of every
    report for a many-rows table), the unit's own report left out when `include_self` is false."""
    min_depth = unit.depth if include_self else unit.depth + 1
    qs = StatValue.objects.filter(
        report__table=table,
        report__unit__path__startswith=unit.path,
        report__unit__depth__gte=min_depth,
        column__type__in=["integer", "money"],
        number__isnull=False,
    )
    if not table.is_many_rows:
        qs = qs.exclude(_above_inside(table, min_depth, "report__unit"))
    return qs


def subtree_totals(table: StatTable, unit: Unit) -> dict[int, int]:
    """{column id: figure} for the unit's whole subtree, in one query whatever its depth; where the office
    chose the children's sum over a parent's own figure, that sum counts instead (see `choice_adjustments`)."""
    rows = counting_values(table, unit).values("column_id").annotate(total=Sum("number")).order_by()
    totals = {r["column_id"]: r["total"] for r in rows}
    for _path, column_id, delta in choice_adjustments(table, unit):
        totals[column_id] = totals.get(column_id, 0) + delta
    return totals


def choice_adjustments(table: StatTable, unit: Unit, *, include_self: bool = True) -> list[tuple[str, int, int]]:
    """(unit path, column id, children's sum − own figure) for each parent in the subtree whose own figure
    counts and for which the office chose the children's sum. The children's sum itself honours the choices
    made further down, so a choice holds at every level: one query, and a few more per such choice."""
    choices = StatFigureChoice.objects.filter(
        table=table, choice=FigureChoice.BELOW, unit__path__startswith=unit.path
    ).select_related("unit")
    found = []
    for choice in choices:
        counted = counting_values(table, unit, include_self=include_self)
        own = counted.filter(report__unit=choice.unit, column_id=choice.column_id).aggregate(total=Sum("number"))
        if own["total"] is not None:  # else a report above it is the one counted, and its own choice applies
            below = chosen_below_totals(table, choice.unit).get(choice.column_id, 0)
            found.append((choice.unit.path, choice.column_id, below - own["total"]))
    return found


def figure_choices(table: StatTable, unit: Unit) -> dict[tuple[int, int], str]:
    """{(unit id, column id): choice} the office made in the subtree."""
    rows = StatFigureChoice.objects.filter(table=table, unit__path__startswith=unit.path)
    return {(c.unit_id, c.column_id): c.choice for c in rows}


def below_totals(table: StatTable, unit: Unit) -> dict[int, int]:
    """{column id: figure} added up from the reports below the unit (its own left out), in one query."""
    rows = counting_values(table, unit, include_self=False).values("column_id").annotate(total=Sum("number"))
    return {r["column_id"]: r["total"] for r in rows.order_by()}


def chosen_below_totals(table: StatTable, unit: Unit) -> dict[int, int]:
    """{column id: figure} of the reports below the unit, each unit below counted as the office chose (its own
    figure, or the sum below it): what stands for the unit when the office chose its children's sum."""
    totals = below_totals(table, unit)
    for _path, column_id, delta in choice_adjustments(table, unit, include_self=False):
        totals[column_id] = totals.get(column_id, 0) + delta
    return totals


def child_totals(table: StatTable, unit: Unit) -> dict[str, dict[int, int]]:
    """{child unit path: {column id: figure of the child's subtree}}, every child in one query (and the
    office's choices, as in `subtree_totals`)."""
    prefix = Substr("report__unit__path", 1, len(unit.path) + PATH_STEP + 1)
    rows = (
        counting_values(table, unit, include_self=False)
        .annotate(child=prefix)
        .values("child", "column_id")
        .annotate(total=Sum("number"))
        .order_by()
    )
    totals: dict[str, dict[int, int]] = defaultdict(dict)
    for r in rows:
        totals[r["child"]][r["column_id"]] = r["total"]
    width = len(unit.path) + PATH_STEP + 1
    for path, column_id, delta in choice_adjustments(table, unit, include_self=False):
        totals[path[:width]][column_id] = totals[path[:width]].get(column_id, 0) + delta
    return totals


@dataclass(frozen=True)
class Mismatch:
    """A parent's figure that is not the sum of the reports just below it."""

    unit: Unit
    column: StatColumn
    reported: int | None
    below: int
    incomplete: bool = False  # some units below have not handed in yet, so a difference is expected
    choice: str = ""  # which of the two the office let stand (FigureChoice), empty: the unit's own figure

    @property
    def difference(self) -> int:
        return (self.reported or 0) - self.below

    @property
    def texts(self) -> tuple[str, str, str]:
        diff = self.difference
        sign = "+" if diff > 0 else "-" if diff < 0 else ""
        reported = display_total(self.column, self.reported) if self.reported is not None else _("未填")
        return reported, display_total(self.column, self.below), sign + display_total(self.column, abs(diff))


def total_mismatches(table: StatTable, unit: Unit) -> list[Mismatch]:
    """Every report in the subtree whose figure differs from the sum of the reports just below it."""
    return parent_check(table, unit)[0]


def parent_check(table: StatTable, unit: Unit) -> tuple[list[Mismatch], int]:
    """(the mismatches, how many parents' reports were compared with the reports just below them)."""
    if table.is_many_rows:
        return [], 0
    parent = StatReport.objects.filter(
        table=table,
        unit__depth__gte=unit.depth,
        unit__depth__lt=OuterRef("report__unit__depth"),
        unit__path=Substr(OuterRef("report__unit__path"), 1, Length("unit__path")),
    ).order_by("-unit__depth")
    sums = (
        StatValue.objects.filter(
            report__table=table,
            report__unit__path__startswith=unit.path,
            column__type__in=["integer", "money"],
            number__isnull=False,
        )
        .annotate(parent=Subquery(parent.values("pk")[:1]))
        .filter(parent__isnull=False)
        .values("parent", "column_id")
        .annotate(total=Sum("number"))
        .order_by()
    )
    below = {(r["parent"], r["column_id"]): r["total"] for r in sums}
    for key, delta in _chosen_children(table, unit):
        if key in below:
            below[key] += delta
    return _compare(table, unit, below), len({p for p, _c in below})


def _chosen_children(table: StatTable, unit: Unit) -> list[tuple[tuple[int, int], int]]:
    """((parent report id, column id), chosen − own) for each unit below a parent's report whose children's
    sum the office chose: the parent is compared with what stands for that unit, not with its own figure."""
    found = []
    choices = StatFigureChoice.objects.filter(
        table=table, choice=FigureChoice.BELOW, unit__path__startswith=unit.path
    ).select_related("unit")
    for choice in choices:
        own = StatValue.objects.filter(
            report__table=table, report__unit=choice.unit, row=0, column_id=choice.column_id, number__isnull=False
        ).values_list("number", flat=True)[:1]
        above = StatReport.objects.filter(
            table=table, unit__path__startswith=unit.path, unit__depth__lt=choice.unit.depth
        ).select_related("unit")
        parents = sorted((r for r in above if choice.unit.path.startswith(r.unit.path)), key=lambda r: r.unit.depth)
        own_figure = next(iter(own), None)
        if own_figure is not None and parents:
            chosen = chosen_below_totals(table, choice.unit).get(choice.column_id, 0)
            found.append(((parents[-1].pk, choice.column_id), chosen - own_figure))
    return found


def _compare(table: StatTable, unit: Unit, below: dict[tuple[int, int], int]) -> list[Mismatch]:
    """Typed figures only: a figure from a source comes from one place and adds up by construction."""
    reports = {r.pk: r for r in StatReport.objects.filter(pk__in={p for p, _c in below}).select_related("unit")}
    given = {
        (v.report_id, v.column_id): v.number
        for v in StatValue.objects.filter(report__in=reports.values(), row=0).only("report", "column", "number")
    }
    columns = {c.pk: c for c in table.columns.all() if c.source not in SOURCES}
    waiting: QuerySet[Task, str] | list[str] = Task.objects.filter(
        requirement__stat_table=table,
        unit__path__startswith=unit.path,
        status__in=[TaskStatus.PENDING, TaskStatus.RETURNED],
    ).values_list("unit__path", flat=True)
    waiting = list(waiting)
    found = [
        Mismatch(
            reports[p].unit,
            columns[c],
            given.get((p, c)),
            total,
            incomplete=any(w.startswith(reports[p].unit.path) and w != reports[p].unit.path for w in waiting),
        )
        for (p, c), total in below.items()
        if c in columns and given.get((p, c)) != total
    ]
    return sorted(found, key=lambda m: (m.unit.path, m.column.position))
