"""Reading the audit trail, scoped to the reader's subtrees."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from fupin.orgs.policy import AnyUser, scope_q

from .chain import CHAINED_FIELDS, GENESIS, row_hash
from .models import AuditAction, AuditChainHead, AuditEvent


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


@dataclass(frozen=True)
class ChainReport:
    """What `fupin audit verify` found: rows checked, the head, and every break in Chinese (empty when intact)."""

    checked: int
    head_seq: int
    head_hash: str
    problems: list[str]


def _start_problem(first: dict[str, Any]) -> str | None:
    """The first remaining row starts the chain, or follows the last row a recorded purge removed."""
    if first["seq"] == 1 and first["prev_hash"] == GENESIS:
        return None
    purges = AuditEvent.objects.filter(action=AuditAction.PURGE).values_list("changes", flat=True)
    anchors = {(c.get("through_seq"), c.get("last_hash")) for c in purges if isinstance(c, dict)}
    if (first["seq"] - 1, first["prev_hash"]) in anchors:
        return None
    return _("链序号 1 至 %(last)d 的记录缺失,且没有清理过期记录的登记(记录被删除)") % {"last": first["seq"] - 1}


def _row_problems(row: dict[str, Any], before: dict[str, Any] | None) -> list[str]:
    found = []
    where = {"seq": row["seq"], "id": row["id"]}
    if before is not None and row["seq"] != before["seq"] + 1:
        found.append(
            _("链序号 %(first)d 至 %(last)d 的记录缺失(记录被删除),缺口在第 %(id)d 号记录之前")
            % {"first": before["seq"] + 1, "last": row["seq"] - 1, "id": row["id"]}
        )
    elif before is not None and row["prev_hash"] != before["hash"]:
        found.append(_("第 %(id)d 号记录(链序号 %(seq)d)与前一条记录的哈希不相连") % where)
    if row_hash(row) != row["hash"]:
        found.append(_("第 %(id)d 号记录(链序号 %(seq)d)的内容与其哈希不符(记录被改动)") % where)
    return found


def verify_chain() -> ChainReport:
    """Recompute every row's hash in chain order and check each link, the start and the head: a system read of
    the whole trail for `fupin audit verify`, not scoped to a reader."""
    problems: list[str] = []
    before: dict[str, Any] | None = None
    checked = 0
    for row in AuditEvent.objects.order_by("seq").values("id", "hash", *CHAINED_FIELDS).iterator(chunk_size=5000):
        if before is None and (start := _start_problem(row)):
            problems.append(start)
        problems += _row_problems(row, before)
        before, checked = row, checked + 1
    head = AuditChainHead.objects.filter(pk=1).first()
    head_seq, head_hash = (head.seq, head.hash) if head else (0, GENESIS)
    last_seq, last_hash = (before["seq"], before["hash"]) if before else (0, GENESIS)
    if (head_seq, head_hash) != (last_seq, last_hash):
        problems.append(
            _("链头记到链序号 %(head)d,而最后一条记录是链序号 %(last)d(末尾的记录被删除或改动)")
            % {"head": head_seq, "last": last_seq}
        )
    return ChainReport(checked=checked, head_seq=head_seq, head_hash=head_hash, problems=problems)
