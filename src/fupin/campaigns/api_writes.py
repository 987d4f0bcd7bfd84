"""Writing through the REST API: issue a campaign, add a requirement, publish, hand in, approve, return, reopen.

Each endpoint is as thin as its page: the same door (404 outside the caller's scope), the same service with its
rules, and the service's Chinese reason as a 400 when a rule refuses.
"""

from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from ninja import File, Form, Schema, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile
from pydantic import Field

from fupin.lib.api_pages import DbId
from fupin.lib.uploads import MAX_DOCUMENT_BYTES, MAX_PHOTO_BYTES, MAX_VIDEO_BYTES, display_name
from fupin.orgs.permissions import access_unit

from .api import CampaignOut, RequirementOut, SubmissionOut, router
from .models import RequirementKind, ReviewDecision
from .permissions import access_campaign, access_task
from .selectors import campaigns as campaign_selectors
from .services import campaigns as campaign_services
from .services import tasks as task_services

# The same router as the reads: Django routes a path to one view, which answers every method of that path.
NO_FILES = File([])  # module-level defaults: a multipart hand-in may have no files or captions
NO_CAPTIONS = Form([])
TEXT = Form("", max_length=20000)


def refused(exc: ValidationError) -> HttpError:
    """The service's reasons, each with the field it concerns, as one Chinese 400 message."""
    if hasattr(exc, "error_dict"):
        parts = [f"{field}: {message}" for field, messages in exc.message_dict.items() for message in messages]
    else:
        parts = list(exc.messages)
    return HttpError(400, ";".join(parts))


class CampaignIn(Schema):
    unit_id: DbId = Field(description="发文单位(须是您可以管理活动的单位)")
    year: int = Field(ge=2014, le=2100)
    title: str = Field(min_length=1, max_length=200)
    theme: str = Field("", max_length=200)
    slogan: str = Field("", max_length=200)
    starts_on: date | None = None
    ends_on: date | None = None


class RequirementIn(Schema):
    kind: RequirementKind
    title: str = Field(min_length=1, max_length=200)
    due_text: str = Field("", max_length=100, description="照通知原文,如「10月19日前」;或给出 due_at")
    due_at: datetime | None = None
    description: str = Field("", max_length=5000)
    close_after_days: int | None = Field(None, ge=0, le=365)
    unit_kinds: list[str] = []
    school_stages: list[str] = []
    direct_only: bool = False
    named_unit_ids: list[DbId] = Field([], max_length=500)
    recipient_id: DbId | None = Field(None, description="报送至:发文单位的直属单位之一;不填为发文单位")
    photo_min_count: int = Field(0, ge=0, le=100)
    photo_min_megapixels: Decimal = Field(Decimal(0), ge=0, le=50, decimal_places=1)
    caption_required: bool = False


class PublishedOut(Schema):
    campaign_id: int
    tasks_given: int


class CommentIn(Schema):
    comment: str = Field("", max_length=5000)


class ReviewOut(Schema):
    id: int
    task_id: int
    submission_id: int | None
    decision: ReviewDecision
    comment: str
    at: datetime
    task_status: str = Field(..., alias="task.status")


@router.post("/campaigns", response={201: CampaignOut}, summary="新建活动(草稿)")
def create_campaign(request, payload: CampaignIn):
    unit = access_unit(request.user, payload.unit_id, "campaign.manage")
    try:
        campaign = campaign_services.create_campaign(by=request.user, unit=unit, **payload.dict(exclude={"unit_id"}))
    except ValidationError as exc:
        raise refused(exc) from None
    return Status(201, campaign)


def _units_of(campaign, ids: list[int]):
    """Units the requirement may name: the issuing unit's direct units, as on the page; others are refused."""
    found = {u.pk: u for u in campaign_selectors.selectable_units(campaign).filter(pk__in=ids)}
    if missing := [pk for pk in ids if pk not in found]:
        raise HttpError(400, f"不是发文单位的直属单位:{', '.join(map(str, missing))}")
    return [found[pk] for pk in ids]


@router.post("/campaigns/{campaign_id}/requirements", response={201: RequirementOut}, summary="添加报送要求")
def add_requirement(request, campaign_id: int, payload: RequirementIn):
    campaign = access_campaign(request.user, campaign_id, "campaign.manage")
    fields = payload.dict(exclude={"named_unit_ids", "recipient_id"})
    named = _units_of(campaign, payload.named_unit_ids)
    recipient = _units_of(campaign, [payload.recipient_id])[0] if payload.recipient_id else None
    try:
        requirement = campaign_services.add_requirement(
            by=request.user, campaign=campaign, named_units=named, recipient=recipient, **fields
        )
    except ValidationError as exc:
        raise refused(exc) from None
    listed = campaign_selectors.campaign_requirements(campaign)
    return Status(201, next(r for r in listed if r.pk == requirement.pk))


@router.post("/campaigns/{campaign_id}/publish", response=PublishedOut, summary="发布活动并下发任务")
def publish_campaign(request, campaign_id: int):
    campaign = access_campaign(request.user, campaign_id, "campaign.manage")
    try:
        given = campaign_services.publish_campaign(by=request.user, campaign=campaign)
    except ValidationError as exc:
        raise refused(exc) from None
    return {"campaign_id": campaign.pk, "tasks_given": given}


def _uploads(task, files: list[UploadedFile], captions: list[str]) -> list[task_services.Upload]:
    """Files read into memory only once their sizes are within the limits; caption i belongs to file i."""
    cap = (
        MAX_VIDEO_BYTES if task.requirement.kind == RequirementKind.VIDEO else max(MAX_DOCUMENT_BYTES, MAX_PHOTO_BYTES)
    )
    if too_big := [f for f in files if f.size is not None and f.size > cap]:
        names = "、".join(f"「{display_name(f.name or '')}」" for f in too_big)
        raise HttpError(413, f"文件{names}超过 {cap // 2**20} MB 上限,未报送")
    captions = [*captions, *[""] * (len(files) - len(captions))]
    pairs = zip(files, captions, strict=True)
    return [task_services.Upload(name=f.name or "", data=f.read(), caption=c) for f, c in pairs]


@router.post("/tasks/{task_id}/submissions", response={201: SubmissionOut}, summary="报送(上传新版本)")
def submit_task(
    request,
    task_id: int,
    text: str = TEXT,
    captions: list[str] = NO_CAPTIONS,
    files: list[UploadedFile] = NO_FILES,
):
    """Hand in a new version (multipart): `text`, `files` and one `captions` entry per file, in order."""
    task = access_task(request.user, task_id, "task.submit")
    uploads = _uploads(task, files, captions)
    try:
        submission = task_services.submit_task(by=request.user, task=task, text=text, uploads=uploads)
    except ValidationError as exc:
        raise refused(exc) from None
    return Status(201, submission)


def _review(request, task_id: int, action: str, service, **argument: str):
    task = access_task(request.user, task_id, action)
    try:
        return service(by=request.user, task=task, **argument)
    except ValidationError as exc:
        raise refused(exc) from None


@router.post("/tasks/{task_id}/approve", response=ReviewOut, summary="审核通过")
def approve_submission(request, task_id: int, payload: CommentIn):
    """Approve the latest hand-in; from then on it is locked."""
    return _review(request, task_id, "task.review", task_services.approve_submission, comment=payload.comment)


@router.post("/tasks/{task_id}/return", response=ReviewOut, summary="退回修改")
def return_submission(request, task_id: int, payload: CommentIn):
    """Send the latest hand-in back with a comment (required)."""
    return _review(request, task_id, "task.review", task_services.return_submission, comment=payload.comment)


@router.post("/tasks/{task_id}/reopen", response=ReviewOut, summary="重新打开已通过的报送")
def reopen_task(request, task_id: int, payload: CommentIn):
    """Unlock an approved hand-in so it can be corrected; `comment` is the reason (required)."""
    return _review(request, task_id, "task.reopen", task_services.reopen_task, reason=payload.comment)
