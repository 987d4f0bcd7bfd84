"""The one policy table and the one scoping function.

A role granted on a unit applies to that unit's whole subtree. `POLICY` maps every action to the
roles allowed to do it; each app adds its own actions from its `permissions.py`.
"""

from collections.abc import Iterable

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q

from .models import Membership, Role, User

# Whoever a request is served for: a signed-in account or the anonymous visitor (`request.user`).
type AnyUser = User | AnonymousUser

# The attribute on a user object that caches its grants for the life of that object (one request).
_GRANTS_CACHE = "_fupin_grants"

POLICY: dict[str, frozenset[str]] = {}
ALL_ROLES = frozenset(Role.values)


def register(actions: dict[str, Iterable[str]]) -> None:
    for action, roles in actions.items():
        unknown = set(roles) - ALL_ROLES
        if unknown:
            raise ValueError(f"{action}: unknown roles {unknown}")
        POLICY[action] = frozenset(roles)


def grants(user: AnyUser) -> list[tuple[str, str]]:
    """(unit path, role) for every membership of the user, read once per user object."""
    if isinstance(user, AnonymousUser) or not getattr(user, "is_authenticated", False):
        return []
    cached: list[tuple[str, str]] | None = getattr(user, _GRANTS_CACHE, None)
    if cached is None:
        cached = list(Membership.objects.filter(user=user).values_list("unit__path", "role"))
        setattr(user, _GRANTS_CACHE, cached)
    return cached


def paths_for(user: AnyUser, action: str) -> list[str]:
    """The roots of the subtrees where the user may do `action` (none for an unknown action)."""
    allowed = POLICY.get(action)
    if allowed is None:
        raise KeyError(f"action {action!r} is not in the policy table")
    return sorted({path for path, role in grants(user) if role in allowed})


def scope_q(user: AnyUser, action: str, field: str = "path") -> Q:
    """The filter that keeps only objects whose unit path lies in the user's subtrees for `action`."""
    if getattr(user, "is_superuser", False) and user.is_active:
        return Q()
    paths = paths_for(user, action)
    if not paths:
        return Q(pk__in=[])
    q = Q()
    for path in paths:
        q |= Q(**{f"{field}__startswith": path})
    return q


def can(user: AnyUser, action: str, unit_path: str) -> bool:
    """Whether the user may do `action` on the unit with this path."""
    if getattr(user, "is_superuser", False) and user.is_active:
        return True
    return any(unit_path.startswith(p) for p in paths_for(user, action))


def can_anywhere(user: AnyUser, action: str) -> bool:
    return bool(getattr(user, "is_superuser", False) or paths_for(user, action))
