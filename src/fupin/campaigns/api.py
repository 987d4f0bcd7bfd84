"""Campaigns, items, requirements, tasks, submissions and progress over REST, scoped like the pages."""

from datetime import datetime

from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from fupin.lib.api_pages import DbId, Pages
from fupin.orgs.policy import scope_q

from .deadlines import describe
from .models import Submission, Task, TaskStatus
from .permissions import access_campaign, access_task, task_scope_q
from .selectors import campaigns as campaign_selectors
from .selectors import progress as progress_selectors
from .selectors.tasks import is_overdue, lateness

router = Router(tags=["扶贫日活动"])


class CampaignOut(Schema):
    id: int
    year: int
    edition: int
    international_edition: int
    title: str
    theme: str
    slogan: str
    status: str
    unit_id: int
    unit_name: str = Field(..., alias="unit.name")
    parent_id: int | None
    starts_on: str | None = None
    ends_on: str | None = None

    @staticmethod
    def resolve_starts_on(obj):
        return obj.starts_on.isoformat() if obj.starts_on else None

    @staticmethod
    def resolve_ends_on(obj):
        return obj.ends_on.isoformat() if obj.ends_on else None


class ItemOut(Schema):
    id: int
    number: int
    title: str
    kind: str
    description: str
    lead_units: list[int]
    responsible_units: list[int]

    @staticmethod
    def resolve_lead_units(obj):
        return [u.pk for u in obj.lead_units.all()]

    @staticmethod
    def resolve_responsible_units(obj):
        return [u.pk for u in obj.responsible_units.all()]


class RequirementOut(Schema):
    id: int
    kind: str
    title: str
    due_at: datetime
    due_display: str
    due_text: str
    close_after_days: int | None
    photo_min_count: int
    photo_min_megapixels: str
    caption_required: bool
    unit_kinds: list[str]
    school_stages: list[str]
    direct_only: bool
    recipient_id: int | None
    inherited_from_id: int | None
    task_count: int

    @staticmethod
    def resolve_due_display(obj):
        return describe(obj.due_at)

    @staticmethod
    def resolve_photo_min_megapixels(obj):
        return str(obj.photo_min_megapixels)


class TaskOut(Schema):
    id: int
    requirement_id: int
    campaign_id: int = Field(..., alias="requirement.campaign_id")
    unit_id: int
    unit_name: str = Field(..., alias="unit.name")
    status: str
    due_at: datetime = Field(..., alias="requirement.due_at")
    submitted_at: datetime | None
    first_submitted_at: datetime | None
    is_overdue: bool
    late_seconds: int | None

    @staticmethod
    def resolve_is_overdue(obj):
        return is_overdue(obj)

    @staticmethod
    def resolve_late_seconds(obj):
        delay = lateness(obj)
        return int(delay.total_seconds()) if delay else None


class SubmissionFileOut(Schema):
    id: int
    kind: str
    original_name: str
    content_type: str
    size: int
    sha256: str
    caption: str
    width: int | None
    height: int | None


class SubmissionOut(Schema):
    id: int
    version: int
    text: str
    submitted_at: datetime
    submitted_by: str = Field(..., alias="submitted_by.username")
    files: list[SubmissionFileOut]

    @staticmethod
    def resolve_files(obj):
        return list(obj.files.all())


class CountsOut(Schema):
    total: int
    submitted: int
    on_time: int
    late: int
    returned: int
    approved: int
    missing: int
    overdue: int


class RequirementProgressOut(Schema):
    requirement_id: int
    title: str
    due_at: datetime
    counts: CountsOut


@router.get("/campaigns", response=list[CampaignOut], summary="可见的扶贫日活动")
@paginate(Pages)
def list_campaigns(request, year: int | None = None):
    return campaign_selectors.visible_campaigns(request.user, year=year).order_by("-year", "unit__path", "id")


@router.get("/campaigns/{campaign_id}", response=CampaignOut, summary="活动详情")
def get_campaign(request, campaign_id: int):
    return access_campaign(request.user, campaign_id)


@router.get("/campaigns/{campaign_id}/items", response=list[ItemOut], summary="活动内容")
def list_items(request, campaign_id: int):
    return list(campaign_selectors.campaign_items(access_campaign(request.user, campaign_id)))


@router.get("/campaigns/{campaign_id}/requirements", response=list[RequirementOut], summary="报送要求")
def list_requirements(request, campaign_id: int):
    return campaign_selectors.campaign_requirements(access_campaign(request.user, campaign_id))


@router.get("/campaigns/{campaign_id}/progress", response=list[RequirementProgressOut], summary="报送进度")
def campaign_progress(request, campaign_id: int):
    """Per requirement: submitted / on time / late / returned / approved / missing in the caller's subtree."""
    campaign = access_campaign(request.user, campaign_id)
    root = progress_selectors.default_root(request.user, campaign)
    if root is None:
        return []
    progress = progress_selectors.campaign_progress(request.user, campaign, root=root)
    return [
        {
            "requirement_id": row.requirement.pk,
            "title": row.requirement.title,
            "due_at": row.requirement.due_at,
            "counts": row.counts,
        }
        for row in progress.requirements
    ]


@router.get("/tasks", response=list[TaskOut], summary="任务列表")
@paginate(Pages)
def list_tasks(request, campaign: DbId | None = None, status: TaskStatus | None = None, mine: bool = False):
    """Tasks the caller may see; `mine=true` for the caller's own units' tasks only."""
    q = scope_q(request.user, "task.submit", "unit__path") if mine else task_scope_q(request.user)
    qs = Task.objects.filter(q).select_related("requirement", "unit").order_by("requirement__due_at", "unit__path")
    if campaign:
        qs = qs.filter(requirement__campaign_id=campaign)
    if status:
        qs = qs.filter(status=status)
    return qs


@router.get("/tasks/{task_id}", response=TaskOut, summary="任务详情")
def get_task(request, task_id: int):
    return access_task(request.user, task_id)


@router.get("/tasks/{task_id}/submissions", response=list[SubmissionOut], summary="任务的各版报送")
def list_submissions(request, task_id: int):
    task = access_task(request.user, task_id)
    return list(task.submissions.select_related("submitted_by").prefetch_related("files"))


@router.get("/submissions/{submission_id}", response=SubmissionOut, summary="报送详情")
def get_submission(request, submission_id: int):
    visible = Submission.objects.filter(task__in=Task.objects.filter(task_scope_q(request.user)))
    return get_object_or_404(visible.select_related("submitted_by"), pk=submission_id)
