"""专项调剂 pages: finance asks to move money from one drive to another (of its own fund, or of another finance
office's within the campaign); the office approves; the receiving office reads it too."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fupin.lib.http import acted, saved
from fupin.orgs.policy import can

from .. import staff_selectors as selectors
from .. import transfers
from ..forms import TransferForm
from ..permissions import access_drive, access_transfer
from .staff import _form_page


@login_required
def transfer_create(request, pk):
    drive = access_drive(request.user, pk, "disbursement.request")
    form = TransferForm(request.POST or None, targets=selectors.transfer_targets(drive))
    if request.method == "POST" and form.is_valid():
        done = _("已提交调剂申请,待办公室审批")
        if moved := saved(request, form, transfers.request_transfer, done, from_drive=drive):
            return redirect("transfer_detail", moved.pk)
    note = _(
        "可调入本次扶贫日活动(含下级细化方案)的其他募捐活动,包括其他单位管理资金的活动(两本账同时入账);"
        "须写明理由,经办公室另一人审批后入账,并在两个活动的公示中列出。"
    )
    back = ("disbursement_list", drive.pk)
    return _form_page(request, form, title=_("申请专项调剂"), drive=drive, back=back, note=note)


@login_required
def transfer_detail(request, pk):
    transfer = access_transfer(request.user, pk)
    source = transfer.from_drive.fund.unit.path
    can_approve = can(request.user, "disbursement.approve", source)
    context = {"transfer": transfer, "can_approve": can_approve and transfer.status == transfer.Status.REQUESTED}
    # the receiving office reads it from its own drive's pages
    context["own_drive"] = transfer.from_drive if can(request.user, "fund.view", source) else transfer.to_drive
    return render(request, "donations/staff_transfer_detail.html", context)


@login_required
@require_POST
def approve_transfer(request, pk):
    transfer = access_transfer(request.user, pk, "disbursement.approve")
    acted(request, transfers.approve_transfer, _("已审批,款项已调剂"), transfer=transfer)
    return redirect("transfer_detail", transfer.pk)


urlpatterns = [
    path("donations/drives/<int:pk>/transfers/new/", transfer_create, name="transfer_create"),
    path("donations/transfers/<int:pk>/", transfer_detail, name="transfer_detail"),
    path("donations/transfers/<int:pk>/approve/", approve_transfer, name="approve_transfer"),
]
