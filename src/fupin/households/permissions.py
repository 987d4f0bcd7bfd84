"""The household actions in the policy table, and the door that turns a URL id into a household.

A cadre (帮扶责任人) sees only the households paired with them, through the pairing pages; the registry itself
is read by the offices. The full 身份证号 is a separate action (`household.reveal`), logged on every use.
"""

from django.shortcuts import get_object_or_404

from fupin.orgs.models import Role
from fupin.orgs.policy import AnyUser, register, scope_q

from .models import Household

OFFICE = {Role.OFFICE_ADMIN, Role.COORDINATOR, Role.REVIEWER, Role.AID_OFFICER, Role.AUDITOR, Role.VIEWER}

register(
    {
        "household.view": OFFICE,
        "household.manage": {Role.OFFICE_ADMIN, Role.COORDINATOR, Role.AID_OFFICER},
        "household.reveal": {Role.OFFICE_ADMIN, Role.AID_OFFICER},
    }
)


def access_household(user: AnyUser, pk: int | str, action: str = "household.view") -> Household:
    """The household if its village lies in the user's subtree for `action`; 404 for missing and not-yours."""
    qs = Household.objects.filter(scope_q(user, action, "village__path")).select_related("village")
    return get_object_or_404(qs, pk=pk)
