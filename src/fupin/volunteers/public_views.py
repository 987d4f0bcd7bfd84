"""The public's volunteer pages, phone-first and without an account: the services open to the public, and one
service with its sign-up form (name, mobile number, the code texted to it)."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django_ratelimit.core import is_ratelimited

from fupin.audit.context import ip_of
from fupin.lib.http import add_errors, attachment
from fupin.lib.masking import mask_phone

from . import selectors, services
from .certificate_pdf import hours_certificate_pdf
from .forms import PublicSignUpForm
from .permissions import access_public_opportunity, access_sign_up_by_token


def public_opportunity_list(request):
    opportunities = selectors.public_opportunities(timezone.now())[:200]
    return render(request, "volunteers/public_opportunity_list.html", {"opportunities": opportunities})


def public_opportunity_detail(request, pk):
    opportunity = access_public_opportunity(pk)
    form = PublicSignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if request.POST.get("action") == "code":
            _send_code(request, form, opportunity)
        elif token := _sign_up(request, form, opportunity):
            return redirect("public_sign_up", token)
    context = {"opportunity": opportunity, "form": form, "open": opportunity.ends_at > timezone.now()}
    return render(request, "volunteers/public_opportunity_detail.html", context)


def _address(group: str, request) -> str:
    return ip_of(request) or "unknown"


def _public_write_rate(group: str, request) -> str:
    return settings.FUPIN_PUBLIC_WRITE_RATE


def _send_code(request, form, opportunity) -> None:
    """Besides the five codes an hour per number, one address asks for at most FUPIN_PUBLIC_WRITE_RATE codes
    (counted in the cache every app server shares), so nobody texts a list of strangers from one place."""
    group = "public-write:volunteer-code"
    if is_ratelimited(request, group=group, key=_address, rate=_public_write_rate, method="POST", increment=True):
        form.add_error(None, _("同一网络地址获取验证码过于频繁,请稍后再试"))
        return
    data = {k: v for k, v in form.cleaned_data.items() if k != "code"}
    try:
        made = services.send_sign_up_code(opportunity=opportunity, **data)
    except ValidationError as exc:
        add_errors(form, exc)
    else:
        messages.success(request, _("验证码已发送至 %(p)s,10 分钟内有效") % {"p": mask_phone(made.phone)})


def _sign_up(request, form, opportunity) -> str | None:
    try:
        made, token = services.sign_up_as_public(opportunity=opportunity, **form.cleaned_data)
    except ValidationError as exc:
        add_errors(form, exc)
        return None
    messages.success(request, _("报名成功!组织单位将通过 %(p)s 与您联系") % {"p": mask_phone(made.phone)})
    return token


def public_sign_up(request, token):
    """A public volunteer's own page, by the private link: the sign-up's status, the confirmed hours and, once
    confirmed, the certificate of hours."""
    made = access_sign_up_by_token(token)
    context = {"sign_up": made, "opportunity": made.opportunity, "token": token}
    return render(request, "volunteers/public_sign_up.html", context)


def public_sign_up_certificate(request, token):
    made = access_sign_up_by_token(token)
    try:
        pdf = hours_certificate_pdf(made)
    except ValidationError as exc:
        messages.error(request, ";".join(exc.messages))
        return redirect("public_sign_up", token)
    return attachment(pdf, f"志愿服务时长证明-{made.name}-{made.certificate_number}.pdf", "application/pdf")


urlpatterns = [
    path("volunteer-services/", public_opportunity_list, name="public_opportunity_list"),
    path("volunteer-services/<int:pk>/", public_opportunity_detail, name="public_opportunity_detail"),
    path("volunteer-services/sign-ups/<str:token>/", public_sign_up, name="public_sign_up"),
    path(
        "volunteer-services/sign-ups/<str:token>/certificate.pdf",
        public_sign_up_certificate,
        name="public_sign_up_certificate",
    ),
]
