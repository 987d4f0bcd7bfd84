"""The reads of an archive: one campaign's objects inside one unit's subtree, and the builds a user sees.

Every query is bounded by the campaign and by the subtree's path prefix; the door that hands a caller the
campaign and the unit has already checked that the user may see both.
"""

from django.db.models import Count, Q, QuerySet, Sum

from fupin.audit.models import AuditEvent
from fupin.audit.selectors import visible_events
from fupin.campaigns.models import (
    ActivityItem,
    Campaign,
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
from fupin.orgs.policy import can, scope_q

from ..models import ArchiveJob


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


def archive_reviews(campaign: Campaign, unit: Unit) -> QuerySet[Review]:
    return (
        Review.objects.filter(task__requirement__campaign=campaign, task__unit__path__startswith=unit.path)
        .select_related("task__unit", "task__requirement", "submission", "by")
        .order_by("task__unit__path", "task__requirement__due_at", "at", "id")
    )


def archive_stat_tables(campaign: Campaign) -> QuerySet[StatTable]:
    return campaign_stat_tables(campaign)


def _ids(qs) -> list[str]:
    return [str(pk) for pk in qs.values_list("pk", flat=True)]


def archive_audit_events(user, campaign: Campaign, unit: Unit) -> QuerySet[AuditEvent]:
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


def campaign_archive_jobs(user, campaign: Campaign) -> QuerySet[ArchiveJob]:
    """The campaign's builds for subtrees where the user may build archives, newest first."""
    return (
        ArchiveJob.objects.filter(scope_q(user, "archive.view", "unit__path"), campaign=campaign)
        .select_related("unit", "requested_by")
        .order_by("-created_at", "-id")
    )


def queued_jobs() -> QuerySet[ArchiveJob]:
    return ArchiveJob.objects.filter(status="queued").order_by("created_at", "id")


def archive_file_totals(campaign: Campaign, unit: Unit) -> tuple[int, int]:
    """(number of files, their bytes): what decides between streaming now and building in the background."""
    totals = archive_files(campaign, unit).aggregate(count=Count("id"), size=Sum("size"))
    return totals["count"] or 0, totals["size"] or 0


def default_archive_unit(user, campaign: Campaign) -> Unit | None:
    """The unit whose subtree the user archives when none is named: the issuing unit if the user's
    grant covers it, else the user's first subtree inside the campaign's."""
    if can(user, "archive.view", campaign.unit.path):
        return campaign.unit
    units = Unit.objects.filter(scope_q(user, "archive.view"), path__startswith=campaign.unit.path)
    return units.order_by("path").first()
