"""The reads of an archive: one campaign's objects inside one unit's subtree, and the builds a user sees.

Every query is bounded by the campaign and by the subtree's path prefix; the door that hands a caller the
campaign and the unit has already checked that the user may see both.
"""

from collections.abc import Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Count, Model, Q, QuerySet, Sum
from django.utils import timezone

from fupin.audit.models import AuditEvent
from fupin.audit.selectors import visible_events
from fupin.campaigns.models import (
    ActivityItem,
    Campaign,
    CampaignStatus,
    Contact,
    Requirement,
    Review,
    StatReport,
    StatTable,
    Submission,
    SubmissionFile,
    Task,
)
from fupin.campaigns.selectors.stats import campaign_stat_tables
from fupin.orgs.models import Unit
from fupin.orgs.policy import AnyUser, can, scope_q

from ..models import ArchiveJob


def derived_campaigns(campaign: Campaign, unit: Unit) -> list[Campaign]:
    """The 方案细化 derived from the campaign (at any depth) that belong in the subtree's archive: those of
    units inside the subtree, and the published ones of units above it (their tasks reach into it)."""
    found: list[Campaign] = []
    frontier = [campaign.pk]
    while frontier:
        children = list(Campaign.objects.filter(parent_id__in=frontier).select_related("unit", "parent__unit"))
        frontier = [c.pk for c in children]
        found += [
            c
            for c in children
            if c.unit.path.startswith(unit.path)
            or (unit.path.startswith(c.unit.path) and c.status != CampaignStatus.DRAFT)
        ]
    return sorted(found, key=lambda c: (c.unit.path, c.pk))


def subtree_units(unit: Unit) -> QuerySet[Unit]:
    return Unit.objects.filter(path__startswith=unit.path).only("id", "name", "path", "parent_id").order_by("path")


def archive_tasks(campaign: Campaign, unit: Unit) -> QuerySet[Task]:
    return (
        Task.objects.filter(requirement__campaign=campaign, unit__path__startswith=unit.path)
        .select_related("unit", "requirement")
        .order_by("unit__path", "requirement__due_at", "requirement_id")
    )


def archive_submissions(campaign: Campaign, unit: Unit) -> QuerySet[Submission]:
    """Every version of every hand-in in the subtree, in unit and task order, oldest version first."""
    return (
        Submission.objects.filter(task__requirement__campaign=campaign, task__unit__path__startswith=unit.path)
        .select_related("task__unit", "task__requirement", "submitted_by")
        .order_by("task__unit__path", "task__requirement__due_at", "task__requirement_id", "version")
    )


def archive_files(campaign: Campaign, unit: Unit) -> QuerySet[SubmissionFile]:
    return SubmissionFile.objects.filter(
        submission__task__requirement__campaign=campaign, submission__task__unit__path__startswith=unit.path
    ).order_by("submission_id", "id")


def all_archive_files(campaign: Campaign, unit: Unit) -> QuerySet[SubmissionFile]:
    """The uploads of the campaign and of its 方案细化 inside the subtree."""
    campaigns = [campaign.pk, *(c.pk for c in derived_campaigns(campaign, unit))]
    return SubmissionFile.objects.filter(
        submission__task__requirement__campaign__in=campaigns, submission__task__unit__path__startswith=unit.path
    )


def archive_reviews(campaign: Campaign, unit: Unit) -> QuerySet[Review]:
    return (
        Review.objects.filter(task__requirement__campaign=campaign, task__unit__path__startswith=unit.path)
        .select_related("task__unit", "task__requirement", "submission", "by")
        .order_by("task__unit__path", "task__requirement__due_at", "at", "id")
    )


def archive_stat_tables(campaign: Campaign) -> QuerySet[StatTable]:
    return campaign_stat_tables(campaign)


def _ids(qs: QuerySet[Model]) -> list[str]:
    return [str(pk) for pk in qs.values_list("pk", flat=True)]


def archive_audit_events(user: AnyUser, campaign: Campaign, unit: Unit) -> QuerySet[AuditEvent]:
    """The trail of the campaign's objects recorded inside the subtree, as far as the user may read it.

    The campaign's own rows (items, requirements, contacts, tables) belong to the issuing unit and are
    included only when the issuing unit lies inside the subtree."""
    tasks = Task.objects.filter(requirement__campaign=campaign, unit__path__startswith=unit.path)
    targets = {
        "campaigns.task": _ids(tasks),
        "campaigns.submission": _ids(Submission.objects.filter(task__in=tasks)),
        "campaigns.statreport": _ids(StatReport.objects.filter(task__in=tasks)),
    }
    if campaign.unit.path.startswith(unit.path):
        targets |= {
            "campaigns.campaign": [str(campaign.pk)],
            "campaigns.activityitem": _ids(ActivityItem.objects.filter(campaign=campaign)),
            "campaigns.requirement": _ids(Requirement.objects.filter(campaign=campaign)),
            "campaigns.contact": _ids(Contact.objects.filter(campaign=campaign)),
            "campaigns.stattable": _ids(StatTable.objects.filter(campaign=campaign)),
        }
    match = Q(pk__in=[])
    for target_type, ids in targets.items():
        if ids:
            match |= Q(target_type=target_type, target_id__in=ids)
    return visible_events(user).filter(match, unit_path__startswith=unit.path).order_by("at", "id")


def campaign_archive_jobs(user: AnyUser, campaign: Campaign) -> QuerySet[ArchiveJob]:
    """The campaign's builds for subtrees where the user may build archives, newest first."""
    return (
        ArchiveJob.objects.filter(scope_q(user, "archive.view", "unit__path"), campaign=campaign)
        .select_related("unit", "requested_by")
        .order_by("-created_at", "-id")
    )


def queued_jobs() -> QuerySet[ArchiveJob]:
    return ArchiveJob.objects.filter(status="queued").order_by("created_at", "id")


STALE_MINUTES = 5  # a running build whose runner has been silent this long lost its runner


def stale_after() -> timedelta:
    return timedelta(minutes=getattr(settings, "FUPIN_ARCHIVE_STALE_MINUTES", STALE_MINUTES))


def stale_jobs(cutoff: datetime, *, campaign: Campaign | None = None, unit: Unit | None = None) -> QuerySet[ArchiveJob]:
    """Running builds whose runner has not beaten since `cutoff`: it was killed (or hangs)."""
    silent = Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True, started_at__lt=cutoff)
    qs = ArchiveJob.objects.filter(silent, status="running")
    if campaign is not None:
        qs = qs.filter(campaign=campaign)
    if unit is not None:
        qs = qs.filter(unit=unit)
    return qs.order_by("created_at", "id")


def mark_rebuildable(jobs: Iterable[ArchiveJob]) -> list[ArchiveJob]:
    """The jobs with `is_stale` and `can_rebuild` set: a failed or stalled build that is the newest of its
    subtree on the page offers 「重新生成」."""
    cutoff = timezone.now() - stale_after()
    marked, seen = list(jobs), set()
    for job in marked:
        beat = job.heartbeat_at or job.started_at
        job.is_stale = job.status == "running" and (beat is None or beat < cutoff)
        job.can_rebuild = (job.status == "failed" or job.is_stale) and job.unit_id not in seen
        seen.add(job.unit_id)
    return marked


def archive_file_totals(campaign: Campaign, unit: Unit) -> tuple[int, int]:
    """(number of files, their bytes): what decides between streaming now and building in the background."""
    totals = all_archive_files(campaign, unit).aggregate(count=Count("id"), size=Sum("size"))
    return totals["count"] or 0, totals["size"] or 0


def default_archive_unit(user: AnyUser, campaign: Campaign) -> Unit | None:
    """The unit whose subtree the user archives when none is named: the issuing unit if the user's
    grant covers it, else the user's first subtree inside the campaign's."""
    if can(user, "archive.view", campaign.unit.path):
        return campaign.unit
    units = Unit.objects.filter(scope_q(user, "archive.view"), path__startswith=campaign.unit.path)
    return units.order_by("path").first()
