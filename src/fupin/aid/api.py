"""Student aid over REST, scoped like the pages (the writes are in api_writes.py): programmes with their
funding sources, their awards (names and 身份证号 masked) and payment batches. A batch answers with its counts;
its lines (masked too) come a page at a time from the lines endpoint, however many the batch holds."""

from datetime import date

from django.urls import reverse
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from fupin.lib.api_pages import DbId, Pages
from fupin.lib.masking import mask_name

from . import selectors
from .models import PaymentBatch
from .permissions import access_batch, access_program

router = Router(tags=["学生资助"])


class SourceOut(Schema):
    id: int
    name: str
    pledged_fen: int
    received_fen: int
    committed_fen: int


class ProgramOut(Schema):
    id: int
    unit_name: str = Field(..., alias="unit.name")
    name: str
    level: str
    amount_fen: int
    target_count: int
    categories: list[str]
    stages: list[str]
    new_students_only: bool
    opens_on: date
    closes_on: date


class ProgramDetailOut(ProgramOut):
    sources: list[SourceOut]

    @staticmethod
    def resolve_sources(program) -> list:
        return list(selectors.program_sources(program))


class AwardOut(Schema):
    id: int
    student_name: str
    student_id_masked: str = Field(..., alias="student.id_masked")
    school_name: str = Field(..., alias="student.school.name")
    source_name: str = Field(..., alias="source.name")
    amount_fen: int
    status: str
    return_reason: str

    @staticmethod
    def resolve_student_name(award) -> str:
        return mask_name(award.student.name)


class LineOut(Schema):
    id: int
    name: str
    school_name: str
    id_masked: str
    card_masked: str
    amount_fen: int
    result: str
    failure_reason: str

    @staticmethod
    def resolve_name(line) -> str:
        return mask_name(line.name)


class BatchOut(Schema):
    """A batch with how many of its lines await the bank, were paid or failed, and what they total; the lines
    themselves at `lines_url`, a page at a time."""

    id: int
    program_id: int
    status: str
    requeue_of_id: int | None
    line_count: int = Field(description="明细条数")
    pending: int = Field(description="待发放条数")
    paid: int = Field(description="发放成功条数")
    failed: int = Field(description="发放失败条数")
    total_amount_fen: int = Field(description="全部明细金额合计(分)")
    lines_url: str = Field(description="分页的发放明细")


def batch_out(batch: PaymentBatch) -> dict:
    """The batch's answer: its own fields and its lines' counts and total (one query, whatever its size)."""
    return {
        "id": batch.pk,
        "program_id": batch.program_id,
        "status": batch.status,
        "requeue_of_id": batch.requeue_of_id,
        **selectors.batch_totals(batch),
        "lines_url": reverse("api:list_batch_lines", args=[batch.pk]),
    }


@router.get("/aid/programs", response=list[ProgramOut])
@paginate(Pages)
def list_programs(request):
    return selectors.visible_programs(request.user)


@router.get("/aid/programs/{program_id}", response=ProgramDetailOut)
def get_program(request, program_id: DbId):
    return access_program(request.user, program_id)


@router.get("/aid/programs/{program_id}/awards", response=list[AwardOut])
@paginate(Pages)
def list_awards(request, program_id: DbId):
    return selectors.program_awards(access_program(request.user, program_id))


@router.get("/aid/batches/{batch_id}", response=BatchOut, summary="发放批次及明细统计")
def get_batch(request, batch_id: DbId):
    """The batch with its lines counted by result and their total in 分; the lines are at `lines_url`."""
    return batch_out(access_batch(request.user, batch_id))
