"""Reads for the documents the product writes; the views have already scoped the campaign and the unit."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery

from fupin.campaigns.lineage import answering_tasks, derived_from
from fupin.campaigns.models import (
    Campaign,
    FileKind,
    Requirement,
    StatColumn,
    StatTable,
    Submission,
    SubmissionFile,
    Task,
    TaskStatus,
)
from fupin.campaigns.permissions import task_scope_q
from fupin.campaigns.selectors.stats import campaign_stat_tables, subtree_totals
from fupin.campaigns.sources import campaign_lineage_q
from fupin.orgs.models import Unit
from fupin.orgs.policy import AnyUser

OVERDUE = "overdue"
MISSING = (TaskStatus.PENDING, TaskStatus.RETURNED)


@dataclass(frozen=True)
class RequirementCounts:
    """One requirement's tasks in a subtree by status; approved + submitted + returned + pending = total."""

    title: str
    due_at: datetime
    total: int
    approved: int
    submitted: int
    returned: int
    pending: int
    overdue: int  # pending or returned after the deadline


def subtree_tasks(campaign: Campaign, unit: Unit) -> QuerySet[Task]:
    """The tasks of the campaign (and the child campaigns derived from it) in the unit's subtree."""
    return Task.objects.filter(campaign_lineage_q(campaign), unit__path__startswith=unit.path)


def requirement_counts(campaign: Campaign, unit: Unit, now: datetime) -> list[RequirementCounts]:
    """Hand-ins of the subtree grouped by requirement, in one query."""
    missing = Q(status__in=MISSING)
    rows = (
        subtree_tasks(campaign, unit)
        .values("requirement__title", "requirement__due_at")
        .annotate(
            total=Count("pk"),
            approved=Count("pk", filter=Q(status=TaskStatus.APPROVED)),
            submitted=Count("pk", filter=Q(status=TaskStatus.SUBMITTED)),
            returned=Count("pk", filter=Q(status=TaskStatus.RETURNED)),
            pending=Count("pk", filter=Q(status=TaskStatus.PENDING)),
            overdue=Count("pk", filter=missing & Q(requirement__due_at__lt=now)),
        )
        .order_by("requirement__due_at", "requirement__title")
    )
    return [
        RequirementCounts(
            title=r["requirement__title"],
            due_at=r["requirement__due_at"],
            **{k: r[k] for k in ("total", "approved", "submitted", "returned", "pending", "overdue")},
        )
        for r in rows
    ]


def stat_figures(campaign: Campaign, unit: Unit) -> list[tuple[StatTable, list[tuple[StatColumn, int]]]]:
    """[(table, [(column, subtree total)])] for the campaign's tables with figures in the subtree."""
    result = []
    for table in campaign_stat_tables(campaign):
        totals = subtree_totals(table, unit)
        figures = [(c, totals[c.pk]) for c in table.columns.all() if c.is_additive and totals.get(c.pk) is not None]
        if figures:
            result.append((table, figures))
    return result


def summary_photos(campaign: Campaign, unit: Unit, *, limit: int = 20) -> list[SubmissionFile]:
    """Photos of the latest hand-in of each task in the subtree, unit by unit, as they were handed in."""
    latest = Submission.objects.filter(task=OuterRef("submission__task")).order_by("-version").values("pk")[:1]
    return list(
        SubmissionFile.objects.filter(
            campaign_lineage_q(campaign, "submission__task__requirement__campaign"),
            kind=FileKind.PHOTO,
            submission__task__unit__path__startswith=unit.path,
            submission=Subquery(latest),
        )
        .select_related("submission__task__unit")
        .order_by("submission__task__unit__path", "pk")[:limit]
    )


def campaign_tasks(
    user: AnyUser,
    campaign: Campaign,
    *,
    root: Unit,
    now: datetime,
    requirement: Requirement | None = None,
    status: str = "",
) -> QuerySet[Task]:
    """The campaign's tasks in `root`'s subtree that the user may see, filtered as the page is, in tree order.

    `status` is a TaskStatus value, or "overdue" (not handed in, or returned, after the deadline)."""
    # a task a county's derived plan took over is still one of the campaign's (as on its progress page)
    given = derived_from([requirement.pk] if requirement else campaign.requirements.values_list("pk", flat=True))
    qs = answering_tasks(given).filter(task_scope_q(user), unit__path__startswith=root.path)
    if status == OVERDUE:
        qs = qs.filter(status__in=MISSING, requirement__due_at__lt=now)
    elif status:
        qs = qs.filter(status=status)
    return qs.select_related("unit", "requirement").order_by("unit__path", "requirement__due_at", "requirement_id")
