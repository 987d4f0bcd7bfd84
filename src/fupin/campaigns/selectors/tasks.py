"""Reading tasks: a unit's own list ordered by deadline, a task's history, and the office's review queue."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db.models import Count, Max, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from fupin.orgs.policy import AnyUser, paths_for

from ..deadlines import describe, describe_delay, late_by
from ..models import CampaignStatus, FileKind, Review, Submission, SubmissionFile, Task, TaskStatus
from ..permissions import access_task, office_q, task_scope_q

TO_DO = (TaskStatus.PENDING, TaskStatus.RETURNED)
SOON = timedelta(days=3)


def my_tasks(user: AnyUser, *, include_done: bool = False) -> QuerySet[Task]:
    """Tasks of the units where the user holds a hand-in role (not their whole subtree: a county office's
    list is the county's own tasks, its schools' are followed on the dashboard), soonest deadline first."""
    qs = Task.objects.filter(
        unit__path__in=paths_for(user, "task.submit"), requirement__campaign__status=CampaignStatus.PUBLISHED
    )
    if not include_done:
        qs = qs.exclude(status=TaskStatus.APPROVED)
    return qs.select_related("requirement__campaign__unit", "unit").order_by("requirement__due_at", "unit__path")


def task_history(task: Task) -> tuple[QuerySet[Submission], QuerySet[Review]]:
    """Every version with its files, and every review, newest first."""
    submissions = task.submissions.select_related("submitted_by").prefetch_related("files")
    reviews = task.reviews.select_related("by")
    return submissions, reviews


def is_overdue(task: Task, now: datetime | None = None) -> bool:
    """Past the deadline and not yet handed in (computed, never stored)."""
    now = now or timezone.now()
    return task.status in (TaskStatus.PENDING, TaskStatus.RETURNED) and now > task.requirement.due_at


def lateness(task: Task) -> timedelta | None:
    """How late the first hand-in was, or None."""
    if task.first_submitted_at is None:
        return None
    return late_by(task.first_submitted_at, task.requirement.due_at)


@dataclass(frozen=True)
class TimeLeft:
    """「还剩3天」, 「还剩5小时」 or 「已逾期2天」, with a level the page colours by (ok, soon, overdue)."""

    text: str
    level: str


def _span(delta: timedelta, *, days_only: bool = False) -> str:
    """「3天」, 「1天5小时」 (under three days the hours count), 「5小时」, 「20分钟」."""
    days, seconds = divmod(int(delta.total_seconds()), 86400)
    hours, minutes = seconds // 3600, seconds % 3600 // 60
    if days and (days_only or days >= 3 or not hours):
        return _("%(d)d天") % {"d": days}
    if days:
        return _("%(d)d天%(h)d小时") % {"d": days, "h": hours}
    if hours:
        return _("%(h)d小时") % {"h": hours}
    return _("%(m)d分钟") % {"m": max(minutes, 1)}


def time_left(due_at: datetime, now: datetime) -> TimeLeft:
    if now > due_at:
        return TimeLeft(_("已逾期%(t)s") % {"t": _span(now - due_at, days_only=True)}, "overdue")
    delta = due_at - now
    return TimeLeft(_("还剩%(t)s") % {"t": _span(delta)}, "soon" if delta < SOON else "ok")


def with_deadlines(tasks: Iterable[Task], now: datetime | None = None) -> list[Task]:
    """Each task with its resolved deadline, the time left while it is to do, and how late it was handed in."""
    now = now or timezone.now()
    rows = list(tasks)
    for task in rows:
        due_at = task.requirement.due_at
        # extra attributes for the templates, not model fields (hence no plain assignment)
        setattr(task, "deadline", describe(due_at))  # noqa: B010
        setattr(task, "left", time_left(due_at, now) if task.status in TO_DO else None)  # noqa: B010
        delay = lateness(task)
        setattr(task, "late_text", describe_delay(delay) if delay else "")  # noqa: B010
    return rows


def deadline_summary(user: AnyUser, *, now: datetime | None = None, limit: int = 5) -> dict[str, Any]:
    """The workbench's view of what the user's units still have to hand in: counts and the next deadlines."""
    now = now or timezone.now()
    to_do = my_tasks(user).filter(status__in=TO_DO)
    counts = to_do.aggregate(
        to_do=Count("pk"),
        returned=Count("pk", filter=Q(status=TaskStatus.RETURNED)),
        overdue=Count("pk", filter=Q(requirement__due_at__lt=now)),
    )
    return {**counts, "tasks": with_deadlines(to_do[:limit], now)}


def review_queue(user: AnyUser, *, own_only: bool = True) -> QuerySet[Task]:
    """Hand-ins awaiting review in campaigns issued by the user's units or handed in to them (「报送至」), or
    anywhere in their subtrees when `own_only` is off; the longest waiting first."""
    qs = Task.objects.filter(office_q(user, "task.review", "requirement__"), status=TaskStatus.SUBMITTED)
    if own_only and not user.is_superuser:
        paths = paths_for(user, "task.review")
        qs = qs.filter(Q(requirement__campaign__unit__path__in=paths) | Q(requirement__recipient__path__in=paths))
    return (
        qs.select_related("requirement__campaign__unit", "requirement__recipient", "unit")
        .annotate(version=Max("submissions__version"))
        .order_by("submitted_at", "pk")
    )


def task_versions(task: Task) -> list[Submission]:
    """Every version, newest first, with its files, its reviews and how late it came."""
    versions = list(
        task.submissions.select_related("submitted_by").prefetch_related(
            "files", Prefetch("reviews", queryset=Review.objects.select_related("by").order_by("at", "id"))
        )
    )
    for submission in versions:
        # extra attributes for the template, not model fields (hence no plain assignment)
        setattr(submission, "review_list", list(submission.reviews.all()))  # noqa: B010
        delay = late_by(submission.submitted_at, task.requirement.due_at)
        setattr(submission, "late_text", describe_delay(delay) if delay else "")  # noqa: B010
    return versions


def latest_files(task: Task) -> list[SubmissionFile]:
    """The files of the task's latest version, which a new version starts from."""
    latest = task.submissions.first()
    return list(latest.files.all()) if latest else []


def task_file(user: AnyUser, pk: int | str) -> SubmissionFile:
    """A handed-in file, through its task's door: a missing file and another subtree's look the same (404)."""
    file = SubmissionFile.objects.select_related("submission").filter(pk=pk).first()
    if file is None:
        raise Http404
    access_task(user, file.submission.task_id)
    return file


def handed_in_photos(user: AnyUser, *, campaign_q: Q | None = None, unit_path: str = "") -> QuerySet[SubmissionFile]:
    """Photos of the latest hand-in of every task the user may see (a returned version's photos are not shown
    again), newest first; `campaign_q` filters by campaign through `submission__task__requirement__campaign`."""
    latest = Submission.objects.filter(task=OuterRef("submission__task")).order_by("-version").values("pk")[:1]
    qs = SubmissionFile.objects.filter(
        kind=FileKind.PHOTO,
        submission=Subquery(latest),
        submission__task__in=Task.objects.filter(task_scope_q(user)),
    )
    if campaign_q is not None:
        qs = qs.filter(campaign_q)
    if unit_path:
        qs = qs.filter(submission__task__unit__path__startswith=unit_path)
    return qs.select_related("submission__task__unit").order_by("-submission__submitted_at", "-pk")
