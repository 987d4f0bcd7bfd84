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
from ..lineage import answering_tasks, derived_from
from ..models import Campaign, Requirement, Task, TaskStatus

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

    class HasChildren(TypedDict):
        has_children: bool


# not handed in now: never handed in, or returned and not handed in again (whom 催报 reaches)
TO_CHASE = (TaskStatus.PENDING, TaskStatus.RETURNED)
HANDED_IN = (TaskStatus.SUBMITTED, TaskStatus.APPROVED)
COUNT_FIELDS = ("total", "awaiting", "on_time", "late", "returned", "approved", "missing", "overdue")


@dataclass
class Counts:
    """Tasks of one group, each counted once by its one status: `awaiting` review, `approved`, `returned`
    (not handed in again) or `missing` (never handed in), so total = awaiting + approved + returned + missing.
    What is handed in now (`submitted` = awaiting + approved) splits again by its first hand-in into
    `on_time` + `late`; `overdue` = returned or missing after the deadline."""

    total: int = 0
    awaiting: int = 0
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
    def submitted(self) -> int:
        """Handed in now: waiting for review or approved."""
        return self.awaiting + self.approved

    @property
    def to_chase(self) -> int:
        """Not handed in now: returned or never handed in."""
        return self.returned + self.missing

    @property
    def percent(self) -> int:
        """Per cent handed in now, rounded down so 99.6% never shows as 100%."""
        return self.submitted * 100 // self.total if self.total else 0


@dataclass
class RequirementRow:
    requirement: Requirement
    counts: Counts
    is_past_due: bool
    due: str
    paper_received: int | None = None  # units whose paper copy the office ticked, where paper is asked


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


def follows_whole_campaign(user: AnyUser, campaign: Campaign) -> bool:
    """The issuing office (and above), and a unit some requirement is handed in to, follow the campaign's
    whole tree."""
    if can(user, "task.view", campaign.unit.path):
        return True
    return campaign.requirements.filter(scope_q(user, "task.view", "recipient__path")).exists()


def default_root(user: AnyUser, campaign: Campaign) -> Unit | None:
    """Where the viewer's dashboard starts: the issuing unit for its office (and above), else the viewer's
    own unit within the campaign's tree (a county looking at the city's campaign sees its county); a unit
    the campaign's requirements are handed in to starts where the issuing office does."""
    if follows_whole_campaign(user, campaign):
        return campaign.unit
    paths = [p for p in paths_for(user, "task.view") if p.startswith(campaign.unit.path)]
    return Unit.objects.filter(path=paths[0]).first() if paths else None


def drill_path(user: AnyUser, campaign: Campaign, root: Unit) -> QuerySet[Unit]:
    """The units between the campaign's issuing unit and `root` (root excluded) that the viewer may open."""
    if root == campaign.unit:
        return Unit.objects.none()
    above = ancestors(root).filter(path__startswith=campaign.unit.path)
    return above if follows_whole_campaign(user, campaign) else above.filter(scope_q(user, "unit.view"))


def visible_requirements(user: AnyUser, campaign: Campaign, root: Unit) -> QuerySet[Requirement]:
    """The campaign's requirements whose tasks under `root` the viewer follows: all of them in its own
    subtree or as the issuing office; otherwise those handed in to the viewer's units (「报送至」)."""
    qs = campaign.requirements.select_related("recipient").order_by("due_at", "id")
    if can(user, "task.view", root.path) or can(user, "task.view", campaign.unit.path):
        return qs
    return qs.filter(scope_q(user, "task.view", "recipient__path"))


def _tasks_under(mapping: dict[int, int], root: Unit) -> QuerySet[Task]:
    """The tasks answering the mapped requirements (or a plan derived from them) in `root`'s subtree."""
    return answering_tasks(mapping).filter(unit__path__startswith=root.path)


def count_expressions(now: datetime) -> dict[str, Count]:
    """The conditional counts of `Counts`, one SQL aggregate each; one status per task."""
    due = F("requirement__due_at")
    handed_in = Q(status__in=HANDED_IN)
    return {
        "total": Count("pk"),
        "awaiting": Count("pk", filter=Q(status=TaskStatus.SUBMITTED)),
        "on_time": Count("pk", filter=handed_in & Q(first_submitted_at__lte=due)),
        "late": Count("pk", filter=handed_in & ~Q(first_submitted_at__lte=due)),
        "returned": Count("pk", filter=Q(status=TaskStatus.RETURNED)),
        "approved": Count("pk", filter=Q(status=TaskStatus.APPROVED)),
        "missing": Count("pk", filter=Q(status=TaskStatus.PENDING)),
        "overdue": Count("pk", filter=Q(status__in=TO_CHASE) & Q(requirement__due_at__lt=now)),
    }


def grouped_counts(
    user: AnyUser, campaign: Campaign, root: Unit, now: datetime, requirements: list[Requirement] | None = None
) -> dict[tuple[int, str], Counts]:
    """{(requirement id, child path): Counts} in one query; the root's own tasks come under its own path.
    A task a derived plan took over counts under the campaign's requirement it derives from."""
    if requirements is None:
        requirements = list(visible_requirements(user, campaign, root))
    mapping = derived_from(r.pk for r in requirements)
    width = len(root.path) + PATH_STEP + 1
    # the counts' keys come from count_expressions, so the rows are plain mappings to the type checker
    rows: QuerySet[Task, Mapping[str, Any]] = (
        _tasks_under(mapping, root)
        .annotate(branch=Substr("unit__path", 1, width))
        .values("requirement_id", "branch")
        .annotate(**count_expressions(now))
        .order_by()
    )
    grouped: dict[tuple[int, str], Counts] = {}
    for r in rows:
        counts = Counts(**{k: r[k] for k in COUNT_FIELDS})
        grouped.setdefault((mapping[r["requirement_id"]], r["branch"]), Counts()).add(counts)
    return grouped


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
        key=lambda row: (not row.drillable, row.counts.percent, -row.counts.to_chase, row.unit.name),
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
    requirements = list(visible_requirements(user, campaign, root))
    grouped = grouped_counts(user, campaign, root, now, requirements)
    per_requirement = {r.pk: Counts() for r in requirements}
    per_branch: dict[str, Counts] = {}
    for (requirement_id, branch), counts in grouped.items():
        per_requirement[requirement_id].add(counts)
        if requirement is None or requirement.pk == requirement_id:
            per_branch.setdefault(branch, Counts()).add(counts)
    paper = paper_received(requirements, root)
    rows = [
        RequirementRow(r, per_requirement[r.pk], now > r.due_at, describe(r.due_at), paper.get(r.pk))
        for r in requirements
    ]
    totals = Counts()
    for row in rows:
        totals.add(row.counts)
    return Progress(campaign, root, rows, _unit_rows(root, per_branch), totals)


def paper_received(requirements: list[Requirement], root: Unit) -> dict[int, int]:
    """{requirement id: paper copies ticked as received in `root`'s subtree}, for those that ask for paper."""
    asking = [r.pk for r in requirements if r.paper_copies]
    if not asking:
        return {}
    mapping = derived_from(asking)
    received = {pk: 0 for pk in asking}
    rows = (
        _tasks_under(mapping, root)
        .filter(paper_received_at__isnull=False)
        .values("requirement_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in rows:
        received[mapping[row["requirement_id"]]] += row["n"]
    return received


def missing_tasks(user: AnyUser, requirement: Requirement, *, root: Unit, limit: int | None = None) -> list[Task]:
    """The tasks of units in `root`'s subtree that have not handed in (pending, or returned and not handed
    in again), with each unit's contact person and phone, in tree order."""
    if not visible_requirements(user, requirement.campaign, root).filter(pk=requirement.pk).exists():
        return []
    qs = (
        _tasks_under(derived_from([requirement.pk]), root)
        .filter(status__in=TO_CHASE)
        .select_related("unit", "unit__parent", "requirement")
        .order_by("unit__path")
    )
    return list(qs[:limit] if limit else qs)
