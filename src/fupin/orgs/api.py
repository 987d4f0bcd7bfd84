"""Units and members over REST, scoped exactly like the pages."""

from ninja import Field, Router, Schema
from ninja.pagination import paginate

from fupin.lib.api_pages import Pages

from . import selectors
from .permissions import access_membership, access_unit

router = Router(tags=["单位与成员"])


class UnitOut(Schema):
    id: int
    name: str
    code: str
    kind: str
    kind_label: str = Field(..., alias="get_kind_display")
    stage: str
    area: str
    parent_id: int | None
    depth: int
    contact_person: str
    contact_phone: str
    contact_email: str


class MemberOut(Schema):
    id: int
    unit_id: int
    role: str
    role_label: str = Field(..., alias="get_role_display")
    username: str = Field(..., alias="user.username")
    name: str = Field(..., alias="user.name")


class MeOut(Schema):
    username: str
    name: str
    memberships: list[MemberOut]


@router.get("/me", response=MeOut)
def me(request):
    user = request.user
    return {
        "username": user.username,
        "name": user.name,
        "memberships": list(selectors.memberships_of(user).select_related("user")),
    }


@router.get("/units", response=list[UnitOut])
@paginate(Pages)
def list_units(request, q: str = "", kind: str = "", stage: str = ""):
    return selectors.unit_search(request.user, text=q, kind=kind, stage=stage)


@router.get("/units/{unit_id}", response=UnitOut)
def get_unit(request, unit_id: int):
    return access_unit(request.user, unit_id)


@router.get("/units/{unit_id}/members", response=list[MemberOut])
def unit_members(request, unit_id: int, subtree: bool = False):
    unit = access_unit(request.user, unit_id, "member.view")
    return list(selectors.unit_members(request.user, unit, include_subtree=subtree))


@router.get("/members/{member_id}", response=MemberOut)
def get_member(request, member_id: int):
    return access_membership(request.user, member_id, "member.view")
