"""The orgs actions in the policy table, and the doors that turn URL ids into units and members."""

from django.shortcuts import get_object_or_404

from .models import Membership, Role, Unit
from .policy import ALL_ROLES, AnyUser, register, scope_q

register(
    {
        "unit.view": ALL_ROLES,
        "unit.manage": {Role.OFFICE_ADMIN},
        "member.view": ALL_ROLES - {Role.CADRE},
        "member.manage": {Role.OFFICE_ADMIN},
    }
)


def access_unit(user: AnyUser, pk: int | str, action: str = "unit.view") -> Unit:
    """The unit with this id if the user may do `action` on it; 404 for missing and not-yours alike."""
    return get_object_or_404(Unit.objects.filter(scope_q(user, action)), pk=pk)


def access_membership(user: AnyUser, pk: int | str, action: str = "member.manage") -> Membership:
    qs = Membership.objects.select_related("user", "unit").filter(scope_q(user, action, "unit__path"))
    return get_object_or_404(qs, pk=pk)
