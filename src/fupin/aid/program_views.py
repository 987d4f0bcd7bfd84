"""The programme pages: list, set up, one programme with its funding sources and its list of students, and
the actions on it (add a source, record money received, list students by rule or by hand, approve, return)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fupin.lib.http import flash_form_errors, saved
from fupin.orgs.policy import can, can_anywhere

from . import selectors
from .forms import DisclosureForm, ProgramForm, ProposeForm, ReceivedForm, ReturnForm, SourceForm
from .models import AwardStatus
from .permissions import access_award, access_program
from .services import awards, programs


@login_required
def program_list(request):
    if not can_anywhere(request.user, "aid.view"):
        raise Http404
    context = {"programs": selectors.visible_programs(request.user)[:200]}
    context["can_manage"] = can_anywhere(request.user, "aid.manage")
    return render(request, "aid/program_list.html", context)


@login_required
def program_create(request):
    units = selectors.program_units(request.user)
    if not units.exists():
        raise Http404
    form = ProgramForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        if made := saved(request, form, programs.create_program, _("已设立资助项目")):
            return redirect("program_detail", made.pk)
    return render(request, "aid/program_form.html", {"form": form})


@login_required
def program_detail(request, pk):
    program = access_program(request.user, pk)
    path_ = program.unit.path
    sources = selectors.program_sources(program)
    eligible = selectors.eligible_students(request.user, program)
    context = {
        "program": program,
        "sources": sources,
        "awards": selectors.program_awards(program),
        "can_manage": can(request.user, "aid.manage", path_),
        "can_review": can(request.user, "aid.review", path_),
        "source_form": SourceForm(),
        "propose_form": ProposeForm(sources=sources, students=eligible, initial={"students": eligible[:500]}),
        "eligible_count": eligible.count(),
        "batches": selectors.program_batches(program),
        "disclosure_form": DisclosureForm(),
    }
    return render(request, "aid/program_detail.html", context)


@login_required
@require_POST
def source_add(request, pk):
    program = access_program(request.user, pk, "aid.manage")
    form = SourceForm(request.POST)
    if not (
        form.is_valid() and saved(request, form, programs.add_funding_source, _("已添加资金来源"), program=program)
    ):
        flash_form_errors(request, form, _("添加资金来源"))
    return redirect("program_detail", program.pk)


@login_required
@require_POST
def source_received(request, pk, source_pk):
    program = access_program(request.user, pk, "aid.manage")
    source = selectors.program_sources(program).filter(pk=source_pk).first()
    form = ReceivedForm(request.POST)
    if source is None:
        raise Http404
    if not (form.is_valid() and saved(request, form, programs.record_received, _("已记录到账金额"), source=source)):
        flash_form_errors(request, form, _("记录到账金额"))
    return redirect("program_detail", program.pk)


@login_required
@require_POST
def award_propose(request, pk):
    program = access_program(request.user, pk, "aid.manage")
    eligible = selectors.eligible_students(request.user, program)
    form = ProposeForm(request.POST, sources=selectors.program_sources(program), students=eligible)
    if not (form.is_valid() and saved(request, form, awards.propose_awards, _("已列入资助名单"), program=program)):
        flash_form_errors(request, form, _("列入资助名单"))
    return redirect("program_detail", program.pk)


@login_required
@require_POST
def award_approve(request, pk):
    program = access_program(request.user, pk, "aid.review")
    chosen = selectors.program_awards(program).filter(status=AwardStatus.PROPOSED, pk__in=request.POST.getlist("award"))
    try:
        count = awards.approve_awards(by=request.user, program=program, awards=list(chosen))
    except ValidationError as exc:
        messages.error(request, ";".join(exc.messages))
    else:
        messages.success(request, _("已审核通过 %(n)d 人") % {"n": count})
    return redirect("program_detail", program.pk)


@login_required
@require_POST
def award_return(request, pk):
    award = access_award(request.user, pk, "aid.review")
    form = ReturnForm(request.POST)
    if not (form.is_valid() and saved(request, form, awards.return_award, _("已退回"), award=award)):
        flash_form_errors(request, form, _("退回"))
    return redirect("program_detail", award.program_id)


urlpatterns = [
    path("aid/programs/", program_list, name="program_list"),
    path("aid/programs/new/", program_create, name="program_create"),
    path("aid/programs/<int:pk>/", program_detail, name="program_detail"),
    path("aid/programs/<int:pk>/sources/", source_add, name="source_add"),
    path("aid/programs/<int:pk>/sources/<int:source_pk>/received/", source_received, name="source_received"),
    path("aid/programs/<int:pk>/awards/", award_propose, name="award_propose"),
    path("aid/programs/<int:pk>/approve/", award_approve, name="award_approve"),
    path("aid/awards/<int:pk>/return/", award_return, name="award_return"),
]
