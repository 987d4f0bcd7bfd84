"""Reads of the unit tree and memberships, already scoped to what the user may see."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Count, Q, QuerySet

from .models import PATH_STEP, Membership, Unit, UnitKind, User
from .policy import AnyUser, scope_q

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def visible_units(user: AnyUser) -> QuerySet[Unit]:
    return Unit.objects.filter(scope_q(user, "unit.view"))


def subtree(unit: Unit, *, include_self: bool = True) -> QuerySet[Unit]:
    """Every unit under `unit`, whatever the depth, in one indexed prefix query."""
    qs = Unit.objects.filter(path__startswith=unit.path)
    return qs if include_self else qs.exclude(pk=unit.pk)


def ancestors(unit: Unit) -> QuerySet[Unit]:
    step = PATH_STEP + 1
    ids = [int(unit.path[i : i + PATH_STEP]) for i in range(0, len(unit.path) - step, step)]
    return Unit.objects.filter(pk__in=ids).order_by("depth")


def children_of(unit: Unit) -> QuerySet[Unit]:
    return unit.children.annotate(child_count=Count("children")).order_by("kind", "name")


def unit_search(
    user: AnyUser, *, text: str = "", kind: str = "", stage: str = "", within: Unit | None = None
) -> QuerySet[Unit]:
    qs = visible_units(user)
    if within is not None:
        qs = qs.filter(path__startswith=within.path)
    if text:
        qs = qs.filter(Q(name__icontains=text) | Q(code__icontains=text) | Q(contact_person__icontains=text))
    if kind:
        qs = qs.filter(kind=kind)
    if stage:
        qs = qs.filter(stage=stage)
    return qs.select_related("parent")


def roots_for(user: User) -> list[Unit]:
    """The top units of the user's visible subtrees (a unit inside another root is not a root)."""
    units = list(Unit.objects.filter(memberships__user=user).distinct().order_by("path"))
    if getattr(user, "is_superuser", False):
        units = list(Unit.objects.filter(parent__isnull=True))
    roots: list[Unit] = []
    for unit in units:
        if not any(unit.is_within(r) for r in roots):
            roots.append(unit)
    return roots


def memberships_of(user: User) -> QuerySet[Membership]:
    return Membership.objects.filter(user=user).select_related("unit").order_by("unit__path", "role")


def unit_members(viewer: AnyUser, unit: Unit, *, include_subtree: bool = False) -> QuerySet[Membership]:
    qs = Membership.objects.filter(scope_q(viewer, "member.view", "unit__path")).select_related("user", "unit")
    if include_subtree:
        return qs.filter(unit__path__startswith=unit.path)
    return qs.filter(unit=unit)


def subtree_counts(unit: Unit) -> dict[str, int]:
    """How many units of each kind lie below `unit` (itself excluded)."""
    rows = subtree(unit, include_self=False).values("kind").annotate(n=Count("id")).order_by()
    return {r["kind"]: r["n"] for r in rows}


def subtree_summary(unit: Unit) -> list[tuple[StrOrPromise, int]]:
    counts = subtree_counts(unit)
    return [(label, counts[kind]) for kind, label in UnitKind.choices if kind in counts]
