"""Project pages: the staff catalogue, entering a project, one project with claims, 拨付证明, progress and
closing, the numbered receipt; and the public catalogue and project page (funded %, claimants, progress)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fupin.lib.http import attachment, saved
from fupin.orgs.policy import can, can_anywhere

from . import project_funds
from . import project_selectors as selectors
from . import project_services as services
from .permissions import access_project, access_project_claim, access_public_project
from .project_forms import ProgressForm, ProjectClaimForm, ProjectForm, ProofForm
from .receipt_pdf import project_receipt_pdf


@login_required
def project_list(request):
    if not (can_anywhere(request.user, "project.manage") or can_anywhere(request.user, "project.claim")):
        raise Http404
    context = {"projects": selectors.visible_projects(request.user)[:500]}
    context["can_manage"] = can_anywhere(request.user, "project.manage")
    if context["can_manage"]:
        context["campaigns"] = selectors.project_campaigns(request.user)[:20]
    if can_anywhere(request.user, "donation.record"):
        context["fundable"] = selectors.claimed_projects()[:500]
    return render(request, "matching/project_list.html", context)


@login_required
def project_create(request):
    villages = selectors.project_villages(request.user)
    if not villages.exists():
        raise Http404
    campaigns = selectors.project_campaigns(request.user)
    form = ProjectForm(
        request.POST or None, campaigns=campaigns, villages=villages, initial={"campaign": campaigns.first()}
    )
    if request.method == "POST" and form.is_valid():
        if project := saved(request, form, services.create_project, _("已登记项目,公开认领中")):
            return redirect("project_detail", project.pk)
    return render(request, "matching/project_form.html", {"form": form})


@login_required
def project_detail(request, pk):
    project = access_project(request.user, pk)
    units = selectors.claiming_units(request.user)
    context = {
        "project": project,
        "claims": selectors.project_claims(project),
        "updates": selectors.project_updates(project),
        "claim_form": ProjectClaimForm(units=units) if units.exists() else None,
        "proof_form": ProofForm(),
        "progress_form": ProgressForm(),
        "can_manage": can(request.user, "project.manage", project.village.path),
    }
    return render(request, "matching/project_detail.html", context)


def _run(request, service, success: str, **kwargs) -> bool:
    try:
        service(by=request.user, **kwargs)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, ";".join(getattr(exc, "messages", None) or [str(exc)]))
        return False
    messages.success(request, success)
    return True


def _form_errors(request, form) -> None:
    for reasons in form.errors.values():
        messages.error(request, ";".join(reasons))


@login_required
@require_POST
def claim_project(request, pk):
    project = access_project_for_claim(request, pk)
    form = ProjectClaimForm(request.POST, units=selectors.claiming_units(request.user))
    success = _("认领成功,可下载项目认领回执")
    if form.is_valid() and _run(request, services.claim_project, success, project=project, **form.cleaned_data):
        return redirect("project_detail", project.pk)
    _form_errors(request, form)
    return redirect("public_project_detail", project.pk)


def access_project_for_claim(request, pk):
    """Any unit with a claiming role may claim any project: the catalogue is public."""
    if not can_anywhere(request.user, "project.claim"):
        raise Http404
    return access_public_project(pk)


@login_required
@require_POST
def record_progress(request, pk):
    project = access_project(request.user, pk)
    form = ProgressForm(request.POST, request.FILES)
    if form.is_valid():
        _run(request, services.record_progress, _("已登记项目进展"), project=project, **form.cleaned_progress())
    else:
        _form_errors(request, form)
    return redirect("project_detail", project.pk)


@login_required
@require_POST
def close_project(request, pk):
    project = access_project(request.user, pk)
    _run(request, services.close_project, _("项目已验收"), project=project)
    return redirect("project_detail", project.pk)


@login_required
@require_POST
def attach_proof(request, pk):
    claim = access_project_claim(request.user, pk)
    form = ProofForm(request.POST, request.FILES)
    if form.is_valid():
        _run(request, services.attach_disbursement_proof, _("已上传拨付证明"), claim=claim, **form.cleaned_data)
    else:
        _form_errors(request, form)
    return redirect("project_detail", claim.project_id)


@login_required
def project_receipt(request, pk):
    claim = access_project_claim(request.user, pk)
    return attachment(project_receipt_pdf(claim), f"项目认领回执{claim.receipt_number}.pdf", "application/pdf")


@login_required
def project_proof(request, pk):
    claim = access_project_claim(request.user, pk)
    if not claim.proof:
        raise Http404
    kind = "application/pdf" if claim.proof.name.endswith(".pdf") else "image/jpeg"
    return FileResponse(claim.proof.open("rb"), content_type=kind)


def public_project_list(request):
    context = {"projects": selectors.public_projects()[:200], "totals": selectors.project_totals()}
    return render(request, "matching/public_project_list.html", context)


def public_project_detail(request, pk):
    project = access_public_project(pk)
    units = selectors.claiming_units(request.user)
    context = {
        "project": project,
        "claim_form": ProjectClaimForm(units=units) if units.exists() else None,
        "claims": selectors.project_claims(project),
        "updates": selectors.public_project_updates(project),
        "fundings": selectors.public_project_fundings(project),
        "money": project_funds.project_money(project),
    }
    return render(request, "matching/public_project_detail.html", context)


def project_update_photo(request, pk):
    """A progress photo on the public page: never one of identifiable minors without the guardians' consent."""
    project = access_public_project(pk)
    photo = selectors.public_progress_photos(project).filter(pk=request.GET.get("photo", "")).first()
    if photo is None:
        raise Http404
    return FileResponse(photo.file.open("rb"), content_type="image/jpeg")


@login_required
def project_photo(request, pk):
    """Any progress photo of a project, for the staff who may see the project."""
    project = access_project(request.user, pk)
    photo = selectors.progress_photos(project).filter(pk=request.GET.get("photo", "")).first()
    if photo is None:
        raise Http404
    return FileResponse(photo.file.open("rb"), content_type="image/jpeg")


urlpatterns = [
    path("matching/projects/", project_list, name="project_list"),
    path("matching/projects/new/", project_create, name="project_create"),
    path("matching/projects/<int:pk>/", project_detail, name="project_detail"),
    path("matching/projects/<int:pk>/claim/", claim_project, name="claim_project"),
    path("matching/projects/<int:pk>/progress/", record_progress, name="record_progress"),
    path("matching/projects/<int:pk>/close/", close_project, name="close_project"),
    path("matching/projects/<int:pk>/photo/", project_photo, name="project_photo"),
    path("matching/project-claims/<int:pk>/proof/", attach_proof, name="attach_proof"),
    path("matching/project-claims/<int:pk>/proof/file/", project_proof, name="project_proof"),
    path("matching/project-claims/<int:pk>/receipt/", project_receipt, name="project_receipt"),
    path("projects/", public_project_list, name="public_project_list"),
    path("projects/<int:pk>/", public_project_detail, name="public_project_detail"),
    path("projects/<int:pk>/photo/", project_update_photo, name="project_update_photo"),
]
