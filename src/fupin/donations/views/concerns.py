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
from fupin.orgs.models import Unit

from .. import concerns
from .. import staff_selectors as selectors
from ..permissions import access_concern, public_concern


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("答复"), max_length=5000, widget=forms.Textarea(attrs={"rows": 5}))
    substantiated = forms.ChoiceField(
        label=_("核查结论"),
        choices=[("0", _("不属实或未查实")), ("1", _("属实"))],
        required=False,
        initial="0",
        widget=forms.RadioSelect,
    )
    unit = forms.ModelChoiceField(
        label=_("涉及单位"),
        queryset=Unit.objects.none(),
        required=False,
        help_text=_("核查属实的,选择反映所涉及的单位(组织单位或有人捐款的单位)"),
    )

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["unit"].queryset = units

    def clean_substantiated(self):
        return self.cleaned_data.get("substantiated") == "1"


@login_required
def concern_detail(request, pk):
    concern = access_concern(request.user, pk)
    form = AnswerForm(request.POST or None, units=selectors.concern_units(concern))
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
