"""存档备查 pages: a campaign's archive builds for a unit subtree with their progress, queueing a build,
its status for the progress bar, its download, and a small archive streamed at once."""

from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, JsonResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fupin.campaigns.permissions import access_campaign
from fupin.orgs.permissions import access_unit

from ..archive import contents, selectors
from ..archive.services import record_direct_download, request_archive
from ..models import ArchiveStatus
from ..permissions import access_archive_job

DIRECT_MAX_BYTES = 100 * 1024 * 1024  # above this the archive is built in the background


def _direct_limit() -> int:
    return getattr(settings, "FUPIN_ARCHIVE_DIRECT_MAX_BYTES", DIRECT_MAX_BYTES)


def _scope(request, pk):
    """The campaign (seen by the user) and the unit whose subtree is archived (?unit=, or the user's own)."""
    campaign = access_campaign(request.user, pk)
    wanted = request.GET.get("unit") or request.POST.get("unit") or ""
    if wanted:
        if not wanted.isdigit():
            raise Http404
        return campaign, access_unit(request.user, int(wanted), "archive.view")
    unit = selectors.default_archive_unit(request.user, campaign)
    if unit is None:
        raise Http404
    return campaign, unit


def _disposition(filename: str) -> str:
    return f"attachment; filename=\"archive.zip\"; filename*=UTF-8''{quote(filename)}"


@login_required
def campaign_archive(request, pk):
    campaign, unit = _scope(request, pk)
    files, size = selectors.archive_file_totals(campaign, unit)
    context = {
        "campaign": campaign,
        "unit": unit,
        "jobs": selectors.mark_rebuildable(selectors.campaign_archive_jobs(request.user, campaign)[:20]),
        "files": files,
        "size": size,
        "can_stream": size <= _direct_limit(),
    }
    return render(request, "documents/campaign_archive.html", context)


@login_required
@require_POST
def build_archive(request, pk):
    campaign, unit = _scope(request, pk)
    request_archive(by=request.user, campaign=campaign, unit=unit)
    messages.success(request, _("已开始生成存档,完成后可在下方下载"))
    return redirect(f"{reverse('campaign_archive', args=[campaign.pk])}?unit={unit.pk}")


@login_required
def campaign_archive_download(request, pk):
    campaign, unit = _scope(request, pk)
    if selectors.archive_file_totals(campaign, unit)[1] > _direct_limit():
        messages.info(request, _("材料较多,请在后台生成存档后下载"))
        return redirect(f"{reverse('campaign_archive', args=[campaign.pk])}?unit={unit.pk}")
    record_direct_download(by=request.user, campaign=campaign, unit=unit)
    response = StreamingHttpResponse(
        contents.build_archive(campaign, unit, request.user), content_type="application/zip"
    )
    response["Content-Disposition"] = _disposition(contents.archive_filename(campaign, unit))
    return response


@login_required
def archive_job_status(request, pk):
    job = selectors.mark_rebuildable([access_archive_job(request.user, pk)])[0]
    done = job.status == ArchiveStatus.DONE
    return JsonResponse(
        {
            "status": "stale" if job.is_stale else job.status,
            "status_display": _("已中断") if job.is_stale else job.get_status_display(),
            "done": job.done,
            "total": job.total,
            "percent": job.percent,
            "error": job.error,
            "download": reverse("archive_job_download", args=[job.pk]) if done else None,
        }
    )


@login_required
def archive_job_download(request, pk):
    job = access_archive_job(request.user, pk)
    if job.status != ArchiveStatus.DONE or not job.file:
        raise Http404
    response = FileResponse(job.file.open("rb"), content_type="application/zip")
    response["Content-Disposition"] = _disposition(contents.archive_filename(job.campaign, job.unit))
    return response


urlpatterns = [
    path("campaigns/<int:pk>/archive/", campaign_archive, name="campaign_archive"),
    path("campaigns/<int:pk>/archive/build/", build_archive, name="build_archive"),
    path("campaigns/<int:pk>/archive.zip", campaign_archive_download, name="campaign_archive_download"),
    path("archive-jobs/<int:pk>/status.json", archive_job_status, name="archive_job_status"),
    path("archive-jobs/<int:pk>/download/", archive_job_download, name="archive_job_download"),
]
