"""Reminder emails, sent after the reminders are committed, through Django's tasks framework.

The tasks are thin and safe to retry: each reminder row is locked, mailed only while it has no recipients
recorded, and its recipients are recorded in the same transaction, so a retried task sends nothing twice.
A unit's mail goes to its contact address and to its own people who hand in; the overdue notice goes to the
issuing office's contact address and to its people who may remind.
"""

import logging
from collections import defaultdict

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.tasks import task
from django.utils import translation
from django.utils.translation import gettext as _

from fupin.orgs.models import Membership, Unit
from fupin.orgs.policy import POLICY

from .deadlines import describe
from .models import Reminder

log = logging.getLogger(__name__)


def unit_recipients(unit_ids, action: str) -> dict[int, list[str]]:
    """{unit id: addresses}: the unit's contact email and its active members' who may do `action` there."""
    found: dict[int, set[str]] = defaultdict(set)
    for pk, email in Unit.objects.filter(pk__in=unit_ids).exclude(contact_email="").values_list("pk", "contact_email"):
        found[pk].add(email.strip().lower())
    members = Membership.objects.filter(unit_id__in=unit_ids, role__in=POLICY[action], user__is_active=True).exclude(
        user__email=""
    )
    for pk, email in members.values_list("unit_id", "user__email"):
        found[pk].add(email.strip().lower())
    return {pk: sorted(emails) for pk, emails in found.items()}


def _locked(reminder_ids) -> list[Reminder]:
    """The reminders not mailed yet, locked until the transaction ends (a parallel retry waits, then skips)."""
    rows = (
        Reminder.objects.select_for_update(of=("self",))
        .filter(pk__in=reminder_ids)
        .select_related("task__unit", "task__requirement__campaign__unit")
        .order_by("pk")
    )
    return [r for r in rows if not r.emailed_to]


def unit_message(reminder: Reminder) -> tuple[str, str]:
    requirement = reminder.task.requirement
    campaign = requirement.campaign
    issuer = campaign.unit
    contact = " ".join(x for x in (issuer.contact_person, issuer.contact_phone) if x)
    subject = _("【催报】%(r)s · %(c)s") % {"r": requirement.title, "c": campaign.title}
    lines = [
        f"{reminder.task.unit.name}:",
        "",
        reminder.message,
        "",
        _("活动:%(c)s") % {"c": campaign.title},
        _("报送内容:%(r)s") % {"r": requirement.title},
        _("截止时间:%(d)s") % {"d": describe(requirement.due_at)},
        _("发文单位:%(u)s %(c)s") % {"u": issuer.name, "c": contact},
        "",
        _("请登录扶贫日活动管理平台,在「我的任务」中报送。"),
    ]
    return subject, "\n".join(lines)


def _send_and_record(reminders: list[Reminder], subject: str, body: str, to: list[str]) -> None:
    EmailMessage(subject, body, None, to).send()
    for reminder in reminders:
        reminder.emailed_to = to
    Reminder.objects.bulk_update(reminders, ["emailed_to"])


@task
def send_reminder_emails(reminder_ids: list[int]) -> int:
    """Email each reminder to its unit once; returns how many emails went out."""
    sent = 0
    with translation.override(settings.LANGUAGE_CODE):
        unit_ids = Reminder.objects.filter(pk__in=reminder_ids).values_list("task__unit_id", flat=True)
        recipients = unit_recipients(set(unit_ids), "task.submit")
        for pk in reminder_ids:
            with transaction.atomic():
                for reminder in _locked([pk]):
                    to = recipients.get(reminder.task.unit_id)
                    if to:
                        _send_and_record([reminder], *unit_message(reminder), to)
                        sent += 1
    return sent


def overdue_message(reminders: list[Reminder]) -> tuple[str, str]:
    requirement = reminders[0].task.requirement
    subject = _("【逾期未报】%(r)s:%(n)d 个单位") % {"r": requirement.title, "n": len(reminders)}
    lines = [
        _("「%(c)s」的「%(r)s」已于 %(d)s 截止,以下单位仍未报送:")
        % {"c": requirement.campaign.title, "r": requirement.title, "d": describe(requirement.due_at)},
        "",
    ]
    for reminder in sorted(reminders, key=lambda r: r.task.unit.path):
        unit = reminder.task.unit
        lines.append(" ".join(x for x in (unit.name, unit.contact_person, unit.contact_phone) if x))
    return subject, "\n".join([*lines, "", _("请登录扶贫日活动管理平台查看报送进度并催报。")])


@task
def send_overdue_notice(reminder_ids: list[int]) -> int:
    """Tell the issuing office, in one email, which units are still missing after the deadline; once."""
    with translation.override(settings.LANGUAGE_CODE), transaction.atomic():
        reminders = _locked(reminder_ids)
        if not reminders:
            return 0
        issuer = reminders[0].task.requirement.campaign.unit
        to = unit_recipients([issuer.pk], "task.remind").get(issuer.pk)
        if not to:
            log.info("overdue notice for %s: the issuing office has no email address", issuer)
            return 0
        _send_and_record(reminders, *overdue_message(reminders), to)
        return 1
