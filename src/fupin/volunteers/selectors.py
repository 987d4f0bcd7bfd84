"""Every read of volunteer service, already scoped."""

from datetime import datetime

from django.db.models import QuerySet, Sum
from django.db.models.functions import Coalesce

from fupin.campaigns.models import Campaign
from fupin.orgs.models import Unit
from fupin.orgs.policy import AnyUser, scope_q

from .models import Opportunity, SignUp, SignUpStatus
from .permissions import ancestors, audience_q


def visible_opportunities(user: AnyUser) -> QuerySet[Opportunity]:
    """The opportunities the user may see and join, soonest last-started first."""
    return Opportunity.objects.filter(audience_q(user)).select_related("organiser", "campaign")


def public_opportunities(now: datetime) -> QuerySet[Opportunity]:
    """Services open to the public that have not ended, soonest first."""
    return (
        Opportunity.objects.filter(is_public=True, ends_at__gt=now)
        .select_related("organiser", "campaign")
        .order_by("starts_at", "pk")
    )


def organising_units(user: AnyUser) -> QuerySet[Unit]:
    return Unit.objects.filter(scope_q(user, "volunteers.manage")).order_by("path")


def managed_campaigns(user: AnyUser) -> QuerySet[Campaign]:
    """Campaigns an opportunity may belong to: those issued at or above a unit the user organises for."""
    units = organising_units(user)
    paths = {p for u in units for p in ancestors(u.path)}
    return Campaign.objects.filter(unit__path__in=paths).order_by("-year", "pk")


def sign_ups_of(opportunity: Opportunity) -> QuerySet[SignUp]:
    """The opportunity's volunteers (the organiser's roster) in the order they signed up."""
    return opportunity.sign_ups.select_related("signed_up_by").order_by("signed_up_at", "pk")


def my_sign_ups(user: AnyUser, opportunity: Opportunity | None = None) -> QuerySet[SignUp]:
    """Sign-ups the user made (for themselves or their students), newest first."""
    if not user.is_authenticated:
        return SignUp.objects.none()
    qs = SignUp.objects.filter(signed_up_by_id=user.pk).select_related("opportunity")
    if opportunity is not None:
        qs = qs.filter(opportunity=opportunity)
    return qs.order_by("-signed_up_at", "-pk")


def confirmed_totals(opportunity: Opportunity) -> dict[str, int | str]:
    """Volunteers confirmed and their hours (in tenths, as confirmed), for the organiser's page."""
    confirmed = opportunity.sign_ups.filter(status=SignUpStatus.CONFIRMED)
    minutes = int(confirmed.aggregate(m=Coalesce(Sum("minutes"), 0))["m"])
    return {"volunteers": confirmed.count(), "hours": f"{minutes / 60:.1f}".removesuffix(".0")}
