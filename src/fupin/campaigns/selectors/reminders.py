"""Reading reminders: what a unit's people see on their workbench, and the office's campaigns at a glance."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, TypedDict

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from fupin.orgs.policy import POLICY, AnyUser, grants, scope_q

from ..models import Campaign, CampaignStatus, Reminder
from .progress import MISSING

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

    class TaskCounts(TypedDict):
        task_total: int
        task_missing: int
        task_overdue: int


def reminded_unit_paths(user: AnyUser) -> list[str]:
    """The units whose reminders the user receives: those where the user hands in itself (not every unit
    below it, so a county office is not flooded with its schools' reminders)."""
    roles = POLICY["task.submit"]
    return sorted({path for path, role in grants(user) if role in roles})


def reminders_for(user: AnyUser, *, unread_only: bool = True) -> QuerySet[Reminder]:
    """Reminders to the user's own units, newest first."""
    paths = reminded_unit_paths(user)
    qs = Reminder.objects.filter(task__unit__path__in=paths) if paths else Reminder.objects.none()
    if unread_only:
        qs = qs.filter(read_at__isnull=True)
    return qs.select_related("task__requirement__campaign", "task__unit").order_by("-sent_at", "-id")


def issued_campaigns_progress(
    user: AnyUser, *, now: datetime | None = None, limit: int = 5
) -> list[WithAnnotations[Campaign, TaskCounts]]:
    """The published campaigns the user's office issued (where it may remind), each with its task counts."""
    now = now or timezone.now()
    tasks = "requirements__tasks"
    missing = Q(**{f"{tasks}__status__in": MISSING})
    qs = (
        Campaign.objects.filter(scope_q(user, "task.remind", "unit__path"), status=CampaignStatus.PUBLISHED)
        .select_related("unit")
        .annotate(
            task_total=Count(tasks),
            task_missing=Count(tasks, filter=missing),
            task_overdue=Count(tasks, filter=missing & Q(requirements__due_at__lt=now)),
        )
        .order_by("-year", "-id")
    )
    campaigns = list(qs[:limit])
    for campaign in campaigns:
        reported = campaign.task_total - campaign.task_missing
        percent = reported * 100 // campaign.task_total if campaign.task_total else 0
        # an extra attribute for the panel, not an annotation (hence no plain assignment)
        setattr(campaign, "task_percent", percent)  # noqa: B010
    return campaigns
