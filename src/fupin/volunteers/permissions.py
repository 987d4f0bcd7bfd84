"""The volunteer-service actions in the policy table, and the doors for opportunities and sign-ups.

An organising unit posts opportunities and confirms hours within its subtree (`volunteers.manage`). Anyone with
an account in the issuing unit's tree of the opportunity's campaign sees it and signs up (themselves, or their
students as a teacher); a sign-up is reached by whoever made it or by the organiser, nobody else.
"""

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from fupin.lib.secret_links import secret_hash
from fupin.orgs.models import Role
from fupin.orgs.policy import AnyUser, grants, register, scope_q

from .models import Opportunity, SignUp

register(
    {
        "volunteers.manage": {Role.OFFICE_ADMIN, Role.COORDINATOR, Role.REPORTER},
    }
)


def ancestors(path: str) -> list[str]:
    """The unit path and those above it: "1/3/4/" gives "1/", "1/3/" and "1/3/4/"."""
    parts = [p for p in path.split("/") if p]
    return ["".join(f"{part}/" for part in parts[: n + 1]) for n in range(len(parts))]


def _ancestor_paths(user: AnyUser) -> set[str]:
    return {above for path, _role in grants(user) for above in ancestors(path)}


def audience_q(user: AnyUser, prefix: str = "") -> Q:
    """Opportunities the user may see and join: of a campaign issued above (or at) one of the user's units, or
    organised within the subtree the user manages."""
    if getattr(user, "is_superuser", False) and user.is_active:
        return Q()
    return Q(**{f"{prefix}campaign__unit__path__in": _ancestor_paths(user)}) | scope_q(
        user, "volunteers.manage", f"{prefix}organiser__path"
    )


def _opportunities() -> QuerySet[Opportunity]:
    return Opportunity.objects.select_related("organiser", "campaign", "item", "created_by")


def access_opportunity(user: AnyUser, pk: int | str) -> Opportunity:
    return get_object_or_404(_opportunities().filter(audience_q(user)), pk=pk)


def access_public_opportunity(pk: int | str) -> Opportunity:
    """A service open to the public; any other (or a missing one) is 404 to the public."""
    return get_object_or_404(_opportunities().filter(is_public=True), pk=pk)


def access_sign_up_by_token(token: str) -> SignUp:
    """A public volunteer's own sign-up, through the private link given at signing up."""
    qs = SignUp.objects.filter(token_hash=secret_hash(token)).exclude(token_hash="")
    return get_object_or_404(qs.select_related("opportunity__organiser", "opportunity__campaign"))


def access_managed_opportunity(user: AnyUser, pk: int | str) -> Opportunity:
    return get_object_or_404(_opportunities().filter(scope_q(user, "volunteers.manage", "organiser__path")), pk=pk)


def access_sign_up(user: AnyUser, pk: int | str) -> SignUp:
    """A sign-up made by the user, or one of an opportunity the user organises."""
    mine = Q(signed_up_by=user) if getattr(user, "is_authenticated", False) else Q(pk__in=[])
    qs = SignUp.objects.filter(mine | scope_q(user, "volunteers.manage", "opportunity__organiser__path"))
    return get_object_or_404(qs.select_related("opportunity__organiser", "opportunity__campaign"), pk=pk)


def access_managed_sign_up(user: AnyUser, pk: int | str) -> SignUp:
    qs = SignUp.objects.filter(scope_q(user, "volunteers.manage", "opportunity__organiser__path"))
    return get_object_or_404(qs.select_related("opportunity__organiser"), pk=pk)
