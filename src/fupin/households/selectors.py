"""Every read of the registry, already scoped to the user's subtree."""

from django.db.models import Count, Q, QuerySet

from fupin.lib.id_numbers import id_number_hashes, normalise_id_number
from fupin.orgs.models import Unit, UnitKind
from fupin.orgs.policy import AnyUser, scope_q

from .models import Household, Member, StatusChange


def visible_households(user: AnyUser, *, text: str = "", category: str = "") -> QuerySet[Household]:
    """The households of the villages in the user's subtree; `text` matches the head's name, the village, or
    the whole 身份证号 (through its keyed hash, never a partial number)."""
    qs = Household.objects.filter(scope_q(user, "household.view", "village__path"))
    if category:
        qs = qs.filter(category=category)
    if text:
        number = normalise_id_number(text)
        q = Q(head_name__contains=text) | Q(village__name__contains=text)
        if len(number) == 18:
            q |= Q(head_id_hash__in=id_number_hashes(number))
        qs = qs.filter(q)
    # in the model's order: a grouped query (the member count) would otherwise drop it
    return (
        qs.select_related("village")
        .annotate(member_count=Count("members"))
        .order_by("village__path", "head_name", "pk")
    )


def villages_for(user: AnyUser, action: str = "household.manage") -> QuerySet[Unit]:
    return Unit.objects.filter(scope_q(user, action), kind=UnitKind.VILLAGE).order_by("path")


def household_members(household: Household) -> QuerySet[Member]:
    return household.members.all()


def household_history(household: Household) -> QuerySet[StatusChange]:
    return household.status_changes.select_related("recorded_by")
