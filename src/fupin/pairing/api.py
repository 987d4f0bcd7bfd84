"""Pairings, visits and coverage over REST, scoped like the pages; households appear masked. Visits are written
through the same service as the page (photos are added on the page, where the phone's camera is)."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone
from ninja import Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from fupin.lib.api_pages import Pages
from fupin.orgs.permissions import access_unit

from . import selectors, services
from .coverage import Period, coverage
from .permissions import access_pairing, access_visit

router = Router(tags=["结对帮扶"])


class PairingOut(Schema):
    id: int
    kind: str
    unit_id: int
    cadre_id: int | None
    household_id: int | None
    household_village: str | None = None
    household_head_id_masked: str | None = None
    partner_unit_id: int | None
    partner: str
    started_on: date
    ended_on: date | None

    @staticmethod
    def resolve_partner(obj):
        return obj.partner_label()

    @staticmethod
    def resolve_household_village(obj):
        return obj.household.village.name if obj.household_id else None

    @staticmethod
    def resolve_household_head_id_masked(obj):
        return obj.household.head_id_masked if obj.household_id else None


class VisitOut(Schema):
    id: int
    pairing_id: int
    kind: str
    visited_on: date
    visitors: str
    place: str
    participants: int | None
    living: str
    income: str
    schooling: str
    health: str
    poverty_causes: list[str]
    difficulties: str
    measures: str
    follow_up_on: date | None
    photo_count: int = 0

    @staticmethod
    def resolve_photo_count(obj):
        return obj.photos.count()


class VisitIn(Schema):
    kind: str = "home_visit"
    visited_on: date
    visitors: str
    living: str = ""
    income: str = ""
    schooling: str = ""
    health: str = ""
    poverty_causes: list[str] = []
    difficulties: str = ""
    measures: str = ""
    follow_up_on: date | None = None
    place: str = ""
    participants: int | None = None


class CoverageLine(Schema):
    name: str
    paired: int
    visited: int
    unvisited: int
    visits: int
    with_measures: int
    overdue: int
    leader_visits: int


class CoverageOut(Schema):
    unit_id: int
    start: date
    end: date
    total: CoverageLine
    units: list[CoverageLine]
    cadres: list[CoverageLine]


def _line(t) -> dict:
    return {
        "name": t.label,
        "paired": t.paired,
        "visited": t.visited_count,
        "unvisited": t.unvisited,
        "visits": t.visits,
        "with_measures": t.with_measures,
        "overdue": t.overdue,
        "leader_visits": t.leader_visits,
    }


@router.get("/pairings", response=list[PairingOut])
@paginate(Pages)
def list_pairings(request, kind: str = "", current: bool = True):
    return selectors.visible_pairings(request.user, kind=kind, current=current)


@router.get("/pairings/{pairing_id}", response=PairingOut)
def get_pairing(request, pairing_id: int):
    return access_pairing(request.user, pairing_id)


@router.get("/pairings/{pairing_id}/visits", response=list[VisitOut])
def list_visits(request, pairing_id: int):
    return list(selectors.pairing_visits(access_pairing(request.user, pairing_id)))


@router.post("/pairings/{pairing_id}/visits", response={201: VisitOut})
def record_visit(request, pairing_id: int, payload: VisitIn):
    pairing = access_pairing(request.user, pairing_id)
    if not services.may_record(request.user, pairing):
        raise Http404
    try:
        visit = services.record_visit(by=request.user, pairing=pairing, **payload.dict())
    except (ValidationError, PermissionDenied) as exc:
        raise HttpError(400, ";".join(getattr(exc, "messages", [str(exc)]))) from None
    return Status(201, visit)


@router.get("/visits/{visit_id}", response=VisitOut)
def get_visit(request, visit_id: int):
    return access_visit(request.user, visit_id)


@router.get("/coverage/{unit_id}", response=CoverageOut)
def get_coverage(request, unit_id: int, start: date | None = None, end: date | None = None):
    unit = access_unit(request.user, unit_id, "pairing.view")
    period = Period.action_month(timezone.localdate())
    period = Period(start or period.start, end or period.end)
    if period.end < period.start:
        raise HttpError(400, "结束日期不能早于开始日期")
    result = coverage(unit, period, timezone.localdate())
    return {
        "unit_id": unit.pk,
        "start": period.start,
        "end": period.end,
        "total": _line(result.total),
        "units": [_line(t) for t in result.units],
        "cadres": [_line(t) for t in result.cadres],
    }
