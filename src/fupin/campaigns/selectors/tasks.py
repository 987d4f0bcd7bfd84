"""Reading tasks: a unit's own list ordered by deadline, and a task's history."""

from django.db.models import QuerySet
from django.utils import timezone

from fupin.orgs.policy import scope_q

from ..deadlines import late_by
from ..models import CampaignStatus, Task, TaskStatus


def my_tasks(user, *, include_done: bool = False) -> QuerySet[Task]:
    """Tasks of the units where the user hands in, soonest deadline first."""
    qs = Task.objects.filter(
        scope_q(user, "task.submit", "unit__path"), requirement__campaign__status=CampaignStatus.PUBLISHED
    )
    if not include_done:
        qs = qs.exclude(status=TaskStatus.APPROVED)
    return qs.select_related("requirement__campaign__unit", "unit").order_by("requirement__due_at", "unit__path")


def task_history(task: Task):
    """Every version with its files, and every review, newest first."""
    submissions = task.submissions.select_related("submitted_by").prefetch_related("files")
    reviews = task.reviews.select_related("by")
    return submissions, reviews


def is_overdue(task: Task, now=None) -> bool:
    """Past the deadline and not yet handed in (computed, never stored)."""
    now = now or timezone.now()
    return task.status in (TaskStatus.PENDING, TaskStatus.RETURNED) and now > task.requirement.due_at


def lateness(task: Task):
    """How late the first hand-in was, or None."""
    if task.first_submitted_at is None:
        return None
    return late_by(task.first_submitted_at, task.requirement.due_at)
