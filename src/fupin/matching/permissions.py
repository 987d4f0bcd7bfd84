"""The wish actions in the policy table, and the doors that turn a URL id into a wish or a claim.

Village and school staff post wishes for their own households and students; the town's or school's reviewer
(any reviewer whose subtree holds the wish) vets them; only a member of the wish's own village or school
confirms receipt. The public reaches wishes only through `access_public_wish`, which never shows an unvetted one.
"""

from django.db.models import Q
from django.shortcuts import get_object_or_404

from fupin.campaigns.models import Campaign, CampaignStatus
from fupin.lib.secret_links import secret_hash
from fupin.orgs.models import Membership, Role, User
from fupin.orgs.policy import AnyUser, can_anywhere, paths_for, register, scope_q

from .models import PUBLIC_STATUSES, MicroWish, Project, ProjectClaim, WishClaim

STAFF = {Role.OFFICE_ADMIN, Role.COORDINATOR, Role.REPORTER, Role.CADRE}

register(
    {
        "wish.view": STAFF | {Role.REVIEWER, Role.AUDITOR, Role.VIEWER},
        "wish.post": STAFF,
        "wish.vet": {Role.OFFICE_ADMIN, Role.REVIEWER},
        "project.manage": {Role.OFFICE_ADMIN, Role.COORDINATOR},
        "project.claim": {Role.OFFICE_ADMIN, Role.COORDINATOR, Role.FINANCE},
    }
)

WISH_RELATED = ("unit", "household__village", "campaign", "posted_by")


def access_wish(user: AnyUser, pk: int | str, action: str = "wish.view") -> MicroWish:
    """The wish if its village or school lies in the user's subtree for `action`; 404 otherwise."""
    qs = MicroWish.objects.filter(scope_q(user, action, "unit__path")).select_related(*WISH_RELATED)
    return get_object_or_404(qs, pk=pk)


def access_public_wish(pk: int | str) -> MicroWish:
    """A vetted wish, as anyone may see it; pending and returned wishes answer 404."""
    qs = MicroWish.objects.filter(status__in=PUBLIC_STATUSES).select_related(*WISH_RELATED)
    return get_object_or_404(qs, pk=pk)


def access_public_campaign(pk: int | str) -> Campaign:
    """A published (or closed) campaign, as anyone may see it; drafts answer 404."""
    qs = Campaign.objects.exclude(status=CampaignStatus.DRAFT).select_related("unit")
    return get_object_or_404(qs, pk=pk)


def access_my_claim(user: AnyUser, pk: int | str) -> WishClaim:
    """A claim made by this signed-in account."""
    if not isinstance(user, User):
        return get_object_or_404(WishClaim.objects.none(), pk=pk)
    return get_object_or_404(WishClaim.objects.filter(user=user).select_related("wish__unit"), pk=pk)


def access_claim_by_token(token: str) -> WishClaim:
    """A public claimant's claim, through the secret link they were given when claiming."""
    qs = WishClaim.objects.filter(token_hash=secret_hash(token)).exclude(token_hash="").select_related("wish__unit")
    return get_object_or_404(qs)


def is_wish_unit_member(user: AnyUser, wish: MicroWish) -> bool:
    """Whether the user works at the wish's own village (or school): the only ones who confirm receipt."""
    if not isinstance(user, User):
        return False
    return Membership.objects.filter(user_id=user.pk, unit_id=wish.unit_id, role__in=STAFF).exists()


def project_q(user: AnyUser, prefix: str = "") -> Q:
    """Projects of the villages the user's office manages, or claimed by a unit the user claims for."""
    return scope_q(user, "project.manage", f"{prefix}village__path") | scope_q(
        user, "project.claim", f"{prefix}claims__unit__path"
    )


def access_project(user: AnyUser, pk: int | str) -> Project:
    qs = Project.objects.filter(project_q(user)).distinct().select_related("village", "campaign")
    return get_object_or_404(qs, pk=pk)


def access_project_claim(user: AnyUser, pk: int | str) -> ProjectClaim:
    """A claim of a unit the user claims for, or on a project of the user's office."""
    q = scope_q(user, "project.claim", "unit__path") | scope_q(user, "project.manage", "project__village__path")
    qs = ProjectClaim.objects.filter(q).select_related("project__village", "project__campaign", "unit", "claimed_by")
    return get_object_or_404(qs, pk=pk)


def access_public_project(pk: int | str) -> Project:
    """Every project is public: it carries no personal data."""
    return get_object_or_404(Project.objects.select_related("village__parent", "campaign"), pk=pk)


def access_project_funds(user: AnyUser, pk: int | str) -> Project:
    """A project's money page: for the project's office and claiming units, and for any fund's finance officer
    (the catalogue is public, and a claim's money may be paid into any fund that takes it); 404 otherwise."""
    if can_anywhere(user, "donation.record"):
        return access_public_project(pk)
    return access_project(user, pk)


def access_report_campaign(user: AnyUser, pk: int | str) -> Campaign:
    """A campaign the office reads wish and project reports of: issued by the office or within its subtree,
    or above it (then the office reads its own part only); 404 otherwise."""
    above = {int(part) for path in paths_for(user, "project.manage") for part in path.split("/") if part}
    if not above and not getattr(user, "is_superuser", False):
        return get_object_or_404(Campaign.objects.none(), pk=pk)
    q = scope_q(user, "project.manage", "unit__path") | Q(unit_id__in=above)
    return get_object_or_404(Campaign.objects.filter(q).select_related("unit"), pk=pk)
