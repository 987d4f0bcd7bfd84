"""The archive's writes: queue a build, run one (whoever runs it: the task, cron, a command), record a
direct download. A build either ends with a whole file or with none and the error."""

import logging
import os
import tempfile
from functools import partial

from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from fupin.audit.models import AuditAction
from fupin.audit.services import record_for
from fupin.campaigns.models import Campaign
from fupin.orgs.models import Unit

from ..models import ArchiveJob, ArchiveStatus
from .contents import archive_filename, build_archive, count_entries

log = logging.getLogger(__name__)
PROGRESS_EVERY = 0.5  # seconds between progress writes, so a big archive does not write a row per file


@transaction.atomic
def request_archive(*, by, campaign: Campaign, unit: Unit) -> ArchiveJob:
    """Queue a build of the campaign's archive for the unit's subtree; a build of the same archive for the
    same person that is still queued or running is returned instead of a second one."""
    busy = ArchiveJob.objects.select_for_update().filter(
        campaign=campaign, unit=unit, requested_by=by, status__in=[ArchiveStatus.QUEUED, ArchiveStatus.RUNNING]
    )
    if (existing := busy.first()) is not None:
        return existing
    job = ArchiveJob.objects.create(campaign=campaign, unit=unit, requested_by=by, total=count_entries(campaign, unit))
    record_for(by, AuditAction.EXPORT, job, unit, {"campaign": [None, campaign.title]}, note="存档备查")
    from .tasks import build_archive_job  # the task module imports this one

    transaction.on_commit(partial(build_archive_job.enqueue, job.pk))
    return job


def record_direct_download(*, by, campaign: Campaign, unit: Unit) -> None:
    """A small archive streamed straight to the browser is an export like any other."""
    record_for(by, AuditAction.EXPORT, campaign, unit, {}, note="存档备查(直接下载)")


def _claim(job_id: int) -> ArchiveJob | None:
    """Take a queued job; None when another runner has it already (cron and the task may race)."""
    taken = ArchiveJob.objects.filter(pk=job_id, status=ArchiveStatus.QUEUED).update(
        status=ArchiveStatus.RUNNING, started_at=timezone.now(), done=0
    )
    return ArchiveJob.objects.select_related("campaign__unit", "unit", "requested_by").get(pk=job_id) if taken else None


class _Progress:
    def __init__(self, job_id: int) -> None:
        self.job_id, self.last = job_id, 0.0

    def __call__(self, done: int, total: int) -> None:
        now = timezone.now().timestamp()
        if done == total or now - self.last >= PROGRESS_EVERY:
            ArchiveJob.objects.filter(pk=self.job_id).update(done=done, total=total)
            self.last = now


def _write_temp(job: ArchiveJob) -> tuple[str, int]:
    """The whole archive in a temporary file beside the media root, chunk by chunk."""
    handle, temp_path = tempfile.mkstemp(prefix="archive-", suffix=".zip.part")
    size = 0
    try:
        with os.fdopen(handle, "wb") as out:
            for chunk in build_archive(job.campaign, job.unit, job.requested_by, progress=_Progress(job.pk)):
                out.write(chunk)
                size += len(chunk)
    except BaseException:
        os.unlink(temp_path)
        raise
    return temp_path, size


def run_archive_job(*, job_id: int) -> ArchiveJob:
    """Build a queued job's archive. On any error the job is failed with the message and no file is kept."""
    job = _claim(job_id)
    if job is None:
        return ArchiveJob.objects.get(pk=job_id)
    stored = ""
    try:
        temp_path, size = _write_temp(job)
        try:
            with open(temp_path, "rb") as temp:
                name = f"archives/{timezone.now():%Y/%m}/{job.pk}-{archive_filename(job.campaign, job.unit)}"
                stored = default_storage.save(name, File(temp))
        finally:
            os.unlink(temp_path)
        ArchiveJob.objects.filter(pk=job.pk).update(
            status=ArchiveStatus.DONE, file=stored, size=size, finished_at=timezone.now(), error=""
        )
    except Exception as exc:
        log.exception("archive job %s failed", job.pk)
        if stored:
            default_storage.delete(stored)
        ArchiveJob.objects.filter(pk=job.pk).update(
            status=ArchiveStatus.FAILED,
            file="",
            error=str(exc)[:2000] or exc.__class__.__name__,
            finished_at=timezone.now(),
        )
    job.refresh_from_db()
    return job
