"""Every read of wishes: the staff's, scoped to their subtree, and the public's, vetted wishes only."""

from django.db.models import Case, Count, Q, QuerySet, Sum, Value, When

from fupin.campaigns.models import Campaign
from fupin.households.models import Household
from fupin.orgs.models import Unit, UnitKind, User
from fupin.orgs.policy import AnyUser, paths_for, scope_q

from .models import LIVE_CLAIM, PUBLIC_STATUSES, MicroWish, WishClaim, WishStatus

RELATED = ("unit", "household__village", "campaign")


def visible_wishes(user: AnyUser, *, status: str = "") -> QuerySet[MicroWish]:
    qs = MicroWish.objects.filter(scope_q(user, "wish.view", "unit__path")).select_related(*RELATED, "posted_by")
    return qs.filter(status=status) if status else qs


def postable_households(user: AnyUser) -> QuerySet[Household]:
    return Household.objects.filter(scope_q(user, "wish.post", "village__path")).select_related("village")


def postable_units(user: AnyUser) -> QuerySet[Unit]:
    """The schools and villages a user may post a student's wish for."""
    kinds = (UnitKind.SCHOOL, UnitKind.VILLAGE)
    return Unit.objects.filter(scope_q(user, "wish.post"), kind__in=kinds).order_by("path")


def posting_campaigns(user: AnyUser) -> QuerySet[Campaign]:
    """The campaigns issued by the poster's unit or any unit above it, newest first."""
    above = {int(pk) for path in paths_for(user, "wish.post") for pk in path.split("/") if pk}
    return Campaign.objects.filter(unit_id__in=above).select_related("unit").order_by("-year", "unit__path")


def live_claim(wish: MicroWish) -> WishClaim | None:
    return wish.claims.filter(status__in=LIVE_CLAIM).select_related("user", "confirmed_by").first()


def my_claims(user: AnyUser) -> QuerySet[WishClaim]:
    if not isinstance(user, User):
        return WishClaim.objects.none()
    return WishClaim.objects.filter(user=user).select_related("wish__unit", "wish__household")


def counties() -> QuerySet[Unit]:
    return Unit.objects.filter(kind=UnitKind.COUNTY_BUREAU).order_by("path")


def public_wishes(
    *, county: Unit | None = None, category: str = "", max_fen: int | None = None, household_category: str = ""
) -> QuerySet[MicroWish]:
    """Vetted wishes only (open ones first), filtered as a visitor asks."""
    qs = MicroWish.objects.filter(status__in=PUBLIC_STATUSES).select_related(*RELATED, "unit__parent")
    if county is not None:
        qs = qs.filter(unit__path__startswith=county.path)
    if category:
        qs = qs.filter(category=category)
    if max_fen is not None:
        qs = qs.filter(value_fen__lte=max_fen)
    if household_category:
        qs = qs.filter(household__category=household_category)
    open_first = Case(When(status=WishStatus.OPEN, then=Value(0)), default=Value(1))
    return qs.order_by(open_first, "-created_at", "-pk")


def wish_totals(*, campaign: Campaign | None = None) -> dict[str, int]:
    """Live totals for the public home: wishes open, claimed, fulfilled (已实现) and their value."""
    qs = MicroWish.objects.filter(status__in=PUBLIC_STATUSES)
    if campaign is not None:
        qs = qs.filter(Q(campaign=campaign) | Q(campaign__parent=campaign))
    row = qs.aggregate(
        published=Count("pk"),
        open=Count("pk", filter=Q(status=WishStatus.OPEN)),
        claimed=Count("pk", filter=~Q(status=WishStatus.OPEN)),
        fulfilled=Count("pk", filter=Q(status=WishStatus.CONFIRMED)),
        fulfilled_fen=Sum("value_fen", filter=Q(status=WishStatus.CONFIRMED)),
    )
    return {k: v or 0 for k, v in row.items()}
