"""The bank file layouts page (an office names, per bank, the columns of its payment files) and the choice of
layout for one payment batch."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fupin.lib.http import flash_form_errors, saved
from fupin.orgs.policy import can_anywhere

from . import selectors
from .forms import BankLayoutForm, BatchLayoutForm
from .permissions import access_batch
from .services import bank_layouts as services


@login_required
def bank_layout_list(request):
    if not can_anywhere(request.user, "aid.view"):
        raise Http404
    units = selectors.program_units(request.user)
    form = BankLayoutForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        if saved(request, form, services.save_bank_layout, _("已保存代发文件格式")):
            return redirect("bank_layout_list")
    context = {"layouts": selectors.visible_bank_layouts(request.user), "form": form, "can_manage": units.exists()}
    return render(request, "aid/bank_layout_list.html", context)


@login_required
@require_POST
def batch_layout(request, pk):
    batch = access_batch(request.user, pk, "aid.manage")
    form = BatchLayoutForm(request.POST, layouts=selectors.layouts_for(batch.program))
    if not (
        form.is_valid() and saved(request, form, services.choose_bank_layout, _("已选定代发文件格式"), batch=batch)
    ):
        flash_form_errors(request, form, _("选定代发文件格式"))
    return redirect("batch_detail", batch.pk)


urlpatterns = [
    path("aid/bank-layouts/", bank_layout_list, name="bank_layout_list"),
    path("aid/batches/<int:pk>/layout/", batch_layout, name="batch_layout"),
]
