"""The pairing actions in the policy table, and the doors for pairings and visits.

Offices see the pairings of their subtree, on either side (the helping unit, or the village, household or
school helped); a cadre (帮扶责任人) sees the pairings they are responsible for, and records visits under them.
"""

from django.db.models import Q
from django.shortcuts import get_object_or_404

from fupin.households.permissions import OFFICE
from fupin.orgs.models import Role
from fupin.orgs.policy import AnyUser, register, scope_q

from .models import Pairing, Visit, VisitPhoto

register(
    {
        "pairing.view": OFFICE | {Role.REPORTER},  # a school sees its own pairings and records their joint activity
        "pairing.manage": {Role.OFFICE_ADMIN, Role.COORDINATOR},
        "visit.record": {Role.OFFICE_ADMIN, Role.COORDINATOR, Role.REPORTER},
        "pairing.mine": {Role.CADRE},
    }
)


def pairing_q(user: AnyUser, action: str = "pairing.view", prefix: str = "") -> Q:
    """Pairings the user may see (or act on): in their subtrees on either side, or their own as the cadre."""
    q = (
        scope_q(user, action, f"{prefix}unit__path")
        | scope_q(user, action, f"{prefix}household__village__path")
        | scope_q(user, action, f"{prefix}partner_unit__path")
    )
    if getattr(user, "is_authenticated", False):
        q |= Q(**{f"{prefix}cadre": user})
    return q


def access_pairing(user: AnyUser, pk: int | str, action: str = "pairing.view") -> Pairing:
    qs = Pairing.objects.filter(pairing_q(user, action)).select_related(
        "unit", "cadre", "household__village", "partner_unit"
    )
    return get_object_or_404(qs, pk=pk)


def access_visit(user: AnyUser, pk: int | str) -> Visit:
    qs = Visit.objects.filter(pairing_q(user, prefix="pairing__")).select_related(
        "pairing__unit", "pairing__household__village", "pairing__partner_unit", "recorded_by"
    )
    return get_object_or_404(qs, pk=pk)


def access_visit_photo(user: AnyUser, pk: int | str) -> VisitPhoto:
    return get_object_or_404(VisitPhoto.objects.filter(pairing_q(user, prefix="visit__pairing__")), pk=pk)
