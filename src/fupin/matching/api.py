"""微心愿 and 认领项目 over REST, as thin as the pages: the public router (anonymous) gives exactly what the
public pages show — vetted wishes with a masked surname and the village, and every project with its funded
share — and the staff router gives the wishes of the user's subtree and lets a reviewer vet them. Money is an
integer of 分 (`*_fen`)."""

from django.core.exceptions import PermissionDenied, ValidationError
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate

from fupin.lib.api_pages import Pages

from . import project_selectors, selectors, services
from .models import MicroWish, Project, WishStatus
from .permissions import access_public_project, access_public_wish, access_wish

router = Router(tags=["微心愿与认领项目"])
public_router = Router(tags=["公开:微心愿与认领项目"], auth=None)


class PublicWishOut(Schema):
    id: int
    title: str
    category: str
    category_label: str
    value_fen: int
    status: str
    status_label: str
    name: str
    village: str
    reason: str

    @staticmethod
    def from_wish(wish: MicroWish) -> dict:
        return {
            "id": wish.pk,
            "title": wish.title,
            "category": wish.category,
            "category_label": str(wish.get_category_display()),
            "value_fen": wish.value_fen,
            "status": wish.status,
            "status_label": str(wish.get_status_display()),
            "name": wish.public_name,
            "village": wish.unit.name,
            "reason": wish.reason,
        }


class PublicProjectOut(Schema):
    id: int
    title: str
    kind: str
    village: str
    budget_fen: int
    claimed_fen: int
    funded_percent: int
    status: str
    claimants: list[str]


def _project(project: Project) -> dict:
    claimants = sorted({c.unit.name for c in project_selectors.project_claims(project)})
    return {
        "id": project.pk,
        "title": project.title,
        "kind": project.kind,
        "village": project.village.name,
        "budget_fen": project.budget_fen,
        "claimed_fen": project.claimed_fen,
        "funded_percent": project.funded_percent,
        "status": project.status,
        "claimants": claimants,
    }


@public_router.get("/wishes", response=list[PublicWishOut])
@paginate(Pages)
def public_wishes(request, category: str = ""):
    return [PublicWishOut.from_wish(w) for w in selectors.public_wishes(category=category)[:500]]


@public_router.get("/wishes/{wish_id}", response=PublicWishOut)
def public_wish(request, wish_id: int):
    return PublicWishOut.from_wish(access_public_wish(wish_id))


@public_router.get("/projects", response=list[PublicProjectOut])
@paginate(Pages)
def public_projects(request):
    return [_project(p) for p in project_selectors.public_projects()[:500]]


@public_router.get("/projects/{project_id}", response=PublicProjectOut)
def public_project(request, project_id: int):
    return _project(access_public_project(project_id))


class WishOut(Schema):
    id: int
    unit_id: int
    household_id: int | None
    student_name: str
    title: str
    category: str
    value_fen: int
    reason: str
    status: str
    return_reason: str


class ReturnIn(Schema):
    reason: str


def _refused(exc: ValidationError | PermissionDenied) -> HttpError:
    if isinstance(exc, PermissionDenied):
        return HttpError(403, str(exc))
    return HttpError(400, ";".join(exc.messages))


@router.get("/wishes", response=list[WishOut])
@paginate(Pages)
def list_wishes(request, status: str = ""):
    return selectors.visible_wishes(request.user, status=status if status in WishStatus.values else "")


@router.get("/wishes/{wish_id}", response=WishOut)
def get_wish(request, wish_id: int):
    return access_wish(request.user, wish_id)


@router.post("/wishes/{wish_id}/approve", response=WishOut)
def approve_wish(request, wish_id: int):
    wish = access_wish(request.user, wish_id, "wish.vet")
    try:
        return services.approve_wish(by=request.user, wish=wish)
    except (ValidationError, PermissionDenied) as exc:
        raise _refused(exc) from None


@router.post("/wishes/{wish_id}/return", response=WishOut)
def return_wish(request, wish_id: int, payload: ReturnIn):
    wish = access_wish(request.user, wish_id, "wish.vet")
    try:
        return services.return_wish(by=request.user, wish=wish, reason=payload.reason)
    except (ValidationError, PermissionDenied) as exc:
        raise _refused(exc) from None
