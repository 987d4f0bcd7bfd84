"""The payment batch pages: make a batch from approved awards, a colleague approves it (frozen from then),
the bank file, the bank's results read back, failed payments re-queued into a new batch."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fupin.lib.http import attachment
from fupin.lib.sheet_import import SheetRowErrors
from fupin.lib.xlsx import SheetError
from fupin.orgs.policy import can

from . import batch_sheet, selectors
from .forms import BatchLayoutForm, ResultUploadForm
from .permissions import access_batch, access_program
from .services import batches

LINES_PER_PAGE = 50  # a batch can hold tens of thousands of payments


def _done(request, service, success, **kwargs):
    """Call a batch service; its refusal becomes the page's message. Returns what it returned, or None."""
    try:
        result = service(by=request.user, **kwargs)
    except ValidationError as exc:
        messages.error(request, ";".join(exc.messages))
        return None
    messages.success(request, success)
    return result


@login_required
@require_POST
def batch_create(request, pk):
    program = access_program(request.user, pk, "aid.manage")
    made = _done(request, batches.create_batch, _("已生成发放批次"), program=program)
    return redirect("batch_detail", made.pk) if made else redirect("program_detail", program.pk)


@login_required
def batch_detail(request, pk):
    batch = access_batch(request.user, pk)
    path_ = batch.program.unit.path
    context = {
        "batch": batch,
        "page": Paginator(selectors.batch_lines(batch), LINES_PER_PAGE).get_page(request.GET.get("page")),
        "totals": selectors.batch_totals(batch),
        "outcome": selectors.batch_outcome(batch),
        "can_manage": can(request.user, "aid.manage", path_),
        "can_review": can(request.user, "aid.review", path_),
        "can_reveal": can(request.user, "aid.reveal", path_),
        "form": ResultUploadForm(),
        "layout_form": BatchLayoutForm(
            initial={"layout": batch.bank_layout_id}, layouts=selectors.layouts_for(batch.program)
        ),
    }
    return render(request, "aid/batch_detail.html", context)


@login_required
@require_POST
def batch_approve(request, pk):
    batch = access_batch(request.user, pk, "aid.review")
    _done(request, batches.approve_batch, _("批次已审批,发放名单已锁定"), batch=batch)
    return redirect("batch_detail", batch.pk)


@login_required
def batch_bank_file(request, pk):
    batch = access_batch(request.user, pk, "aid.reveal")
    try:
        data = batch_sheet.bank_file(by=request.user, batch=batch)
    except ValidationError as exc:
        messages.error(request, ";".join(exc.messages))
        return redirect("batch_detail", batch.pk)
    return attachment(data, _("银行代发文件-批次%(b)d.xlsx") % {"b": batch.pk})


@login_required
@require_POST
def batch_results(request, pk):
    batch = access_batch(request.user, pk, "aid.manage")
    form = ResultUploadForm(request.POST, request.FILES)
    errors = [e for errs in form.errors.values() for e in errs] if not form.is_valid() else []
    if not errors:
        try:
            paid, failed = batch_sheet.import_results(
                by=request.user, batch=batch, data=form.cleaned_data["file"].read()
            )
        except (SheetRowErrors, SheetError, ValidationError, PermissionDenied) as exc:
            errors = getattr(exc, "errors", None) or getattr(exc, "messages", None) or [str(exc)]
        else:
            messages.success(request, _("已导入发放结果:成功 %(p)d 人,失败 %(f)d 人") % {"p": paid, "f": failed})
    for error in errors:
        messages.error(request, error)
    return redirect("batch_detail", batch.pk)


@login_required
@require_POST
def batch_requeue(request, pk):
    batch = access_batch(request.user, pk, "aid.manage")
    made = _done(request, batches.requeue_failed, _("已将发放失败的学生列入新批次"), batch=batch)
    return redirect("batch_detail", made.pk if made else batch.pk)


urlpatterns = [
    path("aid/programs/<int:pk>/batches/", batch_create, name="batch_create"),
    path("aid/batches/<int:pk>/", batch_detail, name="batch_detail"),
    path("aid/batches/<int:pk>/approve/", batch_approve, name="batch_approve"),
    path("aid/batches/<int:pk>/bank-file/", batch_bank_file, name="batch_bank_file"),
    path("aid/batches/<int:pk>/results/", batch_results, name="batch_results"),
    path("aid/batches/<int:pk>/requeue/", batch_requeue, name="batch_requeue"),
]
