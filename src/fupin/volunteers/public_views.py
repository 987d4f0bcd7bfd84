"""The public's volunteer pages, phone-first and without an account: the services open to the public, and one
service with its sign-up form (name, mobile number, the code texted to it)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _

from fupin.lib.http import add_errors
from fupin.lib.masking import mask_phone

from . import selectors, services
from .forms import PublicSignUpForm
from .permissions import access_public_opportunity


def public_opportunity_list(request):
    opportunities = selectors.public_opportunities(timezone.now())[:200]
    return render(request, "volunteers/public_opportunity_list.html", {"opportunities": opportunities})


def public_opportunity_detail(request, pk):
    opportunity = access_public_opportunity(pk)
    form = PublicSignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        action = services.send_sign_up_code if request.POST.get("action") == "code" else services.sign_up_as_public
        if _done(request, form, action, opportunity):
            return redirect("public_opportunity_detail", opportunity.pk)
    context = {"opportunity": opportunity, "form": form, "open": opportunity.ends_at > timezone.now()}
    return render(request, "volunteers/public_opportunity_detail.html", context)


def _done(request, form, action, opportunity) -> bool:
    data = form.cleaned_data
    if action is services.send_sign_up_code:
        data = {k: v for k, v in data.items() if k != "code"}
    try:
        made = action(opportunity=opportunity, **data)
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as exc:
        add_errors(form, exc)
        return False
    if action is services.send_sign_up_code:
        messages.success(request, _("验证码已发送至 %(p)s,10 分钟内有效") % {"p": mask_phone(made.phone)})
        return False
    messages.success(request, _("报名成功!组织单位将通过 %(p)s 与您联系") % {"p": mask_phone(made.phone)})
    return True


urlpatterns = [
    path("volunteer-services/", public_opportunity_list, name="public_opportunity_list"),
    path("volunteer-services/<int:pk>/", public_opportunity_detail, name="public_opportunity_detail"),
]
