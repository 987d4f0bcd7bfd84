"""The documents actions in the policy table, and the door for archive builds.

An archive of a campaign the user sees covers one unit's subtree; office roles and auditors build it.
The action is named `.view` because an archive only reads (auditors only read).
"""

from django.shortcuts import get_object_or_404

from fupin.campaigns.models import Campaign
from fupin.campaigns.permissions import campaign_scope_q
from fupin.orgs.models import Role
from fupin.orgs.policy import AnyUser, register, scope_q

from .models import ArchiveJob

register({"archive.view": {Role.OFFICE_ADMIN, Role.COORDINATOR, Role.AUDITOR}})


def access_archive_job(user: AnyUser, pk: int | str, action: str = "archive.view") -> ArchiveJob:
    """A build of a campaign the user sees, for a subtree where the user may build archives."""
    campaigns = Campaign.objects.filter(campaign_scope_q(user))
    qs = ArchiveJob.objects.filter(scope_q(user, action, "unit__path"), campaign__in=campaigns)
    return get_object_or_404(qs.select_related("campaign__unit", "unit", "requested_by"), pk=pk)
