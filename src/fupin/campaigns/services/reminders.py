"""Reminding units that have not handed in: by hand from the dashboard, ahead of each deadline, and the
overdue notice to the issuing office once a deadline has passed.

Every reminder is a row the unit's people see on their workbench; its email goes out after commit through a
task that is safe to retry. Scheduled reminders go out once per task and lead time (a unique constraint), and
the overdue notice once per task, so `fupin remind` may run as often as cron likes.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import partial

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from fupin.audit.models import AuditAction
from fupin.audit.services import record_for
from fupin.orgs.models import Unit, User

from ..deadlines import describe, describe_delay
from ..lineage import tasks_answering
from ..models import CampaignStatus, Reminder, Requirement, Task
from ..permissions import can_review
from ..reminder_mail import send_overdue_notice, send_reminder_emails
from ..selectors.progress import TO_CHASE
from ..selectors.reminders import reminders_for

# A second 一键催报 within this time (a double click, a retried request) skips the units just reminded.
MANUAL_REPEAT_AFTER = timedelta(minutes=30)
# Deadlines that passed longer ago than this get no overdue notice (a first cron run after a pause).
OVERDUE_NOTICE_WITHIN = timedelta(days=7)


@dataclass
class Sent:
    """What one run sent for one requirement, for the command's output."""

    requirement: Requirement
    kind: str
    units: list[str] = field(default_factory=list)
    days_before: int | None = None


def _missing(requirement: Requirement) -> QuerySet[Task]:
    return Task.objects.filter(requirement=requirement, status__in=TO_CHASE).select_related("unit")


def _reminded(kind: str, **conditions: object) -> Exists:
    return Exists(Reminder.objects.filter(task=OuterRef("pk"), kind=kind, **conditions))


def _lock(requirement: Requirement) -> Requirement:
    """One reminding run per requirement at a time, so two runs cannot both decide a task needs one."""
    locked = Requirement.objects.select_for_update(of=("self",)).select_related("campaign__unit")
    return locked.get(pk=requirement.pk)


def _within(units: Iterable[Unit]) -> Q:
    q = Q(pk__in=[])
    for unit in units:
        q |= Q(unit__path__startswith=unit.path)
    return q


def _create(
    tasks: list[Task], kind: str, message: str, *, by: User | None = None, days_before: int | None = None
) -> list[Reminder]:
    rows = [Reminder(task=t, kind=kind, message=message, sent_by=by, days_before=days_before) for t in tasks]
    return Reminder.objects.bulk_create(rows)


def _manual_message(requirement: Requirement, now: datetime) -> str:
    values = {"r": requirement.title, "d": describe(requirement.due_at)}
    if now > requirement.due_at:
        return _("「%(r)s」已于 %(d)s 截止,贵单位尚未报送,请尽快补报。") % values
    return _("请尽快报送「%(r)s」(截止时间 %(d)s)。") % values


@transaction.atomic
def remind_missing(*, by: User, requirement: Requirement, units: Iterable[Unit] | None = None) -> list[Reminder]:
    """Remind every unit still missing this requirement (only in `units`' subtrees when given), in the app
    and by email after commit. Only the issuing office or above, or the receiving unit, may; units reminded
    by hand within the last half hour are skipped, so a double click sends nothing twice."""
    requirement = _lock(requirement)
    if not can_review(by, requirement, "task.remind"):
        raise PermissionDenied(_("只有发文单位或报送接收单位可以催报"))
    recent = _reminded(Reminder.Kind.MANUAL, sent_at__gt=timezone.now() - MANUAL_REPEAT_AFTER)
    # a unit whose task a derived plan took over is chased too (its deadline is the derived one)
    tasks = tasks_answering(requirement).filter(status__in=TO_CHASE).select_related("unit").filter(~recent)
    if units is not None:
        tasks = tasks.filter(_within(units))
    now = timezone.now()
    # each unit is told its own deadline: a derived plan's earlier one where that plan took the task over
    rows = [
        Reminder(task=t, kind=Reminder.Kind.MANUAL, message=_manual_message(t.requirement, now), sent_by=by)
        for t in tasks.select_related("requirement")
    ]
    reminders = Reminder.objects.bulk_create(rows)
    if reminders:
        changes = {"reminders": [None, len(reminders)]}
        record_for(by, AuditAction.CREATE, requirement, requirement.campaign.unit, changes, note=_("一键催报"))
        transaction.on_commit(partial(send_reminder_emails.enqueue, [r.pk for r in reminders]))
    return reminders


def _windows(now: datetime, days_before: Iterable[int]) -> list[tuple[int, datetime, datetime]]:
    """(lead days, from, to): a deadline in (from, to] gets that lead time's reminder; the windows do not
    overlap, so a run sends each task at most one reminder, the one for the nearest lead time."""
    windows, previous = [], 0
    for days in sorted(set(days_before)):
        windows.append((days, now + timedelta(days=previous), now + timedelta(days=days)))
        previous = days
    return windows


@transaction.atomic
def _remind_ahead(requirement: Requirement, days: int, now: datetime) -> Sent:
    requirement = _lock(requirement)
    already = _reminded(Reminder.Kind.SCHEDULED, days_before__lte=days)
    tasks = list(_missing(requirement).filter(~already).order_by("unit__path"))
    left = requirement.due_at - now
    message = _("「%(r)s」将于 %(d)s 截止(还有%(left)s),贵单位尚未报送。") % {
        "r": requirement.title,
        "d": describe(requirement.due_at),
        "left": describe_delay(left).removeprefix("逾期"),
    }
    reminders = _create(tasks, Reminder.Kind.SCHEDULED, message, days_before=days)
    if reminders:
        changes = {"reminders": [None, len(reminders)], "days_before": [None, days]}
        record_for(None, AuditAction.CREATE, requirement, requirement.campaign.unit, changes, note=_("到期提醒"))
        transaction.on_commit(partial(send_reminder_emails.enqueue, [r.pk for r in reminders]))
    return Sent(requirement, Reminder.Kind.SCHEDULED, [t.unit.name for t in tasks], days)


@transaction.atomic
def _notify_overdue(requirement: Requirement, now: datetime) -> Sent:
    requirement = _lock(requirement)
    tasks = list(_missing(requirement).filter(~_reminded(Reminder.Kind.OVERDUE)).order_by("unit__path"))
    late = describe_delay(now - requirement.due_at)
    message = _("「%(r)s」已于 %(d)s 截止,贵单位尚未报送(%(late)s),请尽快补报。") % {
        "r": requirement.title,
        "d": describe(requirement.due_at),
        "late": late,
    }
    reminders = _create(tasks, Reminder.Kind.OVERDUE, message)
    if reminders:
        changes = {"overdue_units": [None, len(reminders)]}
        record_for(None, AuditAction.CREATE, requirement, requirement.campaign.unit, changes, note=_("逾期未报通知"))
        transaction.on_commit(partial(send_overdue_notice.enqueue, [r.pk for r in reminders]))
    return Sent(requirement, Reminder.Kind.OVERDUE, [t.unit.name for t in tasks])


def _published(**due: datetime) -> QuerySet[Requirement]:
    return Requirement.objects.filter(campaign__status=CampaignStatus.PUBLISHED, **due).order_by("due_at", "id")


def send_scheduled_reminders(now: datetime | None = None, days_before: Iterable[int] = (3, 1)) -> list[Sent]:
    """Remind units still missing a task whose deadline is `days_before` days away (once per task and lead
    time), and send each issuing office the units still missing after a deadline passed (once per task).
    Each requirement is its own transaction, so a failure leaves the others sent and a rerun completes it."""
    now = now or timezone.now()
    sent = []
    for days, start, end in _windows(now, days_before):
        for requirement in _published(due_at__gt=start, due_at__lte=end):
            sent.append(_remind_ahead(requirement, days, now))
    for requirement in _published(due_at__lt=now, due_at__gte=now - OVERDUE_NOTICE_WITHIN):
        sent.append(_notify_overdue(requirement, now))
    return [s for s in sent if s.units]


@transaction.atomic
def mark_reminders_read(*, by: User, reminder_ids: Iterable[int] | None = None) -> int:
    """Mark the user's own units' unread reminders read (all, or those given); returns how many."""
    unread = reminders_for(by).select_for_update(of=("self",))
    if reminder_ids is not None:
        unread = unread.filter(pk__in=list(reminder_ids))
    reminders = list(unread)
    now = timezone.now()
    Reminder.objects.filter(pk__in=[r.pk for r in reminders], read_at__isnull=True).update(read_at=now)
    for reminder in reminders:
        record_for(by, AuditAction.UPDATE, reminder, reminder.task.unit, {"read_at": [None, now.isoformat()]})
    return len(reminders)
