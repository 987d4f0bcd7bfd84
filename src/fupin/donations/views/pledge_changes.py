"""A giver withdraws their unconfirmed pledge through its link; finance voids one with a reason."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import pledge_changes
from ..limits import limited
from ..permissions import access_pledge, public_pledge


@require_POST
@limited("cancel")
def cancel_pledge(request, token):
    pledge = public_pledge(token)
    try:
        pledge_changes.cancel_pledge(token=pledge.token)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("已撤回这笔认捐"))
    return redirect("pledge_detail", token=pledge.token)


@login_required
@require_POST
def void_pledge(request, pk):
    pledge = access_pledge(request.user, pk)
    try:
        pledge_changes.void_pledge(by=request.user, pledge=pledge, reason=request.POST.get("reason", ""))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("已作废认捐 %(n)s") % {"n": pledge.number})
    return redirect("pledge_list", pk=pledge.drive_id)


urlpatterns = [
    path("give/pledges/<str:token>/cancel/", cancel_pledge, name="cancel_pledge"),
    path("donations/pledges/<int:pk>/void/", void_pledge, name="void_pledge"),
]
