"""The bank's answer over REST, as on the batch page: upload the result sheet of an approved batch, list and
inspect each payment line's outcome, and re-queue the failed lines into a new batch. The same doors (404
outside the caller's scope), the same services and sheet checks; a refusal answers 400 with every Chinese
reason and nothing is written."""

from django.core.exceptions import ValidationError
from django.utils.datastructures import MultiValueDict
from ninja import File, Form, Schema, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile
from ninja.pagination import paginate

from fupin.lib.api_pages import DbId, Pages
from fupin.lib.sheet_import import SheetRowErrors
from fupin.lib.xlsx import SheetError

from . import batch_sheet, selectors
from .api import BatchOut, LineOut, batch_out, router
from .api_writes import refused
from .forms import ResultUploadForm
from .models import PaymentResult
from .permissions import access_batch, access_payment_line, access_program
from .services import batches as batch_services

BANK_SHEET = File(...)  # module-level defaults, as ninja reads them
NOT_HIDDEN = Form(False)


class ResultsOut(Schema):
    batch_id: int
    paid: int
    failed: int


class LineDetailOut(LineOut):
    batch_id: int
    requeued_batch_id: int | None

    @staticmethod
    def resolve_requeued_batch_id(line) -> int | None:
        return selectors.requeued_in(line)


class BatchOutcomeOut(Schema):
    id: int
    status: str
    requeue_of_id: int | None
    pending: int
    paid: int
    failed: int


def _sheet(file: UploadedFile, include_hidden: bool) -> bytes:
    """The upload checked as the page's form checks it (size, hidden rows and columns)."""
    form = ResultUploadForm({"include_hidden": include_hidden}, MultiValueDict({"file": [file]}))
    if not form.is_valid():
        raise HttpError(400, ";".join(str(e) for errors in form.errors.values() for e in errors))
    return form.cleaned_data["file"].read()


@router.post("/aid/batches/{batch_id}/results", response=ResultsOut, summary="导入银行发放结果")
def import_batch_results(request, batch_id: DbId, file: UploadedFile = BANK_SHEET, include_hidden: bool = NOT_HIDDEN):
    """The bank's sheet (multipart `file`): every line with 发放结果 成功 or 失败 and a reason for a failure."""
    batch = access_batch(request.user, batch_id, "aid.manage")
    try:
        paid, failed = batch_sheet.import_results(by=request.user, batch=batch, data=_sheet(file, include_hidden))
    except SheetRowErrors as exc:
        raise HttpError(400, ";".join(exc.errors)) from None
    except SheetError as exc:
        raise HttpError(400, str(exc)) from None
    except ValidationError as exc:
        raise refused(exc) from None
    return {"batch_id": batch.pk, "paid": paid, "failed": failed}


@router.get("/aid/programs/{program_id}/batches", response=list[BatchOutcomeOut], summary="发放批次及结果统计")
@paginate(Pages)
def list_batches(request, program_id: DbId):
    return selectors.batch_outcomes(access_program(request.user, program_id))


@router.get("/aid/batches/{batch_id}/lines", response=list[LineOut], summary="发放明细")
@paginate(Pages)
def list_batch_lines(request, batch_id: DbId, result: PaymentResult | None = None):
    """The batch's lines (names, 身份证号 and card numbers masked), only those with `result` when given."""
    lines = selectors.batch_lines(access_batch(request.user, batch_id))
    return lines.filter(result=result) if result else lines


@router.get("/aid/batches/{batch_id}/lines/{line_id}", response=LineDetailOut, summary="一条发放明细")
def get_batch_line(request, batch_id: DbId, line_id: DbId):
    """One line's outcome, and the batch it was re-queued into after a failure."""
    return access_payment_line(request.user, batch_id, line_id)


@router.post("/aid/batches/{batch_id}/requeue", response={201: BatchOut}, summary="发放失败的学生列入新批次")
def requeue_batch(request, batch_id: DbId):
    batch = access_batch(request.user, batch_id, "aid.manage")
    try:
        made = batch_services.requeue_failed(by=request.user, batch=batch)
    except ValidationError as exc:
        raise refused(exc) from None
    return Status(201, batch_out(made))
