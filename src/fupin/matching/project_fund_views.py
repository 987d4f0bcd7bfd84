"""A project's money through managed funds: the page listing what claimants paid in and what was paid out to
the project, and the finance officer's two actions (receive a claim's money, ask to pay the project)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fupin.lib.http import saved

from . import project_funds as funds
from . import project_selectors as selectors
from .permissions import access_project_funds
from .project_forms import PayInForm, PayoutForm


def _page(request, project, pay_in=None, payout=None, status=200):
    drives = selectors.funding_drives(request.user)
    context = {
        "project": project,
        "fundings": selectors.project_fundings(project),
        "money": funds.project_money(project),
        "pay_in_form": pay_in or PayInForm(claims=selectors.project_claims(project), drives=drives),
        "payout_form": payout or PayoutForm(drives=drives),
        "can_record": drives.exists(),
    }
    return render(request, "matching/project_funds.html", context, status=status)


@login_required
def project_funds(request, pk):
    return _page(request, access_project_funds(request.user, pk))


@login_required
@require_POST
def pay_claim_into_fund(request, pk):
    project = access_project_funds(request.user, pk)
    drives = selectors.funding_drives(request.user)
    form = PayInForm(request.POST, claims=selectors.project_claims(project), drives=drives)
    success = _("已登记认领资金入账,收据已开具")
    if form.is_valid() and saved(request, form, funds.pay_claim_into_fund, success):
        return redirect("project_funds", project.pk)
    return _page(request, project, pay_in=form, status=400)


@login_required
@require_POST
def request_project_payout(request, pk):
    project = access_project_funds(request.user, pk)
    form = PayoutForm(request.POST, drives=selectors.funding_drives(request.user))
    success = _("已提交拨付申请,须由资金管理单位办公室另一人审批并上传拨付证明")
    if form.is_valid() and saved(request, form, funds.request_project_payout, success, project=project):
        return redirect("project_funds", project.pk)
    return _page(request, project, payout=form, status=400)


urlpatterns = [
    path("matching/projects/<int:pk>/funds/", project_funds, name="project_funds"),
    path("matching/projects/<int:pk>/funds/in/", pay_claim_into_fund, name="pay_claim_into_fund"),
    path("matching/projects/<int:pk>/funds/out/", request_project_payout, name="request_project_payout"),
]
