"""Assessment pages: the office's scheme, ranking (with its chart and .xlsx) and publishing; one unit's lines
with their evidence and queries; a unit's own results."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fupin.campaigns.permissions import access_campaign
from fupin.lib.http import acted, add_errors, attachment, flash_form_errors, saved
from fupin.lib.list_export import wants_xlsx
from fupin.orgs.policy import can, can_anywhere

from . import selectors, services
from .export import assessment_table
from .forms import AnswerForm, QueryForm, SchemeForm
from .permissions import access_line, access_query, access_result
from .presenting import chart, choose_group, county_filter, rule_columns, scheme_or_404, table

RESULTS_PER_PAGE = 50  # an office sees every unit's result: a city has thousands


@login_required
def assessment_index(request):
    if not can_anywhere(request.user, "assessment.view"):
        raise Http404
    campaigns = selectors.assessable_campaigns(request.user)
    page = Paginator(selectors.visible_results(request.user), RESULTS_PER_PAGE).get_page(request.GET.get("page"))
    context = {"campaigns": campaigns, "results": page.object_list, "page": page}
    return render(request, "assessment/assessment_index.html", context)


@login_required
def assessment_scheme(request, pk):
    campaign = access_campaign(request.user, pk, "assessment.manage")
    scheme = selectors.scheme_of(campaign)
    form = SchemeForm(request.POST or None, scheme=scheme)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.configure_scheme(
                by=request.user, campaign=campaign, choices=data["choices"], query_until=data["query_until"]
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("考核方案已保存"))
            return redirect("assessment_scheme", campaign.pk)
    context = {"campaign": campaign, "scheme": scheme, "form": form, "queries": selectors.open_queries(scheme)}
    return render(request, "assessment/assessment_scheme.html", context)


@login_required
@require_POST
def compute_assessment(request, pk):
    campaign = access_campaign(request.user, pk, "assessment.manage")
    scheme = scheme_or_404(campaign)
    if acted(request, services.compute_results, _("已按最新数据重新计分"), scheme=scheme) is not None:
        return redirect("assessment_ranking", campaign.pk)
    return redirect("assessment_scheme", campaign.pk)


@login_required
@require_POST
def publish_assessment(request, pk):
    campaign = access_campaign(request.user, pk, "assessment.manage")
    acted(request, services.publish_results, _("考核结果已发布,各单位可查看最终得分"), scheme=scheme_or_404(campaign))
    return redirect("assessment_ranking", campaign.pk)


@login_required
def assessment_ranking(request, pk):
    campaign = access_campaign(request.user, pk, "assessment.manage")
    scheme = scheme_or_404(campaign)
    groups = selectors.peer_groups(scheme)
    group = choose_group(groups, request.GET.get("group", ""))
    counties, within = county_filter(request.user, campaign, request.GET.get("within", ""))
    if wants_xlsx(request) and group:
        name = f"{campaign.year}{_('年度考核')}-{group.label}.xlsx"
        return attachment(assessment_table(scheme, group, within), name)
    listed = selectors.peers(scheme, kind=group.kind, stage=group.stage, within=within) if group else None
    page = Paginator(listed if listed is not None else [], RESULTS_PER_PAGE).get_page(request.GET.get("page"))
    rows = selectors.ranked_page(scheme, page.object_list)
    context = {"campaign": campaign, "scheme": scheme, "groups": groups, "group": group, "table": table(scheme, rows)}
    context |= {"columns": rule_columns(scheme), "counties": counties, "within": within, "page": page}
    return render(request, "assessment/assessment_ranking.html", context | {"chart": chart(listed) if rows else {}})


@login_required
def assessment_result(request, pk):
    result = access_result(request.user, pk)
    scheme = result.scheme
    rank, peers = selectors.peer_rank(result)
    is_office = can(request.user, "assessment.manage", scheme.campaign.unit.path)
    may_query = not is_office and not result.is_frozen and can(request.user, "assessment.query", result.unit.path)
    context = {"result": result, "scheme": scheme, "lines": selectors.result_lines(result), "rank": rank}
    context |= {"peers": peers, "is_office": is_office, "may_query": may_query}
    context |= {"query_form": QueryForm(), "answer_form": AnswerForm()}
    return render(request, "assessment/assessment_result.html", context)


@login_required
@require_POST
def raise_assessment_query(request, pk):
    line = access_line(request.user, pk)
    form = QueryForm(request.POST)
    if not form.is_valid():
        flash_form_errors(request, form, _("提出异议"))
    else:
        saved(request, form, services.raise_query, _("异议已提交,请等待考核办公室答复"), line=line)
    return redirect("assessment_result", line.result_id)


@login_required
@require_POST
def answer_assessment_query(request, pk):
    query = access_query(request.user, pk)
    form = AnswerForm(request.POST)
    if not form.is_valid():
        flash_form_errors(request, form, _("答复异议"))
    else:
        saved(request, form, services.answer_query, _("已答复异议"), query=query)
    return redirect("assessment_result", query.line.result_id)


urlpatterns = [
    path("assessment/", assessment_index, name="assessment_index"),
    path("assessment/campaigns/<int:pk>/", assessment_scheme, name="assessment_scheme"),
    path("assessment/campaigns/<int:pk>/compute/", compute_assessment, name="compute_assessment"),
    path("assessment/campaigns/<int:pk>/publish/", publish_assessment, name="publish_assessment"),
    path("assessment/campaigns/<int:pk>/ranking/", assessment_ranking, name="assessment_ranking"),
    path("assessment/results/<int:pk>/", assessment_result, name="assessment_result"),
    path("assessment/lines/<int:pk>/query/", raise_assessment_query, name="raise_assessment_query"),
    path("assessment/queries/<int:pk>/answer/", answer_assessment_query, name="answer_assessment_query"),
]
