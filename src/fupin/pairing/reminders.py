"""Reminding cadres (帮扶责任人): each paired household not yet visited during the 行动月, once that month, and
each agreed follow-up whose date has passed with no home visit since, once. In the app (the workbench panel)
and by email after commit, through a task that is safe to retry. `fupin remind_visits` runs it from cron."""

import logging
from collections import defaultdict
from datetime import date
from functools import partial
from typing import cast

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.tasks import task
from django.utils import translation
from django.utils.translation import gettext as _

from fupin.audit.models import AuditAction
from fupin.audit.services import record_for

from .coverage import Period
from .models import Pairing, PairingKind, Visit, VisitKind, VisitReminder

log = logging.getLogger(__name__)


def _unvisited(period: Period, today: date) -> list[VisitReminder]:
    if not period.start <= today <= period.end:
        return []
    visited = Visit.objects.filter(
        pairing=OuterRef("pk"), kind=VisitKind.HOME_VISIT, visited_on__range=(period.start, period.end)
    )
    pairings = Pairing.objects.filter(kind=PairingKind.CADRE_HOUSEHOLD, ended_on__isnull=True, started_on__lte=today)
    return [
        VisitReminder(
            cadre_id=cast(int, p.cadre_id),  # a cadre_household pairing always names its cadre
            pairing=p,
            kind=VisitReminder.Kind.UNVISITED,
            key=period.start.isoformat(),
            message=_("结对帮扶行动月(%(m)s月31日止)内请到 %(h)s 家中入户走访。")
            % {"m": period.end.month, "h": p.partner_label()},
        )
        for p in pairings.filter(~Exists(visited)).select_related("household__village")
    ]


def _overdue(today: date) -> list[VisitReminder]:
    later = Visit.objects.filter(
        pairing=OuterRef("pairing"), kind=VisitKind.HOME_VISIT, visited_on__gte=OuterRef("follow_up_on")
    )
    visits = Visit.objects.filter(
        pairing__kind=PairingKind.CADRE_HOUSEHOLD, pairing__ended_on__isnull=True, follow_up_on__lt=today
    ).filter(~Exists(later))
    return [
        VisitReminder(
            cadre_id=cast(int, v.pairing.cadre_id),
            pairing=v.pairing,
            kind=VisitReminder.Kind.OVERDUE,
            key=f"visit-{v.pk}",
            message=_("与 %(h)s 约定 %(d)s 回访,尚未登记回访。")
            % {"h": v.pairing.partner_label(), "d": f"{v.follow_up_on:%Y-%m-%d}"},
        )
        for v in visits.select_related("pairing__household__village")
    ]


@transaction.atomic
def remind_cadres(*, today: date) -> list[VisitReminder]:
    """The reminders not sent before, created now; each cadre's run is in the audit trail."""
    rows = _unvisited(Period.action_month(today), today) + _overdue(today)
    sent = set(
        VisitReminder.objects.filter(pairing_id__in={r.pairing_id for r in rows}).values_list(
            "pairing_id", "kind", "key"
        )
    )
    made = VisitReminder.objects.bulk_create([r for r in rows if (r.pairing_id, r.kind, r.key) not in sent])
    by_cadre: dict[int, list[VisitReminder]] = defaultdict(list)
    for reminder in made:
        by_cadre[reminder.cadre_id].append(reminder)
    for reminders in by_cadre.values():
        note = _("走访提醒 %(n)d 条") % {"n": len(reminders)}
        record_for(None, AuditAction.CREATE, reminders[0].cadre, reminders[0].pairing.unit, note=note)
    if made:
        transaction.on_commit(partial(send_visit_reminder_emails.enqueue, [r.pk for r in made]))
    return made


@task
def send_visit_reminder_emails(reminder_ids: list[int]) -> int:
    """One email per cadre listing their new reminders, once: the rows are locked and marked in the same
    transaction, so a retried task sends nothing twice. Cadres without an email address see them in the app."""
    sent = 0
    with translation.override(settings.LANGUAGE_CODE):
        cadres = set(VisitReminder.objects.filter(pk__in=reminder_ids).values_list("cadre_id", flat=True))
        for cadre_id in sorted(cadres):
            with transaction.atomic():
                rows = VisitReminder.objects.select_for_update(of=("self",)).filter(
                    pk__in=reminder_ids, cadre_id=cadre_id
                )
                pending = [r for r in rows.select_related("cadre").order_by("pk") if not r.emailed_to]
                if not pending or not pending[0].cadre.email:
                    continue
                to = [pending[0].cadre.email]
                body = "\n".join([f"{pending[0].cadre}:", "", *(r.message for r in pending)])
                EmailMessage(_("【结对帮扶】走访提醒 %(n)d 条") % {"n": len(pending)}, body, None, to).send()
                for reminder in pending:
                    reminder.emailed_to = to
                VisitReminder.objects.bulk_update(pending, ["emailed_to"])
                sent += 1
    log.info("visit reminders: %d emails", sent)
    return sent
