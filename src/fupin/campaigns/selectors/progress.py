"""The office's progress dashboard: per requirement, who has handed in, on time or late, and who is missing.

Every count is aggregated in SQL, grouped by the path prefix of the viewer's child units (all children of a
unit have paths of the same length), so the number of queries does not grow with the number of units.
Overdue and late are computed from `due_at` here, never stored.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypedDict

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.db.models.functions import Substr
from django.utils import timezone

from fupin.orgs.models import PATH_STEP, Unit
from fupin.orgs.policy import AnyUser, can, paths_for, scope_q
from fupin.orgs.selectors import ancestors

from ..deadlines import describe
from ..models import Campaign, Requirement, Task, TaskStatus

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

    class HasChildren(TypedDict):
        has_children: bool


MISSING = (TaskStatus.PENDING, TaskStatus.RETURNED)
COUNT_FIELDS = ("total", "submitted", "on_time", "late", "returned", "approved", "missing", "overdue")


@dataclass
class Counts:
    """Tasks of one group. `submitted` = handed in at least once (on time + late); `missing` = pending or
    returned, i.e. not handed in now; `overdue` = missing after the deadline."""

    total: int = 0
    submitted: int = 0
    on_time: int = 0
    late: int = 0
    returned: int = 0
    approved: int = 0
    missing: int = 0
    overdue: int = 0

    def add(self, other: "Counts") -> None:
        for name in COUNT_FIELDS:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def reported(self) -> int:
        """Handed in now: waiting for review or approved."""
        return self.total - self.missing

    @property
    def awaiting_review(self) -> int:
        return self.reported - self.approved

    @property
    def never_submitted(self) -> int:
        return self.missing - self.returned

    @property
    def percent(self) -> int:
        """Per cent reported, rounded down so 99.6% never shows as 100%."""
        return self.reported * 100 // self.total if self.total else 0


@dataclass
class RequirementRow:
    requirement: Requirement
    counts: Counts
    is_past_due: bool
    due: str


@dataclass
class UnitRow:
    """One child unit of the root (or the root itself, `is_root`, for the tasks it was given itself)."""

    unit: Unit
    counts: Counts
    is_root: bool = False
    drillable: bool = False


@dataclass
class Progress:
    campaign: Campaign
    root: Unit
    requirements: list[RequirementRow]
    units: list[UnitRow]
    totals: Counts = field(default_factory=Counts)


def default_root(user: AnyUser, campaign: Campaign) -> Unit | None:
    """Where the viewer's dashboard starts: the issuing unit for its office (and above), else the viewer's
    own unit within the campaign's tree (a county looking at the city's campaign sees its county)."""
    if can(user, "task.view", campaign.unit.path):
        return campaign.unit
    paths = [p for p in paths_for(user, "task.view") if p.startswith(campaign.unit.path)]
    return Unit.objects.filter(path=paths[0]).first() if paths else None


def drill_path(user: AnyUser, campaign: Campaign, root: Unit) -> QuerySet[Unit]:
    """The units between the campaign's issuing unit and `root` (root excluded) that the viewer may open."""
    if root == campaign.unit:
        return Unit.objects.none()
    above = ancestors(root).filter(path__startswith=campaign.unit.path)
    return above.filter(scope_q(user, "unit.view"))


def _tasks_under(user: AnyUser, campaign: Campaign, root: Unit) -> QuerySet[Task]:
    """The campaign's tasks in `root`'s subtree, none unless the viewer may see them (its own subtree, or
    every task of a campaign its subtree issued)."""
    visible = can(user, "task.view", root.path) or can(user, "task.view", campaign.unit.path)
    qs = Task.objects.filter(requirement__campaign=campaign, unit__path__startswith=root.path)
    return qs if visible else qs.none()


def count_expressions(now: datetime) -> dict[str, Count]:
    """The conditional counts of `Counts`, one SQL aggregate each."""
    due = F("requirement__due_at")
    missing = Q(status__in=MISSING)
    return {
        "total": Count("pk"),
        "submitted": Count("pk", filter=Q(first_submitted_at__isnull=False)),
        "on_time": Count("pk", filter=Q(first_submitted_at__lte=due)),
        "late": Count("pk", filter=Q(first_submitted_at__gt=due)),
        "returned": Count("pk", filter=Q(status=TaskStatus.RETURNED)),
        "approved": Count("pk", filter=Q(status=TaskStatus.APPROVED)),
        "missing": Count("pk", filter=missing),
        "overdue": Count("pk", filter=missing & Q(requirement__due_at__lt=now)),
    }


def grouped_counts(user: AnyUser, campaign: Campaign, root: Unit, now: datetime) -> dict[tuple[int, str], Counts]:
    """{(requirement id, child path): Counts} in one query; the root's own tasks come under its own path."""
    width = len(root.path) + PATH_STEP + 1
    # the counts' keys come from count_expressions, so the rows are plain mappings to the type checker
    rows: QuerySet[Task, Mapping[str, Any]] = (
        _tasks_under(user, campaign, root)
        .annotate(branch=Substr("unit__path", 1, width))
        .values("requirement_id", "branch")
        .annotate(**count_expressions(now))
        .order_by()
    )
    return {(r["requirement_id"], r["branch"]): Counts(**{k: r[k] for k in COUNT_FIELDS}) for r in rows}


def _child_units(root: Unit, paths: set[str]) -> dict[str, "WithAnnotations[Unit, HasChildren]"]:
    has_children = Exists(Unit.objects.filter(parent=OuterRef("pk")))
    units = Unit.objects.filter(path__in=paths - {root.path}).annotate(has_children=has_children)
    return {u.path: u for u in units}


def _unit_rows(root: Unit, per_branch: dict[str, Counts]) -> list[UnitRow]:
    """The root's own row first, then its children: units with units below them (bureaus) before the
    others (schools), the least reported first."""
    children = _child_units(root, set(per_branch))
    rows = sorted(
        (UnitRow(unit, per_branch[path], drillable=unit.has_children) for path, unit in children.items()),
        key=lambda row: (not row.drillable, row.counts.percent, -row.counts.missing, row.unit.name),
    )
    if root.path in per_branch:
        rows.insert(0, UnitRow(root, per_branch[root.path], is_root=True))
    return rows


def campaign_progress(
    user: AnyUser,
    campaign: Campaign,
    *,
    root: Unit,
    requirement: Requirement | None = None,
    now: datetime | None = None,
) -> Progress:
    """The dashboard's data for `root`'s subtree: a row per requirement, and a row per child unit (for one
    requirement, or all of them added up)."""
    now = now or timezone.now()
    requirements = list(campaign.requirements.order_by("due_at", "id"))
    grouped = grouped_counts(user, campaign, root, now)
    per_requirement = {r.pk: Counts() for r in requirements}
    per_branch: dict[str, Counts] = {}
    for (requirement_id, branch), counts in grouped.items():
        per_requirement[requirement_id].add(counts)
        if requirement is None or requirement.pk == requirement_id:
            per_branch.setdefault(branch, Counts()).add(counts)
    rows = [
        RequirementRow(r, per_requirement[r.pk], is_past_due=now > r.due_at, due=describe(r.due_at))
        for r in requirements
    ]
    totals = Counts()
    for row in rows:
        totals.add(row.counts)
    return Progress(campaign, root, rows, _unit_rows(root, per_branch), totals)


def missing_tasks(user: AnyUser, requirement: Requirement, *, root: Unit, limit: int | None = None) -> list[Task]:
    """The tasks of units in `root`'s subtree that have not handed in (pending, or returned and not handed
    in again), with each unit's contact person and phone, in tree order."""
    qs = (
        _tasks_under(user, requirement.campaign, root)
        .filter(requirement=requirement, status__in=MISSING)
        .select_related("unit", "unit__parent")
        .order_by("unit__path")
    )
    return list(qs[:limit] if limit else qs)
