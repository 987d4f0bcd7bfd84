"""The commendation actions in the policy table, and the doors for nominations, evidence and lists.

A unit nominates; the offices above it review, select and forward; an office publishes its list. The public
sees a list only once it is published, and of each entry only the name, unit, honour and deeds.
"""

from django.shortcuts import get_object_or_404

from fupin.orgs.models import Role
from fupin.orgs.policy import AnyUser, register, scope_q

from .models import CommendationEntry, CommendationList, Nomination, NominationEvidence

OFFICE = {Role.OFFICE_ADMIN, Role.COORDINATOR, Role.REVIEWER, Role.AUDITOR, Role.VIEWER}

register(
    {
        "commendations.view": OFFICE | {Role.REPORTER},
        "commendations.nominate": {Role.OFFICE_ADMIN, Role.COORDINATOR, Role.REPORTER},
        "commendations.review": {Role.OFFICE_ADMIN, Role.COORDINATOR, Role.REVIEWER},
        "commendations.publish": {Role.OFFICE_ADMIN, Role.COORDINATOR},
    }
)


def access_nomination(user: AnyUser, pk: int | str, action: str = "commendations.view") -> Nomination:
    qs = Nomination.objects.filter(scope_q(user, action, "unit__path"))
    return get_object_or_404(qs.select_related("unit", "campaign", "office", "forwarded_to"), pk=pk)


def access_evidence(user: AnyUser, pk: int | str) -> NominationEvidence:
    qs = NominationEvidence.objects.filter(scope_q(user, "commendations.view", "nomination__unit__path"))
    return get_object_or_404(qs.select_related("nomination"), pk=pk)


def access_commendation_list(user: AnyUser, pk: int | str, action: str = "commendations.view") -> CommendationList:
    qs = CommendationList.objects.filter(scope_q(user, action, "office__path"))
    return get_object_or_404(qs.select_related("office", "campaign"), pk=pk)


def access_public_list(pk: int | str) -> CommendationList:
    """A published list, as anyone may see it; a list not yet published answers 404."""
    qs = CommendationList.objects.filter(published_at__isnull=False).select_related("office", "campaign")
    return get_object_or_404(qs, pk=pk)


def access_public_entry(pk: int | str) -> CommendationEntry:
    """An entry of a published list (a commended case), as anyone may see it."""
    qs = CommendationEntry.objects.filter(commendation_list__published_at__isnull=False)
    return get_object_or_404(qs.select_related("nomination", "commendation_list__office"), pk=pk)


def access_entry(user: AnyUser, pk: int | str, action: str = "commendations.publish") -> CommendationEntry:
    qs = CommendationEntry.objects.filter(scope_q(user, action, "commendation_list__office__path"))
    return get_object_or_404(qs.select_related("commendation_list__office", "nomination"), pk=pk)
