"""Writing the audit trail. Every service calls `record` inside its own transaction."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Protocol

from django.contrib.auth.models import AnonymousUser
from django.db import models
from django.utils.functional import Promise

from .context import client_ip
from .models import AuditAction, AuditEvent

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
    """Append one audit row; the client address comes from the request being served, if any."""
    # Nobody (a system job), the anonymous visitor and an unsaved account all record no actor.
    actor = None if by is None or isinstance(by, AnonymousUser) or not by.pk else by
    return AuditEvent.objects.create(
        actor=actor,
        actor_username=(actor.get_username() if actor else username)[:150],
        ip=client_ip(),
        action=action,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_repr=str(target)[:200] if target is not None else "",
        unit_path=unit_path,
        unit_name=unit_name[:100],
        changes=changes or {},
        note=note[:500],
    )


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
