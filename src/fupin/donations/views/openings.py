"""The second witness confirms a box opening with their own login."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _

from .. import openings
from ..permissions import witnessed_opening


@login_required
def box_opening_confirm(request, pk):
    opening = witnessed_opening(request.user, pk)
    if request.method == "POST":
        try:
            openings.confirm_box_opening(by=request.user, opening=opening)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("已确认开箱清点,款项已入账"))
        return redirect("box_opening_confirm", opening.pk)
    return render(request, "donations/staff_box_opening_confirm.html", {"opening": opening})


urlpatterns = [
    path("donations/openings/<int:pk>/confirm/", box_opening_confirm, name="box_opening_confirm"),
]
