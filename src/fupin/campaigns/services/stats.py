"""Statistics tables: an office defines a campaign's table; a unit fills its report, which hands in its task."""

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from fupin.audit.models import AuditAction
from fupin.audit.services import record_for
from fupin.lib.text import clean_text
from fupin.orgs.models import Unit, User
from fupin.orgs.policy import can

from ..models import (
    Campaign,
    CampaignStatus,
    ColumnType,
    FigureChoice,
    Requirement,
    RequirementKind,
    RowMode,
    StatColumn,
    StatFigureChoice,
    StatReport,
    StatTable,
    StatValue,
    Task,
)
from ..selectors.stats import is_locked, lineage, report_rows, source_figures
from ..sources import SOURCES
from ..stat_cells import CellError, display, is_blank, parse_cell, store_fields
from .campaigns import update_requirement
from .tasks import submit_task

MAX_COLUMNS = 40
MAX_ROWS = 500
MAX_CHOICES = 50
_KEY = re.compile(r"^[a-z][a-z0-9_]{0,39}$")


@dataclass
class ColumnSpec:
    """A column as the office describes it; `key` is made up from the position when left empty."""

    label: str
    type: str
    choices: list[str] = field(default_factory=list)
    required: bool = False
    source: str = ""
    help: str = ""
    key: str = ""
    within: str = ""  # the key of the column this one is 「其中」 of (never more than it)
    part_of: str = ""  # the key of the column this one and its sibling parts add up to exactly


@dataclass(frozen=True)
class CellProblem:
    row: int  # position in the rows handed to fill_report, from 0
    column: StatColumn
    reason: str


class CellErrors(ValidationError):
    """Cells that cannot be stored, one 「第N行 列名: 原因」 each; nothing was written."""

    def __init__(self, problems: list[CellProblem], *, many_rows: bool):
        self.problems = problems
        super().__init__([_message(p, many_rows) for p in problems])


def _message(problem: CellProblem, many_rows: bool) -> str:
    where = {"c": problem.column.label, "r": problem.reason}
    if many_rows:
        return _("第%(n)d行 %(c)s: %(r)s") % {"n": problem.row + 1, **where}
    return _("%(c)s: %(r)s") % where


def _require(by: User, action: str, unit_path: str, message: str) -> None:
    if not can(by, action, unit_path):
        raise PermissionDenied(message)


# ---------------------------------------------------------------- defining a campaign's tables


def _check_spec(number: int, spec: ColumnSpec, many_rows: bool) -> list[str]:
    """What is wrong with one column, as 「第N列 列名: 原因」 lines."""
    problems = []
    if not spec.label or len(spec.label) > 100:
        problems.append(_("列名不能为空,最多100字"))
    if spec.type not in ColumnType.values:
        problems.append(_("类型无效"))
    if spec.type == ColumnType.CHOICE and not 1 <= len(spec.choices) <= MAX_CHOICES:
        problems.append(_("选项列须有 1 至 %(n)d 个选项") % {"n": MAX_CHOICES})
    if len(set(spec.choices)) != len(spec.choices) or any(len(c) > 100 for c in spec.choices):
        problems.append(_("选项不能重复,每项最多100字"))
    if spec.source and spec.source not in SOURCES:
        problems.append(_("未知的数据来源"))
    elif spec.source and (many_rows or spec.type not in (ColumnType.INTEGER, ColumnType.MONEY)):
        problems.append(_("只有每个单位一行的表中的整数或金额列可以取自数据来源"))
    if spec.key and not _KEY.match(spec.key):
        problems.append(_("代码只能用小写字母、数字和下划线"))
    if len(spec.help) > 200:
        problems.append(_("填写说明最多200字"))
    label = spec.label or _("(未命名)")
    return [_("第%(n)d列 %(c)s: %(r)s") % {"n": number, "c": label, "r": r} for r in problems]


def _check_relations(specs: list[ColumnSpec]) -> list[str]:
    """「其中」 and parts name another counted column of the same table, and a column is at most one of them."""
    counted = {s.key: s for s in specs if s.type in (ColumnType.INTEGER, ColumnType.MONEY)}
    errors = []
    for n, spec in enumerate(specs, start=1):
        for other in (spec.within, spec.part_of):
            if other and (other == spec.key or other not in counted or spec.key not in counted):
                errors.append(
                    _("第%(n)d列 %(c)s: 「其中」或组成部分须指向本表另一个整数或金额列") % {"n": n, "c": spec.label}
                )
        if spec.within and spec.part_of:
            errors.append(_("第%(n)d列 %(c)s: 一列只能是另一列的「其中」或组成部分之一") % {"n": n, "c": spec.label})
    return errors


def _clean_specs(columns: list[ColumnSpec], many_rows: bool) -> list[ColumnSpec]:
    specs = [
        ColumnSpec(
            label=clean_text(c.label),
            type=c.type,
            choices=[clean_text(x) for x in c.choices if clean_text(x)] if c.type == ColumnType.CHOICE else [],
            required=c.required,
            source=c.source,
            help=clean_text(c.help),
            key=c.key or f"c{n}",
            within=c.within,
            part_of=c.part_of,
        )
        for n, c in enumerate(columns, start=1)
    ]
    errors = [e for n, s in enumerate(specs, start=1) for e in _check_spec(n, s, many_rows)]
    errors += _check_relations(specs)
    if not specs or len(specs) > MAX_COLUMNS:
        errors.insert(0, _("统计表须有 1 至 %(n)d 列") % {"n": MAX_COLUMNS})
    labels = [s.label for s in specs]
    errors += [_("列名「%(c)s」重复") % {"c": x} for x in sorted({x for x in labels if x and labels.count(x) > 1})]
    if len({s.key for s in specs}) != len(specs):
        errors.append(_("列代码重复"))
    if errors:
        raise ValidationError(errors)
    return specs


def _check_campaign(by: User, campaign: Campaign) -> None:
    _require(by, "stat.define", campaign.unit.path, _("只有发文单位可以设置统计表"))
    if campaign.status == CampaignStatus.CLOSED:
        raise ValidationError(_("活动已结束,不能再增加统计表"))


def _free_code(campaign: Campaign, wanted: str) -> str:
    taken = set(campaign.stat_tables.values_list("code", flat=True))
    if wanted not in taken:
        return wanted
    return next(f"{wanted[:34]}-{n}" for n in range(2, 1000) if f"{wanted[:34]}-{n}" not in taken)


@transaction.atomic
def define_table(
    *,
    by: User,
    campaign: Campaign,
    title: str,
    columns: list[ColumnSpec],
    row_mode: str = RowMode.ONE_PER_UNIT,
    note: str = "",
) -> StatTable:
    """A campaign's own table with typed columns; sources only where they give a whole figure per unit."""
    _check_campaign(by, campaign)
    title = clean_text(title)
    if not title or len(title) > 200:
        raise ValidationError({"title": [_("表名不能为空,最多200字")]})
    if row_mode not in RowMode.values:
        raise ValidationError({"row_mode": [_("行的方式无效")]})
    specs = _clean_specs(columns, row_mode == RowMode.MANY_ROWS)
    table = StatTable.objects.create(
        campaign=campaign, code=_free_code(campaign, "table"), title=title, row_mode=row_mode, note=clean_text(note)
    )
    StatColumn.objects.bulk_create(StatColumn(table=table, position=n, **vars(s)) for n, s in enumerate(specs, start=1))
    record_for(by, AuditAction.CREATE, table, campaign.unit, {"title": [None, title], "columns": [None, len(specs)]})
    return table


@transaction.atomic
def copy_template(*, by: User, campaign: Campaign, template: StatTable) -> StatTable:
    """Put a ready template into the campaign; the copy is the campaign's own, reports attach to it."""
    _check_campaign(by, campaign)
    if not template.is_template:
        raise ValidationError(_("只能复制通用模板"))
    if campaign.stat_tables.filter(title=template.title).exists():
        raise ValidationError(_("本活动已有「%(t)s」") % {"t": template.title})
    table = StatTable.objects.create(
        campaign=campaign,
        code=_free_code(campaign, template.code),
        title=template.title,
        row_mode=template.row_mode,
        note=template.note,
    )
    fields = ("key", "label", "type", "choices", "required", "source", "help", "within", "part_of", "position")
    StatColumn.objects.bulk_create(
        StatColumn(table=table, **{f: getattr(c, f) for f in fields}) for c in template.columns.all()
    )
    record_for(by, AuditAction.CREATE, table, campaign.unit, {"title": [None, table.title]}, note=_("由通用模板复制"))
    return table


@transaction.atomic
def attach_table(*, by: User, requirement: Requirement, table: StatTable) -> Requirement:
    """Name the table a 统计表 requirement asks for: the campaign's own or one of a campaign above it."""
    _require(by, "stat.define", requirement.campaign.unit.path, _("只有发文单位可以设置统计表"))
    if requirement.kind != RequirementKind.STAT_TABLE:
        raise ValidationError(_("这项报送要求不是统计表"))
    if table.campaign_id not in {c.pk for c in lineage(requirement.campaign)}:
        raise ValidationError(_("只能选用本活动或上级活动的统计表"))
    changing = requirement.stat_table_id not in (None, table.pk)
    if changing and StatReport.objects.filter(task__requirement=requirement).exists():
        raise ValidationError(_("已有单位填报了原来的统计表,不能更换"))
    return update_requirement(by=by, requirement=requirement, stat_table=table)


# ---------------------------------------------------------------- filling a unit's report


def _table_of(task: Task) -> StatTable:
    table = task.requirement.stat_table
    if task.requirement.kind != RequirementKind.STAT_TABLE or table is None:
        raise ValidationError(_("这项任务没有统计表"))
    if table.is_template:
        raise ValidationError(_("发文单位尚未为本活动设置这张统计表,请联系发文单位"))
    return table


def _parse(
    table: StatTable,
    columns: list[StatColumn],
    rows: Sequence[Mapping[str, object]],
    sources: dict[int, tuple[str, int]],
) -> list[dict[int, object]]:
    """Every cell checked; CellErrors lists them all. Source figures are stored whatever was sent."""
    typed = [c for c in columns if c.pk not in sources]
    problems, parsed = [], []
    for index, raw in enumerate(rows):
        if table.is_many_rows and all(is_blank(raw.get(c.key)) for c in typed):
            continue  # an empty line of a many-rows form
        values = {}
        for column in typed:
            try:
                value = parse_cell(column, raw.get(column.key))
            except CellError as exc:
                problems.append(CellProblem(index, column, str(exc)))
                continue
            if value is not None:
                values[column.pk] = value
        parsed.append(values)
    if problems:
        raise CellErrors(problems, many_rows=table.is_many_rows)
    if len(parsed) > (MAX_ROWS if table.is_many_rows else 1):
        raise ValidationError(_("本表最多 %(n)d 行") % {"n": MAX_ROWS if table.is_many_rows else 1})
    if not table.is_many_rows:
        parsed = parsed or [{}]
        if typed and not parsed[0]:
            raise ValidationError(_("请至少填写一项"))
        parsed[0].update({pk: figure for pk, (_label, figure) in sources.items()})
    problems = [p for index, values in enumerate(parsed) for p in relation_problems(columns, values, index)]
    if problems:
        raise CellErrors(problems, many_rows=table.is_many_rows)
    return parsed


def relation_problems(columns: list[StatColumn], values: Mapping[int, object], row: int) -> list[CellProblem]:
    """The row's cells that break a relation the table declares: a 「其中」 above its total, or parts that do
    not add up to their whole (a blank part counts as 0; nothing is checked while every part is blank)."""
    by_key = {c.key: c for c in columns}
    number: dict[str, int] = {}
    for c in columns:
        value = values.get(c.pk)
        if isinstance(value, int) and not isinstance(value, bool):
            number[c.key] = value
    problems = []
    for column in columns:
        total = by_key.get(column.within)
        if total and column.key in number and total.key in number and number[column.key] > number[total.key]:
            reason = _("「其中」%(v)s 超过「%(t)s」%(w)s") % {
                "v": display(column, number[column.key]),
                "t": total.label,
                "w": display(total, number[total.key]),
            }
            problems.append(CellProblem(row, column, reason))
        parts = [c for c in columns if c.part_of == column.key]
        if parts and column.key in number and any(p.key in number for p in parts):
            added = sum(number.get(p.key, 0) for p in parts)
            if added != number[column.key]:
                reason = _("%(v)s 不等于%(p)s之和 %(s)s") % {
                    "v": display(column, number[column.key]),
                    "p": "、".join(f"「{p.label}」" for p in parts),
                    "s": display(column, added),
                }
                problems.append(CellProblem(row, column, reason))
    return problems


def _changes(
    table: StatTable, columns: list[StatColumn], before: list[dict[int, object]], after: list[dict[int, object]]
) -> dict[str, list[Any]]:
    if table.is_many_rows:
        return {"rows": [len(before), len(after)]} if before != after else {}
    old, new = (before or [{}])[0], after[0]
    return {
        c.label: [display(c, old.get(c.pk)) or None, display(c, new.get(c.pk)) or None]
        for c in columns
        if old.get(c.pk) != new.get(c.pk)
    }


def _store(
    by: User,
    task: Task,
    table: StatTable,
    report: StatReport | None,
    columns: list[StatColumn],
    parsed: list[dict[int, object]],
) -> tuple[StatReport, dict[str, list[Any]]]:
    before = report_rows(report, columns)
    if report is None:
        report = StatReport.objects.create(table=table, unit=task.unit, task=task, updated_by=by)
    else:
        report.updated_by = by
        report.task = report.task or task
        report.save(update_fields=["updated_by", "task", "updated_at"])
        report.values.all().delete()
    by_id = {c.pk: c for c in columns}
    StatValue.objects.bulk_create(
        StatValue(report=report, row=row, column_id=pk, **store_fields(by_id[pk], value))
        for row, values in enumerate(parsed)
        for pk, value in values.items()
    )
    return report, _changes(table, columns, before, parsed)


def summary(table: StatTable, columns: list[StatColumn], parsed: list[dict[int, object]]) -> str:
    """The figures as the hand-in's text, so every version keeps what was reported."""
    if table.is_many_rows:
        sums = [
            _("%(c)s合计 %(v)s") % {"c": c.label, "v": display(c, sum(r.get(c.pk, 0) for r in parsed))}
            for c in columns
            if c.is_additive
        ]
        lines = [_("共 %(n)d 行") % {"n": len(parsed)}, *sums]
    else:
        lines = [f"{c.label}:{display(c, parsed[0][c.pk])}" for c in columns if c.pk in parsed[0]]
    return (_("【统计表】%(t)s") % {"t": table.title} + "\n" + ";".join(lines))[:4000]


@transaction.atomic
def fill_report(
    *, by: User, task: Task, rows: Sequence[Mapping[str, object]], at: datetime | None = None
) -> StatReport:
    """Store a unit's figures and hand in its task with them (review and lock rules apply: an approved
    report is locked). Every cell is checked first and nothing is written if one is wrong; a column with
    a source stores the source's figure, never what was typed."""
    locking = Task.objects.select_for_update(of=("self",))
    task = locking.select_related("requirement__stat_table__campaign", "unit").get(pk=task.pk)
    table = _table_of(task)
    _require(by, "stat.fill", task.unit.path, _("只有本单位可以填报本单位的统计表"))
    reports = StatReport.objects.select_for_update(of=("self",)).select_related("task")
    report = reports.filter(table=table, unit=task.unit).first()
    if is_locked(task, report):
        raise ValidationError(_("统计表已审核通过并锁定,不能修改;如需更正,请联系上级单位重新打开"))
    columns = list(table.columns.all())
    parsed = _parse(table, columns, rows, source_figures(table, task.unit, columns))
    created = report is None
    report, changes = _store(by, task, table, report, columns, parsed)
    submit_task(by=by, task=task, text=summary(table, columns, parsed), at=at)
    record_for(by, AuditAction.CREATE if created else AuditAction.UPDATE, report, task.unit, changes)
    return report


@transaction.atomic
def choose_figure(*, by: User, table: StatTable, unit: Unit, column: StatColumn, choice: str) -> StatFigureChoice:
    """Where a parent's own figure and its children's sum differ, the issuing office chooses which stands in
    the totals and the summary."""
    _require(by, "stat.define", table.campaign.unit.path if table.campaign else "", _("只有发文单位可以选定以何为准"))
    if choice not in FigureChoice.values:
        raise ValidationError(_("请选择以本单位填报数为准,或以下级合计为准"))
    if table.is_many_rows or column.table_id != table.pk or not column.is_additive:
        raise ValidationError(_("只有每个单位一行的表中的整数或金额列需要选定以何为准"))
    if not StatReport.objects.filter(table=table, unit=unit).exists():
        raise ValidationError(_("%(u)s没有填报本表,无需选定") % {"u": unit.name})
    found, created = StatFigureChoice.objects.select_for_update().get_or_create(
        table=table, unit=unit, column=column, defaults={"choice": choice, "chosen_by": by}
    )
    before = None if created else found.choice
    found.choice, found.chosen_by = choice, by
    found.save(update_fields=["choice", "chosen_by", "chosen_at"])
    note = _("%(u)s「%(c)s」%(w)s") % {"u": unit.name, "c": column.label, "w": found.get_choice_display()}
    record_for(by, AuditAction.UPDATE, found, unit, {"choice": [before, choice]}, note=note)
    return found
