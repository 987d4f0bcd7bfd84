"""冲正 pages: finance asks to reverse a wrong entry with a reason; another person of the office approves."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fupin.lib.http import acted, saved
from fupin.orgs.policy import can

from .. import reversals
from ..permissions import access_entry, access_reversal


class ReversalForm(forms.Form):
    reason = forms.CharField(label=_("冲正原因"), max_length=300, widget=forms.Textarea(attrs={"rows": 3}))


@login_required
def reversal_create(request, pk):
    entry = access_entry(request.user, pk, "donation.record")
    form = ReversalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if asked := saved(request, form, reversals.request_reversal, _("已提交冲正申请,待办公室审批"), entry=entry):
            return redirect("reversal_detail", asked.pk)
    return render(request, "donations/staff_reversal_form.html", {"entry": entry, "form": form})


@login_required
def reversal_detail(request, pk):
    reversal = access_reversal(request.user, pk)
    can_approve = can(request.user, "disbursement.approve", reversal.entry.fund.unit.path)
    context = {"reversal": reversal, "can_approve": can_approve and reversal.status == reversal.Status.REQUESTED}
    return render(request, "donations/staff_reversal_detail.html", context)


@login_required
@require_POST
def approve_reversal(request, pk):
    reversal = access_reversal(request.user, pk, "disbursement.approve")
    acted(request, reversals.approve_reversal, _("已审批,冲正凭证已入账"), reversal=reversal)
    return redirect("reversal_detail", reversal.pk)


urlpatterns = [
    path("donations/entries/<int:pk>/reverse/", reversal_create, name="reversal_create"),
    path("donations/reversals/<int:pk>/", reversal_detail, name="reversal_detail"),
    path("donations/reversals/<int:pk>/approve/", approve_reversal, name="approve_reversal"),
]
