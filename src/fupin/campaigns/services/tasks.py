"""Giving out tasks, handing in, and reviewing: the rules of 报送 and 审核."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from fupin.audit.models import AuditAction
from fupin.audit.services import record_for
from fupin.lib.images import thumbnail_jpeg
from fupin.lib.uploads import CheckedFile, UploadError, check_document, check_photo, check_video
from fupin.orgs.models import Unit, UnitKind, User

from ..deadlines import describe
from ..lineage import derived_from, requirement_ancestors
from ..models import (
    FileKind,
    Requirement,
    RequirementKind,
    Review,
    ReviewDecision,
    Submission,
    SubmissionFile,
    Task,
    TaskStatus,
)
from ..permissions import can_review


def applicable_units(requirement: Requirement) -> QuerySet[Unit]:
    """The units a requirement asks: named ones, plus those of the given kinds (and school stages) under the
    issuing unit (only its direct children when `direct_only`)."""
    issuer = requirement.campaign.unit
    q = Q(pk__in=requirement.named_units.values("pk"))
    if requirement.unit_kinds:
        by_kind = Q(path__startswith=issuer.path, kind__in=requirement.unit_kinds) & ~Q(pk=issuer.pk)
        if requirement.school_stages:
            by_kind &= ~Q(kind=UnitKind.SCHOOL) | Q(stage__in=requirement.school_stages)
        if requirement.direct_only:
            by_kind &= Q(depth=issuer.depth + 1)
        q |= by_kind
    return Unit.objects.filter(q)


def generate_tasks(requirement: Requirement) -> int:
    """Give every applicable unit one task for this requirement and its derivations: a unit answering this
    requirement or one derived from it keeps its task; a task this requirement derives from is taken over
    (the earlier deadline; the office above sees the same task and status); other units get a new one.
    Returns how many tasks were given or taken over."""
    applicable = applicable_units(requirement)
    above = [r.pk for r in requirement_ancestors(requirement)]
    taken = Task.objects.filter(requirement_id__in=above, unit__in=applicable).update(requirement=requirement)
    have = set(
        Task.objects.filter(requirement_id__in=list(derived_from([requirement.pk]))).values_list("unit_id", flat=True)
    )
    new = [
        Task(requirement=requirement, origin=requirement, unit_id=pk)
        for pk in applicable.values_list("pk", flat=True)
        if pk not in have
    ]
    Task.objects.bulk_create(new, ignore_conflicts=True)
    return len(new) + taken


def entry_closes_at(requirement: Requirement) -> datetime | None:
    """Hand-ins are accepted (marked late) until this moment; None means entry never closes."""
    if requirement.close_after_days is None:
        return None
    return requirement.due_at + timedelta(days=requirement.close_after_days)


@dataclass
class Upload:
    name: str
    data: bytes
    caption: str = ""


def _check_upload(requirement: Requirement, upload: Upload) -> tuple[str, CheckedFile]:
    kind = requirement.kind
    if kind == RequirementKind.PHOTOS or (
        kind in (RequirementKind.PLAN, RequirementKind.SUMMARY)
        and upload.name.lower().endswith((".jpg", ".jpeg", ".png", ".webp"))
    ):
        checked = check_photo(upload.name, upload.data, min_megapixels=float(requirement.photo_min_megapixels))
        if requirement.caption_required and not upload.caption.strip():
            raise UploadError(_("「%(f)s」缺少文字说明:本项要求每张照片配文字说明") % {"f": checked.name})
        return FileKind.PHOTO, checked
    if kind == RequirementKind.VIDEO:
        return FileKind.VIDEO, check_video(upload.name, upload.data)
    if kind == RequirementKind.STAMPED_SCAN and not upload.data.startswith(b"%PDF-"):
        return FileKind.SCAN, check_photo(upload.name, upload.data)
    checked = check_document(upload.name, upload.data)
    return (FileKind.SCAN if kind == RequirementKind.STAMPED_SCAN else FileKind.DOCUMENT), checked


def check_uploads(
    requirement: Requirement, uploads: list[Upload], kept: Sequence[SubmissionFile] = ()
) -> list[tuple[str, CheckedFile, str]]:
    """Every upload checked by content; one message per refused file, naming it and the reason. Files kept
    from the previous version count towards the photos required, and a new copy of one counts once."""
    checked, errors, seen = [], [], {f.sha256 for f in kept}
    for upload in uploads:
        try:
            kind, file = _check_upload(requirement, upload)
        except UploadError as exc:
            errors.append(str(exc))
            continue
        if file.sha256 not in seen:  # the same file twice in one hand-in counts once
            seen.add(file.sha256)
            checked.append((kind, file, upload.caption.strip()[:300]))
    photos = sum(1 for kind, _f, _c in checked if kind == FileKind.PHOTO)
    photos += sum(1 for f in kept if f.kind == FileKind.PHOTO)
    if requirement.kind == RequirementKind.PHOTOS and not errors and photos < requirement.photo_min_count:
        errors.append(
            _("本项要求至少 %(n)d 张照片,现在只有 %(m)d 张") % {"n": requirement.photo_min_count, "m": photos}
        )
    if errors:
        raise ValidationError(errors)
    return checked


def _check_can_hand_in(task: Task, at: datetime) -> None:
    if task.status == TaskStatus.APPROVED:
        raise ValidationError(_("已审核通过的报送已锁定,不能修改;如需更正,请联系上级单位重新打开"))
    closes = entry_closes_at(task.requirement)
    if closes is not None and at > closes:
        raise ValidationError(_("本项已于 %(d)s 停止接收") % {"d": describe(closes)})


def _kept_files(task: Task, keep: Sequence[int]) -> list[SubmissionFile]:
    """The previous version's files the unit keeps; an id that is not one of them is refused."""
    latest = task.submissions.first()
    files = {f.pk: f for f in latest.files.all()} if latest else {}
    unknown = [pk for pk in keep if pk not in files]
    if unknown:
        raise ValidationError(_("要保留的文件不在上一版中,请刷新页面后重新选择"))
    return [files[pk] for pk in dict.fromkeys(keep)]


def _same_as_latest(task: Task, text: str, hashes: list[str]) -> Submission | None:
    latest = task.submissions.prefetch_related("files").first()
    if latest is None or latest.text != text:
        return None
    if sorted(f.sha256 for f in latest.files.all()) != sorted(hashes):
        return None
    return latest


def _store(submission: Submission, checked: list[tuple[str, CheckedFile, str]], kept: list[SubmissionFile]) -> None:
    """The version's files: the kept ones point at the stored file they already have, the new ones are saved."""
    for old in kept:
        SubmissionFile.objects.create(
            submission=submission,
            kind=old.kind,
            file=old.file.name,
            original_name=old.original_name,
            content_type=old.content_type,
            size=old.size,
            sha256=old.sha256,
            caption=old.caption,
            width=old.width,
            height=old.height,
            thumbnail=old.thumbnail.name,
        )
    for kind, file, caption in checked:
        SubmissionFile.objects.create(
            submission=submission,
            kind=kind,
            file=ContentFile(file.data, name=f"{file.sha256[:32]}.{file.extension}"),
            original_name=file.name,
            content_type=file.content_type,
            size=len(file.data),
            sha256=file.sha256,
            caption=caption,
            width=file.width,
            height=file.height,
            thumbnail=_thumbnail(kind, file),
        )


def _thumbnail(kind: str, file: CheckedFile) -> ContentFile[bytes] | str:
    if kind != FileKind.PHOTO:
        return ""
    return ContentFile(thumbnail_jpeg(file.data), name=f"{file.sha256[:32]}.jpg")


@transaction.atomic
def submit_task(
    *,
    by: User,
    task: Task,
    text: str = "",
    uploads: Sequence[Upload] = (),
    keep: Sequence[int] = (),
    at: datetime | None = None,
) -> Submission:
    """Hand in a new version, starting from the previous version's files the unit keeps (`keep`, their ids)
    plus new uploads. Late hand-ins are accepted and marked late until entry closes; an approved task is
    locked; a repeat of the latest version (double click, retry) records nothing new."""
    at = at or timezone.now()
    task = Task.objects.select_for_update().select_related("requirement__campaign__unit", "unit").get(pk=task.pk)
    _check_can_hand_in(task, at)
    kept = _kept_files(task, keep)
    checked = check_uploads(task.requirement, list(uploads), kept)
    if not text.strip() and not checked and not kept and task.requirement.kind != RequirementKind.STAT_TABLE:
        raise ValidationError(_("请填写内容或上传文件"))
    hashes = [f.sha256 for f in kept] + [f.sha256 for _k, f, _c in checked]
    if (repeat := _same_as_latest(task, text, hashes)) is not None and task.status == TaskStatus.SUBMITTED:
        return repeat
    version = (task.submissions.values_list("version", flat=True).first() or 0) + 1
    submission = Submission.objects.create(task=task, version=version, text=text, submitted_by=by, submitted_at=at)
    _store(submission, checked, kept)
    Task.objects.filter(pk=task.pk).update(
        status=TaskStatus.SUBMITTED,
        submitted_at=at,
        first_submitted_at=F("first_submitted_at") if task.first_submitted_at else at,
    )
    changes = {"version": [None, version], "files": [None, len(checked) + len(kept)], "kept": [None, len(kept)]}
    record_for(by, AuditAction.CREATE, submission, task.unit, changes)
    return submission


def _require_issuing_office(by: User, task: Task, action: str) -> None:
    """Review and reopening belong to the issuing unit or above, and to the unit the requirement is handed
    in to (「报送至」), never to the unit that handed in."""
    if not can_review(by, task.requirement, action):
        raise PermissionDenied(_("只有发文单位、报送接收单位或其上级单位可以审核"))


def _latest_submitted(task: Task) -> Submission | None:
    if task.status != TaskStatus.SUBMITTED:
        raise ValidationError(_("只能审核已报送、待审核的材料"))
    return task.submissions.first()


def _review(
    by: User, task: Task, decision: str, comment: str, status: str, submission: Submission | None = None
) -> Review:
    review = Review.objects.create(task=task, submission=submission, decision=decision, comment=comment, by=by)
    before = task.status
    Task.objects.filter(pk=task.pk).update(status=status)
    task.status = status
    record_for(by, AuditAction.UPDATE, task, task.unit, {"status": [before, status]}, note=comment[:200])
    return review


@transaction.atomic
def approve_submission(*, by: User, task: Task, comment: str = "") -> Review:
    """Approve the latest hand-in; from then on it is locked."""
    task = Task.objects.select_for_update().select_related("requirement__campaign__unit", "unit").get(pk=task.pk)
    _require_issuing_office(by, task, "task.review")
    return _review(by, task, ReviewDecision.APPROVE, comment.strip(), TaskStatus.APPROVED, _latest_submitted(task))


@transaction.atomic
def return_submission(*, by: User, task: Task, comment: str) -> Review:
    """Send the latest hand-in back with a comment; it stays on record and a new version follows."""
    if not comment.strip():
        raise ValidationError({"comment": [_("退回时请写明原因,便于对方修改")]})
    task = Task.objects.select_for_update().select_related("requirement__campaign__unit", "unit").get(pk=task.pk)
    _require_issuing_office(by, task, "task.review")
    return _review(by, task, ReviewDecision.RETURN, comment.strip(), TaskStatus.RETURNED, _latest_submitted(task))


@transaction.atomic
def reopen_task(*, by: User, task: Task, reason: str) -> Review:
    """Unlock an approved hand-in so it can be corrected; the reason is recorded."""
    if not reason.strip():
        raise ValidationError({"comment": [_("重新打开须写明原因")]})
    task = Task.objects.select_for_update().select_related("requirement__campaign__unit", "unit").get(pk=task.pk)
    _require_issuing_office(by, task, "task.reopen")
    if task.status != TaskStatus.APPROVED:
        raise ValidationError(_("只有已通过的报送需要重新打开"))
    return _review(by, task, ReviewDecision.REOPEN, reason.strip(), TaskStatus.RETURNED, task.submissions.first())


@transaction.atomic
def mark_paper_received(*, by: User, task: Task, received: bool = True) -> Task:
    """The receiving office ticks a unit's paper copy as received (or takes the tick back); only where the
    requirement asks for paper copies."""
    task = Task.objects.select_for_update().select_related("requirement__campaign__unit", "unit").get(pk=task.pk)
    _require_issuing_office(by, task, "task.review")
    if not task.requirement.paper_copies:
        raise ValidationError(_("本项不要求报送纸质版"))
    before = task.paper_received_at.isoformat() if task.paper_received_at else None
    task.paper_received_at, task.paper_received_by = (timezone.now(), by) if received else (None, None)
    task.save(update_fields=["paper_received_at", "paper_received_by"])
    after = task.paper_received_at.isoformat() if task.paper_received_at else None
    note = _("纸质版已收到") if received else _("撤销纸质版签收")
    record_for(by, AuditAction.UPDATE, task, task.unit, {"paper_received_at": [before, after]}, note=note)
    return task
