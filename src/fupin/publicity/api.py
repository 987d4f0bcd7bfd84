"""Events, photos and media reports over REST, scoped like the pages. Events are recorded through the same
service as the page; photos are uploaded on the page, where the phone's camera is."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from ninja import Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from fupin.lib.api_pages import DbId, Pages
from fupin.orgs.permissions import access_unit

from . import selectors, services
from .permissions import access_event, access_photo

router = Router(tags=["宣传"])


class EventOut(Schema):
    id: int
    unit_id: int
    unit_name: str
    campaign_id: int | None
    item_id: int | None
    kind: str
    title: str
    held_on: date
    place: str
    students: int
    teachers: int
    parents: int
    party_members: int
    villagers: int
    participants: int
    description: str

    @staticmethod
    def resolve_unit_name(obj):
        return obj.unit.name


class EventIn(Schema):
    unit_id: DbId
    kind: str
    title: str
    held_on: date
    place: str
    description: str = ""
    students: int = 0
    teachers: int = 0
    parents: int = 0
    party_members: int = 0
    villagers: int = 0


class PhotoOut(Schema):
    id: int
    unit_id: int
    unit_name: str
    campaign_id: int | None
    event_id: int | None
    caption: str
    taken_on: date
    theme: str
    width: int
    height: int
    size_bytes: int
    source: str
    may_be_public: bool
    file_url: str
    thumbnail_url: str

    @staticmethod
    def resolve_unit_name(obj):
        return obj.unit.name

    @staticmethod
    def resolve_file_url(obj):
        return reverse("photo_file", args=[obj.pk])

    @staticmethod
    def resolve_thumbnail_url(obj):
        return reverse("photo_thumbnail", args=[obj.pk])


class MediaReportOut(Schema):
    id: int
    unit_id: int
    campaign_id: int | None
    event_id: int | None
    outlet_level: str
    outlet: str
    title: str
    published_on: date
    link: str


@router.get("/events", response=list[EventOut])
@paginate(Pages)
def list_events(request):
    return selectors.visible_events(request.user)


@router.get("/events/{event_id}", response=EventOut)
def get_event(request, event_id: DbId):
    return access_event(request.user, event_id)


@router.post("/events", response={201: EventOut})
def record_event(request, payload: EventIn):
    data = payload.dict()
    unit = access_unit(request.user, data.pop("unit_id"), "publicity.record")
    try:
        event = services.record_event(by=request.user, unit=unit, **data)
    except (ValidationError, PermissionDenied) as exc:
        raise HttpError(400, ";".join(getattr(exc, "messages", [str(exc)]))) from None
    return Status(201, event)


@router.get("/photos", response=list[PhotoOut])
@paginate(Pages)
def list_photos(request, theme: str = "", source: str = "", start: date | None = None, end: date | None = None):
    where = selectors.PhotoFilter(theme=theme, source=source, start=start, end=end)
    return selectors.visible_photos(request.user, where)


@router.get("/photos/{photo_id}", response=PhotoOut)
def get_photo(request, photo_id: DbId):
    return access_photo(request.user, photo_id)


@router.get("/media-reports", response=list[MediaReportOut])
@paginate(Pages)
def list_media_reports(request):
    return selectors.visible_reports(request.user)
