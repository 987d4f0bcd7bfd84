"""Student aid written through the REST API: list students on a programme, approve or return awards, make a
payment batch and approve it. The same doors as the pages (404 outside the caller's scope), the same services
with their rules and audit; a rule's Chinese reason answers 400 and nothing is written."""

from django.core.exceptions import ValidationError
from ninja import Schema, Status
from ninja.errors import HttpError
from pydantic import Field

from fupin.lib.api_pages import DbId

from . import selectors
from .api import AwardOut, BatchOut, batch_out, router
from .models import AwardStatus
from .permissions import access_award, access_batch, access_program
from .services import awards as award_services
from .services import batches as batch_services


def refused(exc: ValidationError) -> HttpError:
    """The service's reasons, each with the field it concerns, as one Chinese 400 message."""
    if hasattr(exc, "error_dict"):
        parts = [f"{field}: {message}" for field, messages in exc.message_dict.items() for message in messages]
    else:
        parts = list(exc.messages)
    return HttpError(400, ";".join(parts))


class ProposeIn(Schema):
    source_id: DbId = Field(description="本项目的资金来源")
    student_ids: list[DbId] = Field(min_length=1, max_length=5000, description="符合本项目条件、尚未列入的学生")


class ApproveIn(Schema):
    award_ids: list[DbId] = Field(min_length=1, max_length=5000)


class ApprovedOut(Schema):
    approved: int


class ReturnIn(Schema):
    reason: str = Field(min_length=1, max_length=200)


@router.post("/aid/programs/{program_id}/awards", response={201: list[AwardOut]}, summary="列入资助名单")
def propose_awards(request, program_id: DbId, payload: ProposeIn):
    program = access_program(request.user, program_id, "aid.manage")
    source = selectors.program_sources(program).filter(pk=payload.source_id).first()
    if source is None:
        raise HttpError(400, f"source_id: 资金来源 {payload.source_id} 不属于本项目")
    wanted = set(payload.student_ids)
    students = list(selectors.eligible_students(request.user, program).filter(pk__in=wanted))
    if missing := sorted(wanted - {s.pk for s in students}):
        raise HttpError(400, f"student_ids: 不是本项目符合条件、尚未列入的学生:{', '.join(map(str, missing[:20]))}")
    try:
        made = award_services.propose_awards(by=request.user, program=program, students=students, source=source)
    except ValidationError as exc:
        raise refused(exc) from None
    return Status(201, list(selectors.program_awards(program).filter(pk__in=[a.pk for a in made])))


@router.post("/aid/programs/{program_id}/awards/approve", response=ApprovedOut, summary="审核通过资助名单")
def approve_awards(request, program_id: DbId, payload: ApproveIn):
    program = access_program(request.user, program_id, "aid.review")
    chosen = selectors.program_awards(program).filter(status=AwardStatus.PROPOSED, pk__in=payload.award_ids)
    try:
        count = award_services.approve_awards(by=request.user, program=program, awards=list(chosen))
    except ValidationError as exc:
        raise refused(exc) from None
    return {"approved": count}


@router.post("/aid/awards/{award_id}/return", response=AwardOut, summary="退回资助名单中的学生")
def return_award(request, award_id: DbId, payload: ReturnIn):
    award = access_award(request.user, award_id, "aid.review")
    try:
        return award_services.return_award(by=request.user, award=award, reason=payload.reason)
    except ValidationError as exc:
        raise refused(exc) from None


@router.post("/aid/programs/{program_id}/batches", response={201: BatchOut}, summary="生成发放批次")
def create_batch(request, program_id: DbId):
    program = access_program(request.user, program_id, "aid.manage")
    try:
        batch = batch_services.create_batch(by=request.user, program=program)
    except ValidationError as exc:
        raise refused(exc) from None
    return Status(201, batch_out(batch))


@router.post("/aid/batches/{batch_id}/approve", response=BatchOut, summary="审批并锁定发放批次")
def approve_batch(request, batch_id: DbId):
    batch = access_batch(request.user, batch_id, "aid.review")
    try:
        return batch_out(batch_services.approve_batch(by=request.user, batch=batch))
    except ValidationError as exc:
        raise refused(exc) from None
