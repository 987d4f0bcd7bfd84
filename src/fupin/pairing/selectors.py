"""Every read of pairings and visits, already scoped."""

from django.db.models import Count, Max, Q, QuerySet

from fupin.households.models import Household
from fupin.households.selectors import visible_households
from fupin.orgs.models import Membership, Unit, User
from fupin.orgs.policy import AnyUser, paths_for, scope_q

from .models import Pairing, Visit, VisitReminder
from .permissions import pairing_q


def visible_pairings(user: AnyUser, *, kind: str = "", current: bool = True) -> QuerySet[Pairing]:
    qs = Pairing.objects.filter(pairing_q(user))
    if kind:
        qs = qs.filter(kind=kind)
    if current:
        qs = qs.filter(ended_on__isnull=True)
    return qs.select_related("unit", "cadre", "household__village", "partner_unit").annotate(
        visit_count=Count("visits"), last_visit=Max("visits__visited_on")
    )


def my_pairings(user: User) -> QuerySet[Pairing]:
    """The pairings the user is the responsible cadre of, open ones first, with their last visit."""
    return (
        Pairing.objects.filter(cadre=user, ended_on__isnull=True)
        .select_related("unit", "household__village")
        .annotate(visit_count=Count("visits"), last_visit=Max("visits__visited_on"))
        .order_by("last_visit", "household__village__name", "pk")
    )


def pairing_visits(pairing: Pairing) -> QuerySet[Visit]:
    return pairing.visits.select_related("recorded_by").prefetch_related("photos")


def household_pairings(pairing: Pairing) -> QuerySet[Pairing]:
    """The household's responsible cadres over time (the history of one responsible cadre at a time)."""
    if pairing.household_id is None:
        return Pairing.objects.none()
    return Pairing.objects.filter(household_id=pairing.household_id).select_related("cadre", "unit")


def pairing_units(user: AnyUser) -> QuerySet[Unit]:
    return Unit.objects.filter(scope_q(user, "pairing.manage")).order_by("path")


def partner_units(user: AnyUser) -> QuerySet[Unit]:
    """The villages and rural schools of the user's subtree a pairing may name."""
    kinds = Q(kind="village") | Q(kind="school", area="rural")
    return Unit.objects.filter(scope_q(user, "pairing.manage"), kinds).order_by("path")


def pairing_cadres(user: AnyUser) -> QuerySet[User]:
    """Accounts holding any role on a unit the user manages pairings for."""
    units = Unit.objects.filter(scope_q(user, "pairing.manage")).values("pk")
    members = Membership.objects.filter(unit__in=units).values("user")
    return User.objects.filter(pk__in=members, is_active=True).order_by("name", "username")


def pairable_households(user: AnyUser) -> QuerySet[Household]:
    return visible_households(user).order_by("village__path", "head_name")


def coverage_roots(user: AnyUser, *, within: Unit | None = None) -> list[Unit]:
    """The top units whose coverage the user may read; with `within`, the visible units above it (crumbs)."""
    if within is not None:
        above = [int(pk) for pk in within.path.split("/") if pk]
        return list(Unit.objects.filter(scope_q(user, "pairing.view"), pk__in=above).order_by("path"))
    if getattr(user, "is_superuser", False):
        return list(Unit.objects.filter(parent__isnull=True).order_by("path"))
    return list(Unit.objects.filter(path__in=paths_for(user, "pairing.view")).order_by("path"))


def latest_reminders(user: User) -> QuerySet[VisitReminder]:
    """The cadre's visit reminders, newest first."""
    return VisitReminder.objects.filter(cadre=user)
