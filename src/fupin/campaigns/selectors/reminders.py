"""Reading reminders: what a unit's people see on their workbench, and the office's campaigns at a glance."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from fupin.orgs.policy import POLICY, AnyUser, grants, scope_q

from ..lineage import answering_tasks, derived_from
from ..models import Campaign, CampaignStatus, Reminder, Requirement
from .progress import TO_CHASE


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


def issued_campaigns_progress(user: AnyUser, *, now: datetime | None = None, limit: int = 5) -> list[Campaign]:
    """The published campaigns the user's office issued (where it may remind), each with its task counts as
    the progress page counts them (a task a derived plan took over included): `task_total`, `task_missing`
    (returned or never handed in), `task_overdue` and `task_percent` (handed in now)."""
    now = now or timezone.now()
    qs = Campaign.objects.filter(scope_q(user, "task.remind", "unit__path"), status=CampaignStatus.PUBLISHED)
    campaigns = list(qs.select_related("unit").order_by("-year", "-id")[:limit])
    campaign_of = dict(Requirement.objects.filter(campaign__in=campaigns).values_list("pk", "campaign_id"))
    mapping = derived_from(campaign_of)
    to_chase = Q(status__in=TO_CHASE)
    rows = (
        answering_tasks(mapping)
        .values("requirement_id")
        .annotate(
            total=Count("pk"),
            missing=Count("pk", filter=to_chase),
            overdue=Count("pk", filter=to_chase & Q(requirement__due_at__lt=now)),
        )
        .order_by()
    )
    sums: dict[int, list[int]] = {c.pk: [0, 0, 0] for c in campaigns}
    for row in rows:
        totals = sums[campaign_of[mapping[row["requirement_id"]]]]
        totals[0] += row["total"]
        totals[1] += row["missing"]
        totals[2] += row["overdue"]
    for campaign in campaigns:
        total, missing, overdue = sums[campaign.pk]
        # extra attributes for the panel, not model fields (hence no plain assignment)
        setattr(campaign, "task_total", total)  # noqa: B010
        setattr(campaign, "task_missing", missing)  # noqa: B010
        setattr(campaign, "task_overdue", overdue)  # noqa: B010
        setattr(campaign, "task_percent", (total - missing) * 100 // total if total else 0)  # noqa: B010
    return campaigns
