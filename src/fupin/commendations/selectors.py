"""Every read of nominations and commendation lists, already scoped; the public reads only published lists and,
of their entries, the name, unit, honour, deeds and the photos that may be public."""

from django.db.models import Count, Q, QuerySet

from fupin.orgs.models import Unit
from fupin.orgs.policy import AnyUser, paths_for, scope_q
from fupin.publicity.models import PUBLIC_PHOTO, Photo
from fupin.publicity.selectors import PhotoFilter, visible_photos

from .models import CommendationEntry, CommendationList, Nomination, NominationStatus
from .services import eligible_q


def visible_nominations(user: AnyUser, *, status: str = "") -> QuerySet[Nomination]:
    qs = Nomination.objects.filter(scope_q(user, "commendations.view", "unit__path"))
    if status:
        qs = qs.filter(status=status)
    return qs.select_related("unit", "office", "forwarded_to").annotate(photo_count=Count("photos"))


def nominating_units(user: AnyUser) -> QuerySet[Unit]:
    return Unit.objects.filter(scope_q(user, "commendations.nominate")).order_by("path")


def _held(user: AnyUser, action: str) -> QuerySet[Unit]:
    """The offices where the user holds the role itself (not every unit below them)."""
    return Unit.objects.filter(path__in=paths_for(user, action)).order_by("path")


def reviewing_offices(user: AnyUser, nomination: Nomination | None = None) -> QuerySet[Unit]:
    """The user's reviewing offices; for a nomination, those strictly above its unit."""
    offices = _held(user, "commendations.review")
    if nomination is not None:
        above = [int(pk) for pk in nomination.unit.path.split("/") if pk]
        offices = offices.filter(pk__in=above).exclude(pk=nomination.unit_id)
    return offices


def publishing_offices(user: AnyUser) -> QuerySet[Unit]:
    return _held(user, "commendations.publish")


def awaiting_review(user: AnyUser) -> QuerySet[Nomination]:
    """Submitted nominations of units below the user's reviewing offices, oldest first."""
    below = Q(pk__in=[])
    for office in reviewing_offices(user):
        below |= Q(unit__path__startswith=office.path) & ~Q(unit=office)
    qs = visible_nominations(user, status=NominationStatus.SUBMITTED).filter(below)
    return qs.order_by("submitted_at", "pk")


def forwarded_to_me(user: AnyUser) -> QuerySet[Nomination]:
    """What the offices below forwarded to the user's offices, by forwarding office."""
    return (
        visible_nominations(user)
        .filter(forwarded_to__in=reviewing_offices(user))
        .order_by("office__path", "-forwarded_at", "pk")
    )


def nomination_photos(nomination: Nomination) -> QuerySet[Photo]:
    return Photo.objects.filter(pk__in=nomination.photos.values("photo")).select_related("unit").order_by("pk")


def library_choices(user: AnyUser, nomination: Nomination) -> QuerySet[Photo]:
    """Photos of the nominating unit's library the user sees and the public may see, not yet with the case."""
    where = PhotoFilter(unit=nomination.unit)
    return visible_photos(user, where).filter(PUBLIC_PHOTO).exclude(pk__in=nomination.photos.values("photo"))


def managed_lists(user: AnyUser) -> QuerySet[CommendationList]:
    qs = CommendationList.objects.filter(scope_q(user, "commendations.view", "office__path"))
    return qs.select_related("office", "campaign").annotate(entry_count=Count("entries"))


def list_entries(commendation_list: CommendationList) -> QuerySet[CommendationEntry]:
    return commendation_list.entries.select_related("nomination").order_by("order", "pk")


def eligible_nominations(commendation_list: CommendationList) -> QuerySet[Nomination]:
    """Selected nominations the list may still take."""
    taken = commendation_list.entries.values("nomination")
    qs = Nomination.objects.filter(eligible_q(commendation_list)).exclude(pk__in=taken)
    return qs.select_related("unit").order_by("category", "pk")


def published_lists() -> QuerySet[CommendationList]:
    qs = CommendationList.objects.filter(published_at__isnull=False).select_related("office", "campaign")
    return qs.annotate(entry_count=Count("entries")).order_by("-issued_on", "-pk")


def public_entry_photos(entry: CommendationEntry) -> QuerySet[Photo]:
    """A commended case's photos the public may see (never a minor's photo without consent)."""
    return nomination_photos(entry.nomination).filter(PUBLIC_PHOTO)


def public_photo(pk: int | str) -> Photo | None:
    """A photo of an entry of a published list, unless it shows minors without consent."""
    shown = CommendationEntry.objects.filter(commendation_list__published_at__isnull=False).values(
        "nomination__photos__photo"
    )
    return Photo.objects.filter(PUBLIC_PHOTO, pk=pk, pk__in=shown).first()
