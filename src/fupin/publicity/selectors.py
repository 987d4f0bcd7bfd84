"""Every read of publicity records, already scoped; the public gallery reads only open exhibitions and photos
that may be public."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Prefetch, Q, QuerySet

from fupin.campaigns.models import Campaign, SubmissionFile
from fupin.campaigns.selectors.tasks import handed_in_photos
from fupin.campaigns.sources import campaign_lineage_q
from fupin.orgs.models import Unit
from fupin.orgs.policy import AnyUser, paths_for, scope_q

from .models import (
    PUBLIC_PHOTO,
    Banner,
    Event,
    Exhibition,
    ExhibitionEntry,
    ExhibitionSection,
    Handover,
    MediaReport,
    NewsItem,
    Photo,
    Selection,
)


@dataclass(frozen=True)
class PhotoFilter:
    campaign: Campaign | None = None
    unit: Unit | None = None
    theme: str = ""
    source: str = ""
    start: date | None = None
    end: date | None = None
    text: str = ""


def visible_photos(user: AnyUser, where: PhotoFilter | None = None) -> QuerySet[Photo]:
    """The photo library of the user's subtree (uploads and the photos of visits, wishes and projects), filtered
    by campaign (with its derived plans), unit (with its subtree), theme, source, date and words of the caption."""
    where = where or PhotoFilter()
    qs = Photo.objects.filter(scope_q(user, "publicity.view", "unit__path"))
    if where.campaign is not None:
        qs = qs.filter(campaign_lineage_q(where.campaign, "campaign"))
    if where.unit is not None:
        qs = qs.filter(unit__path__startswith=where.unit.path)
    if where.theme:
        qs = qs.filter(theme=where.theme)
    if where.source:
        qs = qs.filter(source=where.source)
    if where.start:
        qs = qs.filter(taken_on__gte=where.start)
    if where.end:
        qs = qs.filter(taken_on__lte=where.end)
    if where.text:
        qs = qs.filter(caption__icontains=where.text)
    return qs.select_related("unit", "event")


def handed_in_library(user: AnyUser, where: PhotoFilter | None = None) -> QuerySet[SubmissionFile]:
    """The photos units handed in with their campaign tasks, beside the library's own, under the same filters
    (hand-ins carry no theme, so a theme filter leaves them out)."""
    where = where or PhotoFilter()
    if where.theme or where.source:
        return SubmissionFile.objects.none()
    lineage = campaign_lineage_q(where.campaign, "submission__task__requirement__campaign") if where.campaign else None
    qs = handed_in_photos(user, campaign_q=lineage, unit_path=where.unit.path if where.unit else "")
    if where.start:
        qs = qs.filter(submission__submitted_at__date__gte=where.start)
    if where.end:
        qs = qs.filter(submission__submitted_at__date__lte=where.end)
    if where.text:
        qs = qs.filter(caption__icontains=where.text)
    return qs


def with_library_ids(files: list[SubmissionFile]) -> list[SubmissionFile]:
    """The handed-in photos, each with `library_photo_id`: the library photo it was taken in as, or None."""
    pairs = Photo.objects.filter(handed_in__in=files).values_list("handed_in_id", "pk")
    taken = {file_id: pk for file_id, pk in pairs}
    for file in files:
        file.library_photo_id = taken.get(file.pk)  # type: ignore[attr-defined]
    return files


def nearest_office(user: AnyUser, unit: Unit) -> Unit | None:
    """The lowest office above (or at) the unit where the user chooses works, if any."""
    above = [int(pk) for pk in unit.path.split("/") if pk]
    return office_units(user).filter(pk__in=above).order_by("-path").first()


def visible_events(user: AnyUser) -> QuerySet[Event]:
    return (
        Event.objects.filter(scope_q(user, "publicity.view", "unit__path"))
        .select_related("unit")
        .annotate(photo_count=Count("photos", distinct=True), report_count=Count("reports", distinct=True))
    )


def visible_banners(user: AnyUser) -> QuerySet[Banner]:
    return Banner.objects.filter(scope_q(user, "publicity.view", "unit__path")).select_related("unit", "photo")


def visible_reports(user: AnyUser) -> QuerySet[MediaReport]:
    return MediaReport.objects.filter(scope_q(user, "publicity.view", "unit__path")).select_related("unit")


def event_photos(event: Event) -> QuerySet[Photo]:
    return event.photos.select_related("unit").order_by("pk")


def event_handovers(event: Event) -> QuerySet[Handover]:
    return event.handovers.prefetch_related("goods").select_related("photo").order_by("handed_on", "pk")


def event_reports(event: Event) -> QuerySet[MediaReport]:
    return event.reports.order_by("-published_on", "pk")


def office_units(user: AnyUser) -> QuerySet[Unit]:
    """The offices the user acts for in choosing works and running exhibitions: the units where they hold a
    managing role (not every unit below them)."""
    return Unit.objects.filter(path__in=paths_for(user, "publicity.manage")).order_by("path")


def recording_units(user: AnyUser) -> QuerySet[Unit]:
    return Unit.objects.filter(scope_q(user, "publicity.record")).order_by("path")


def selections_of(office: Unit) -> QuerySet[Selection]:
    """The office's own choices, those not yet forwarded first."""
    return (
        Selection.objects.filter(office=office)
        .select_related("photo__unit", "selected_by")
        .order_by("forwarded_at", "-selected_at", "-pk")
    )


def forwarded_to(user: AnyUser, office: Unit) -> QuerySet[Selection]:
    """What the offices below `office` forwarded upward, by office; only within the user's scope."""
    return (
        Selection.objects.filter(
            scope_q(user, "publicity.manage", "office__path"),
            office__path__startswith=office.path,
            forwarded_at__isnull=False,
        )
        .exclude(office=office)
        .select_related("office", "photo__unit")
        .order_by("office__path", "-forwarded_at", "pk")
    )


def managed_exhibitions(user: AnyUser) -> QuerySet[Exhibition]:
    return Exhibition.objects.filter(scope_q(user, "publicity.manage", "unit__path")).select_related("unit")


def exhibition_sections(exhibition: Exhibition, *, public_only: bool = False) -> list[ExhibitionSection]:
    """The sections in order, each with its entries in order (only photos that may be public, if asked)."""
    entries = ExhibitionEntry.objects.select_related("photo__unit").order_by("order", "pk")
    if public_only:
        entries = entries.filter(
            Q(photo__is_publishable=True) & (Q(photo__shows_minors=False) | Q(photo__minors_consent=True))
        )
    return list(exhibition.sections.prefetch_related(Prefetch("entries", queryset=entries)).order_by("order", "pk"))


def open_exhibitions(today: date) -> QuerySet[Exhibition]:
    """Exhibitions live on the public site today: between their opening and closing dates."""
    return Exhibition.objects.filter(opens_on__lte=today, closes_on__gte=today).select_related("unit")


def public_photo(pk: int | str, today: date) -> Photo | None:
    """A photo the public may see: shown in an exhibition open today, and not a minor's photo without consent."""
    live = ExhibitionEntry.objects.filter(
        section__exhibition__opens_on__lte=today, section__exhibition__closes_on__gte=today
    ).values("photo")
    return Photo.objects.filter(PUBLIC_PHOTO, pk=pk, pk__in=live).first()


def visible_news(
    user: AnyUser, *, unit: Unit | None = None, start: date | None = None, end: date | None = None
) -> QuerySet[NewsItem]:
    """News items of the user's subtree by date (newest first) and unit (with its subtree), with who forwarded."""
    qs = NewsItem.objects.filter(scope_q(user, "publicity.view", "unit__path"))
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    if start:
        qs = qs.filter(sent_at__date__gte=start)
    if end:
        qs = qs.filter(sent_at__date__lte=end)
    return qs.select_related("unit").prefetch_related("forwards__office").annotate(photo_count=Count("photos"))
