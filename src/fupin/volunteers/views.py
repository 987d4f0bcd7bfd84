"""Volunteer service pages: the opportunities a person may join (and their own sign-ups), posting one, signing
up and cancelling, the organiser's roster with hours confirmed, and each volunteer's certificate of hours."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fupin.lib.http import acted, attachment, flash_form_errors, saved
from fupin.orgs.policy import can, can_anywhere

from . import selectors, services
from .certificate_pdf import hours_certificate_pdf
from .forms import HoursForm, OpportunityForm, SignUpForm
from .permissions import access_managed_sign_up, access_opportunity, access_sign_up


@login_required
def opportunity_list(request):
    context = {
        "opportunities": selectors.visible_opportunities(request.user)[:300],
        "mine": selectors.my_sign_ups(request.user)[:100],
        "can_post": can_anywhere(request.user, "volunteers.manage"),
        "now": timezone.now(),
    }
    return render(request, "volunteers/opportunity_list.html", context)


@login_required
def opportunity_create(request):
    units = selectors.organising_units(request.user)
    if not units.exists():
        raise Http404
    campaigns = selectors.managed_campaigns(request.user)
    form = OpportunityForm(request.POST or None, units=units, campaigns=campaigns)
    if request.method == "POST" and form.is_valid():
        if made := saved(request, form, services.post_opportunity, _("已发布志愿服务")):
            return redirect("opportunity_detail", made.pk)
    return render(request, "volunteers/opportunity_form.html", {"form": form})


def _detail(request, opportunity, form):
    manages = can(request.user, "volunteers.manage", opportunity.organiser.path)
    context = {
        "opportunity": opportunity,
        "form": form,
        "mine": selectors.my_sign_ups(request.user, opportunity),
        "manages": manages,
        "roster": selectors.sign_ups_of(opportunity) if manages else None,
        "totals": selectors.confirmed_totals(opportunity) if manages else None,
        "open": opportunity.ends_at > timezone.now() and opportunity.slots_left > 0,
    }
    return render(request, "volunteers/opportunity_detail.html", context)


@login_required
def opportunity_detail(request, pk):
    opportunity = access_opportunity(request.user, pk)
    initial = {"name": request.user.name, "phone": request.user.phone}
    return _detail(request, opportunity, SignUpForm(initial=initial))


@login_required
@require_POST
def opportunity_sign_up(request, pk):
    opportunity = access_opportunity(request.user, pk)
    form = SignUpForm(request.POST)
    if form.is_valid() and saved(request, form, services.sign_up, _("报名成功"), opportunity=opportunity):
        return redirect("opportunity_detail", opportunity.pk)
    return _detail(request, access_opportunity(request.user, pk), form)


@login_required
@require_POST
def sign_up_cancel(request, pk):
    made = access_sign_up(request.user, pk)
    acted(request, services.cancel_sign_up, _("已取消报名"), sign_up=made)
    return redirect("opportunity_detail", made.opportunity_id)


@login_required
@require_POST
def sign_up_confirm(request, pk):
    made = access_managed_sign_up(request.user, pk)
    form = HoursForm(request.POST)
    if not form.is_valid() or not saved(request, form, services.confirm_hours, _("已确认服务时长"), sign_up=made):
        flash_form_errors(request, form, _("确认%(n)s的服务时长") % {"n": made.name})
    return redirect("opportunity_detail", made.opportunity_id)


@login_required
@require_POST
def sign_up_absent(request, pk):
    made = access_managed_sign_up(request.user, pk)
    acted(request, services.mark_absent, _("已标记未到"), sign_up=made)
    return redirect("opportunity_detail", made.opportunity_id)


@login_required
def sign_up_certificate(request, pk):
    made = access_sign_up(request.user, pk)
    try:
        pdf = hours_certificate_pdf(made)
    except ValidationError as exc:
        messages.error(request, ";".join(exc.messages))
        return redirect("opportunity_detail", made.opportunity_id)
    return attachment(pdf, f"志愿服务时长证明-{made.name}-{made.certificate_number}.pdf", "application/pdf")


urlpatterns = [
    path("volunteers/", opportunity_list, name="opportunity_list"),
    path("volunteers/new/", opportunity_create, name="opportunity_create"),
    path("volunteers/<int:pk>/", opportunity_detail, name="opportunity_detail"),
    path("volunteers/<int:pk>/sign-up/", opportunity_sign_up, name="opportunity_sign_up"),
    path("volunteers/sign-ups/<int:pk>/cancel/", sign_up_cancel, name="sign_up_cancel"),
    path("volunteers/sign-ups/<int:pk>/confirm/", sign_up_confirm, name="sign_up_confirm"),
    path("volunteers/sign-ups/<int:pk>/absent/", sign_up_absent, name="sign_up_absent"),
    path("volunteers/sign-ups/<int:pk>/certificate.pdf", sign_up_certificate, name="sign_up_certificate"),
]
