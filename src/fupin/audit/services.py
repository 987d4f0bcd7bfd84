"""Writing the audit trail. Every service calls `record` inside its own transaction."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date, datetime, time
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Protocol

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from fupin.lib.insert import insert_one

from .chain import CHAINED_FIELDS, row_hash
from .context import client_ip
from .models import AuditAction, AuditChainHead, AuditEvent

if TYPE_CHECKING:
    from fupin.orgs.policy import AnyUser


class UnitLike(Protocol):
    """What `record_for` needs of the unit a write belongs to."""

    @property
    def path(self) -> str: ...

    @property
    def name(self) -> str: ...


def _plain(value: Any) -> Any:
    if isinstance(value, (models.Model, Promise)):
        return str(value)
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def snapshot(obj: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """The values of `fields` of `obj`, as JSON-safe plain values."""
    return {name: _plain(getattr(obj, name)) for name in fields}


def created(values: dict[str, Any]) -> dict[str, list[Any]]:
    """{field: [None, value]}: a creation in the same shape as a change, blanks left out."""
    return {k: [None, v] for k, v in values.items() if v not in ("", None)}


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """{field: [old, new]} for the fields whose value changed."""
    return {k: [before.get(k), after.get(k)] for k in after if before.get(k) != after.get(k)}


def record(
    *,
    by: AnyUser | None,
    action: AuditAction | str,
    target: models.Model | None = None,
    unit_path: str = "",
    unit_name: str = "",
    changes: dict[str, Any] | None = None,
    note: str = "",
    username: str = "",
) -> AuditEvent:
    """Append one audit row, chained to the one before; the client address comes from the request being served."""
    # Nobody (a system job), the anonymous visitor and an unsaved account all record no actor.
    actor = None if by is None or isinstance(by, AnonymousUser) or not by.pk else by
    event = AuditEvent(
        at=timezone.now(),
        actor=actor,
        actor_username=(actor.get_username() if actor else username)[:150],
        ip=AuditEvent._meta.get_field("ip").get_prep_value(client_ip()),
        action=action,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_repr=str(target)[:200] if target is not None else "",
        unit_path=unit_path,
        unit_name=unit_name[:100],
        changes=json.loads(json.dumps(changes or {})),  # as the JSON column will hand it back
        note=note[:500],
    )
    return _append(event)


def _locked_head() -> AuditChainHead:
    """The chain's head row, locked until the transaction ends (made again if a test emptied the table)."""
    try:
        return AuditChainHead.objects.select_for_update().get(pk=1)
    except AuditChainHead.DoesNotExist:
        AuditChainHead.objects.get_or_create(pk=1)
        return AuditChainHead.objects.select_for_update().get(pk=1)


def _head_for_update() -> tuple[int, str]:
    """The chain head's (seq, hash), its row locked until the transaction ends (made again if a test emptied the
    table); a statement built once, since every write of the product passes here."""
    table = connection.ops.quote_name(AuditChainHead._meta.db_table)
    lock = " FOR UPDATE" if connection.features.has_select_for_update else ""  # SQLite: one writer at a time
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT seq, hash FROM {table} WHERE id = 1{lock}")  # nosec B608 - the model's table
        row = cursor.fetchone()
    if row is None:
        head = _locked_head()
        return head.seq, head.hash
    return row[0], row[1]


def _append(event: AuditEvent) -> AuditEvent:
    """Link `event` after the head and move the head to it, in the caller's transaction.

    Locking the one head row makes writers on every app server append one at a time from here to their commit,
    so no two rows claim the same predecessor; the hash is computed here, before the row exists, so the trail
    never holds an unchained row (it refuses updates). Three statements, as few as the chain allows: the head
    read under its lock, the row, the head moved."""
    with transaction.atomic(savepoint=False):
        seq, prev_hash = _head_for_update()
        event.seq, event.prev_hash = seq + 1, prev_hash
        event.hash = row_hash({name: getattr(event, name) for name in CHAINED_FIELDS})
        insert_one(event)
        table = connection.ops.quote_name(AuditChainHead._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(f"UPDATE {table} SET seq = %s, hash = %s WHERE id = 1", [event.seq, event.hash])  # nosec B608
    return event


def record_for(
    by: AnyUser | None,
    action: AuditAction | str,
    target: models.Model | None,
    unit: UnitLike,
    changes: dict[str, Any] | None = None,
    note: str = "",
) -> AuditEvent:
    """`record` against the unit the write belongs to (anything with `path` and `name`), so each office
    reads its own subtree's trail."""
    return record(
        by=by, action=action, target=target, unit_path=unit.path, unit_name=unit.name, changes=changes, note=note
    )


RETENTION_MONTHS = 6  # 等保 2.0: logs are kept at least six months


def months_before(day: date, months: int) -> date:
    """The same day of the month `months` earlier, or that month's last day (31 August − 6 months = 28/29 Feb)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    for candidate in (day.day, 30, 29, 28):
        try:
            return date(year, month + 1, candidate)
        except ValueError:
            continue
    raise ValueError(day)


def purge_expired_events(*, before: date, today: date | None = None) -> int:
    """Delete the trail's rows older than `before` (a Beijing date), which must be at least six months ago; the
    purge is itself recorded with the last removed link, so `fupin audit verify` still checks where the trail
    now starts. Returns how many rows went."""
    today = today or timezone.localdate()
    limit = months_before(today, RETENTION_MONTHS)
    if before > limit:
        raise ValidationError(
            _("审计记录至少保存 %(months)d 个月(等保 2.0):只能清理 %(limit)s 之前的记录,%(before)s 太近")
            % {"months": RETENTION_MONTHS, "limit": limit.isoformat(), "before": before.isoformat()}
        )
    cutoff = timezone.make_aware(datetime.combine(before, time.min))
    with transaction.atomic():
        _locked_head()
        kept = AuditEvent.objects.filter(at__gte=cutoff).order_by("seq").values_list("seq", flat=True).first()
        old = AuditEvent.objects.filter(seq__lt=kept) if kept is not None else AuditEvent.objects.all()
        last = old.order_by("-seq").values("seq", "hash").first()
        if last is None:
            return 0
        count = _delete_with_purge_allowed(old)
        record(
            by=None,
            action=AuditAction.PURGE,
            changes={"through_seq": last["seq"], "last_hash": last["hash"], "count": count},
            note=_("清理 %(before)s 之前的审计记录 %(count)d 条(链序号 %(last)d 及以前)")
            % {"before": before.isoformat(), "count": count, "last": last["seq"]},
        )
    return count


def _delete_with_purge_allowed(rows: models.QuerySet[AuditEvent]) -> int:
    """PostgreSQL's trigger lets this transaction delete rows past retention, and nothing younger."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL fupin.audit_purge = 'on'")
        count, _by_model = rows.delete()
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL fupin.audit_purge = 'off'")
    return count
