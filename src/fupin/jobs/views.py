"""An import job's page (progress bar, then what was created or every reason it was refused) and its status
for the progress bar; `queue_upload` is what each app's upload page calls. An export job's page, status and
download; `deliver_export` is what each export link calls."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from fupin.lib.http import attachment

from .live_progress import with_live_progress
from .models import ExportStatus, ImportStatus
from .permissions import access_export_job, access_import_job
from .registry import exporter_for, importer_for, no_progress
from .services import start_export, start_import


def queue_upload(request, kind: str, form, options: dict | None = None) -> HttpResponse | None:
    """A valid upload form's sheet queued for import, answered with its job's page; None when not posted.
    The form is a `BackgroundSheetUploadForm`: the job, not the request, reads the whole sheet. `options` are
    the importer's own (the drive a sheet is for)."""
    if request.method != "POST" or not form.is_valid():
        return None
    hidden = "1" if form.cleaned_data.get("include_hidden") else ""
    options = (options or {}) | {"language": get_language(), "include_hidden": hidden}
    job = start_import(by=request.user, kind=kind, upload=form.cleaned_data["file"], options=options)
    return redirect("import_job", job.pk)


@login_required
def import_job(request, pk):
    job = with_live_progress(access_import_job(request.user, pk))
    waiting = job.status in (ImportStatus.QUEUED, ImportStatus.RUNNING)
    importer = importer_for(job.kind)
    upload_href, list_href = importer.urls(job.options)
    context = {"job": job, "importer": importer, "waiting": waiting, "upload_href": upload_href}
    return render(request, "jobs/import_job.html", context | {"list_href": list_href})


@login_required
def import_job_status(request, pk):
    job = with_live_progress(access_import_job(request.user, pk))
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


def deliver_export(request, *, kind: str, unit, params: dict, rows: int, title: str) -> HttpResponse:
    """What an export link answers: up to FUPIN_EXPORT_BACKGROUND_ROWS rows, the workbook itself; above it,
    a job the worker builds from the same filters, and its page."""
    exporter = exporter_for(kind)
    if rows <= settings.FUPIN_EXPORT_BACKGROUND_ROWS:
        built = exporter.build(by=request.user, params=params, progress=no_progress)
        return attachment(built.content, built.filename)
    job = start_export(by=request.user, kind=kind, unit=unit, params=params, title=title)
    return redirect("export_job", job.pk)


@login_required
def export_job(request, pk):
    job = access_export_job(request.user, pk)
    waiting = job.status in (ExportStatus.QUEUED, ExportStatus.RUNNING)
    context = {"job": job, "exporter": exporter_for(job.kind), "waiting": waiting}
    return render(request, "jobs/export_job.html", context)


@login_required
def export_job_status(request, pk):
    job = access_export_job(request.user, pk)
    count = _("已写入 %(d)d/%(t)d 行") % {"d": job.done, "t": job.total} if job.total else ""
    return JsonResponse(
        {
            "status": job.status,
            "status_display": job.get_status_display(),
            "done": job.done,
            "total": job.total,
            "percent": job.percent,
            "count_display": count,
        }
    )


@login_required
def export_job_download(request, pk):
    job = access_export_job(request.user, pk)
    if job.status != ExportStatus.DONE or not job.file:
        raise Http404
    with job.file.open("rb") as handle:
        return attachment(handle.read(), job.filename)


urlpatterns = [
    path("imports/<int:pk>/", import_job, name="import_job"),
    path("imports/<int:pk>/status.json", import_job_status, name="import_job_status"),
    path("exports/<int:pk>/", export_job, name="export_job"),
    path("exports/<int:pk>/status.json", export_job_status, name="export_job_status"),
    path("exports/<int:pk>/download.xlsx", export_job_download, name="export_job_download"),
]
