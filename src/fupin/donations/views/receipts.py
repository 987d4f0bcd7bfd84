"""A gift's receipt as the staff see it: its PDF, and the official 公益事业捐赠票据 number once issued."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fupin.lib.http import saved
from fupin.orgs.policy import can

from .. import receipts
from ..permissions import access_receipt


class OfficialNumberForm(forms.Form):
    official_number = forms.CharField(label=_("公益事业捐赠票据号码"), max_length=40)


@login_required
def receipt_detail(request, pk):
    receipt = access_receipt(request.user, pk)
    can_record = can(request.user, "donation.record", receipt.fund.unit.path) and not receipt.official_number
    can_reverse = can(request.user, "donation.record", receipt.fund.unit.path) and receipt.donation.transaction_id
    context = {"receipt": receipt, "form": OfficialNumberForm() if can_record else None, "can_reverse": can_reverse}
    return render(request, "donations/staff_receipt_detail.html", context)


@login_required
@require_POST
def record_official_number(request, pk):
    receipt = access_receipt(request.user, pk, "donation.record")
    form = OfficialNumberForm(request.POST)
    if form.is_valid() and saved(request, form, receipts.record_official_number, _("已登记票据号码"), receipt=receipt):
        return redirect("receipt_detail", receipt.pk)
    return render(request, "donations/staff_receipt_detail.html", {"receipt": receipt, "form": form}, status=400)


urlpatterns = [
    path("donations/receipts/<int:pk>/", receipt_detail, name="receipt_detail"),
    path("donations/receipts/<int:pk>/official-number/", record_official_number, name="record_official_number"),
]
