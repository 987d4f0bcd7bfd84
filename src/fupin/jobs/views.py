"""An import job's page (progress bar, then what was created or every reason it was refused) and its status
for the progress bar; `queue_upload` is what each app's upload page calls."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from .models import ImportStatus
from .permissions import access_import_job
from .registry import importer_for
from .services import start_import


def queue_upload(request, kind: str, form) -> HttpResponse | None:
    """A valid upload form's sheet queued for import, answered with its job's page; None when not posted.
    The form is a `BackgroundSheetUploadForm`: the job, not the request, reads the whole sheet."""
    if request.method != "POST" or not form.is_valid():
        return None
    options = {"language": get_language(), "include_hidden": "1" if form.cleaned_data.get("include_hidden") else ""}
    job = start_import(by=request.user, kind=kind, upload=form.cleaned_data["file"], options=options)
    return redirect("import_job", job.pk)


@login_required
def import_job(request, pk):
    job = access_import_job(request.user, pk)
    waiting = job.status in (ImportStatus.QUEUED, ImportStatus.RUNNING)
    context = {"job": job, "importer": importer_for(job.kind), "waiting": waiting}
    return render(request, "jobs/import_job.html", context)


@login_required
def import_job_status(request, pk):
    job = access_import_job(request.user, pk)
    return JsonResponse(
        {
            "status": job.status,
            "status_display": job.get_status_display(),
            "done": job.done,
            "total": job.total,
            "percent": job.percent,
            "count_display": _("已检查 %(d)d/%(t)d 行") % {"d": job.done, "t": job.total} if job.total else "",
        }
    )


urlpatterns = [
    path("imports/<int:pk>/", import_job, name="import_job"),
    path("imports/<int:pk>/status.json", import_job_status, name="import_job_status"),
]
