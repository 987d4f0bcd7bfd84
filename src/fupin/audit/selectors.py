"""Reading the audit trail, scoped to the reader's subtrees."""

from datetime import date, datetime, time, timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone

from fupin.orgs.policy import AnyUser, scope_q

from .models import AuditAction, AuditEvent


def visible_events(user: AnyUser) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(scope_q(user, "audit.view", "unit_path"))


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def search_events(
    user: AnyUser,
    *,
    actor: str = "",
    unit: str = "",
    action: str = "",
    target_type: str = "",
    text: str = "",
    since: date | None = None,
    until: date | None = None,
) -> QuerySet[AuditEvent]:
    qs = visible_events(user).select_related("actor")
    if actor:
        qs = qs.filter(Q(actor_username__icontains=actor) | Q(actor__name__icontains=actor))
    if unit:
        qs = qs.filter(unit_path__startswith=unit)
    if action:
        qs = qs.filter(action=action)
    if target_type:
        qs = qs.filter(target_type=target_type)
    if text:
        qs = qs.filter(Q(target_repr__icontains=text) | Q(unit_name__icontains=text) | Q(note__icontains=text))
    if since:
        qs = qs.filter(at__gte=_day_start(since))
    if until:
        qs = qs.filter(at__lt=_day_start(until) + timedelta(days=1))
    return qs


def event_units(user: AnyUser) -> list[tuple[str, str]]:
    """(path, name) of every unit the reader's trail has records for, in tree order: the unit filter's choices."""
    rows = visible_events(user).exclude(unit_path="").values_list("unit_path", "unit_name").distinct()
    return sorted(set(rows))


def target_types(user: AnyUser) -> list[str]:
    return sorted(set(visible_events(user).values_list("target_type", flat=True).distinct()) - {""})


def writes_from_address(ip: str, target_type: str, since: datetime) -> int:
    """How many `target_type` objects were created from this client address since then: a system read (for
    limits on public forms), not scoped to a reader."""
    return AuditEvent.objects.filter(at__gte=since, ip=ip, target_type=target_type, action=AuditAction.CREATE).count()
