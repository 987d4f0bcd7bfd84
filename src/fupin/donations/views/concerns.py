"""Concerns as the supervisor handles them, and as their raiser follows them through a private link."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fupin.lib.http import saved

from .. import concerns
from ..permissions import access_concern, public_concern


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("答复"), max_length=5000, widget=forms.Textarea(attrs={"rows": 5}))


@login_required
def concern_detail(request, pk):
    concern = access_concern(request.user, pk)
    form = AnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if saved(request, form, concerns.answer_concern, _("已答复,反映人可通过其链接查看"), concern=concern):
            return redirect("concern_detail", concern.pk)
    return render(request, "donations/staff_concern_detail.html", {"concern": concern, "form": form})


@login_required
@require_POST
def take_up_concern(request, pk):
    concern = access_concern(request.user, pk)
    try:
        concerns.take_up_concern(by=request.user, concern=concern)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("concern_detail", concern.pk)


def concern_status(request, token):
    concern = public_concern(token)
    return render(request, "donations/public_concern_status.html", {"concern": concern, "drive": concern.drive})


urlpatterns = [
    path("donations/concerns/<int:pk>/", concern_detail, name="concern_detail"),
    path("donations/concerns/<int:pk>/take-up/", take_up_concern, name="take_up_concern"),
    path("disclosure/concerns/<str:token>/", concern_status, name="concern_status"),
]
