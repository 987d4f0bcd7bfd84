"""The household registry over REST, scoped like the pages: 身份证号 masked; the full number only through the
`reveal` call, for those allowed, and every such call is in the audit trail."""

from django.core.exceptions import PermissionDenied, ValidationError
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from fupin.lib.api_pages import Pages
from fupin.orgs.permissions import access_unit

from . import selectors, services
from .permissions import access_household

router = Router(tags=["帮扶户"])


class HouseholdOut(Schema):
    id: int
    village_id: int
    village_name: str = Field(..., alias="village.name")
    head_name: str
    head_id_masked: str
    category: str
    poverty_causes: list[str]
    cause_note: str
    status: str


class MemberOut(Schema):
    id: int
    name: str
    relation: str
    sex: str
    birth_year: int
    schooling: str
    health: str


class HouseholdDetailOut(HouseholdOut):
    members: list[MemberOut]


class HouseholdIn(Schema):
    village_id: int
    head_name: str
    id_number: str
    category: str
    poverty_causes: list[str] = []
    cause_note: str = ""
    status: str = "in_poverty"


class FullIdOut(Schema):
    id: int
    id_number: str


def refused(exc: ValidationError | PermissionDenied) -> HttpError:
    if isinstance(exc, PermissionDenied):
        return HttpError(403, str(exc))
    return HttpError(400, ";".join(exc.messages))


@router.get("/households", response=list[HouseholdOut])
@paginate(Pages)
def list_households(request, q: str = "", category: str = ""):
    return selectors.visible_households(request.user, text=q[:60], category=category)


@router.get("/households/{household_id}", response=HouseholdDetailOut)
def get_household(request, household_id: int):
    household = access_household(request.user, household_id)
    return {**HouseholdOut.from_orm(household).dict(), "members": list(selectors.household_members(household))}


@router.post("/households", response={201: HouseholdOut})
def register_household(request, payload: HouseholdIn):
    village = access_unit(request.user, payload.village_id, "household.manage")
    try:
        household = services.register_household(
            by=request.user, village=village, **payload.dict(exclude={"village_id"})
        )
    except (ValidationError, PermissionDenied) as exc:
        raise refused(exc) from None
    return Status(201, household)


@router.post("/households/{household_id}/reveal", response=FullIdOut)
def reveal_id_number(request, household_id: int):
    household = access_household(request.user, household_id, "household.reveal")
    return {"id": household.pk, "id_number": services.reveal_id_number(by=request.user, household=household)}
