"""The donation actions in the policy table, and the doors for funds and drives."""

from django.shortcuts import get_object_or_404

from fupin.orgs.models import Role
from fupin.orgs.policy import register, scope_q

from .models import DonationDrive, Fund

register(
    {
        "drive.manage": {Role.OFFICE_ADMIN, Role.COORDINATOR},
        "donation.record": {Role.FINANCE},
        "disbursement.request": {Role.FINANCE},
        "disbursement.approve": {Role.OFFICE_ADMIN},
        "fund.view": {Role.OFFICE_ADMIN, Role.COORDINATOR, Role.FINANCE, Role.AUDITOR},
    }
)


def access_fund(user, pk, action: str = "fund.view") -> Fund:
    return get_object_or_404(Fund.objects.filter(scope_q(user, action, "unit__path")), pk=pk)


def access_drive(user, pk, action: str = "fund.view") -> DonationDrive:
    qs = DonationDrive.objects.filter(scope_q(user, action, "fund__unit__path")).select_related("fund", "campaign")
    return get_object_or_404(qs, pk=pk)
