"""The archive's writes: queue a build, run one (whoever runs it: the task, cron, a command), take over a
build whose runner died, record a direct download. A build either ends with a whole file or with none and
the error.

A runner beats (`heartbeat_at`) while it builds; a running job whose heartbeat is older than
`selectors.stale_after()` lost its runner (the process was killed) and is queued again from nothing, its partial
file removed. Each claim bumps `attempt` and a runner writes only to its own attempt, so a runner that was
only stalled and wakes up after the takeover stops and keeps nothing.
"""

import contextlib
import glob
import logging
import os
import tempfile
from functools import partial

from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone

from fupin.audit.models import AuditAction
from fupin.audit.services import record_for
from fupin.campaigns.models import Campaign
from fupin.orgs.models import Unit, User

from ..models import ArchiveJob, ArchiveStatus
from . import selectors
from .contents import archive_filename, build_archive, count_entries

log = logging.getLogger(__name__)
PROGRESS_EVERY = 0.5  # seconds between progress writes, so a big archive does not write a row per file
HEARTBEAT_EVERY = 20.0  # seconds between heartbeats while one big upload is copied


@transaction.atomic
def request_archive(*, by: User, campaign: Campaign, unit: Unit) -> ArchiveJob:
    """Queue a build of the campaign's archive for the unit's subtree; a build of the same archive for the
    same person that is still queued or running is returned instead of a second one."""
    from .tasks import build_archive_job  # the task module imports this one

    for pk in take_over_stale_jobs(campaign=campaign, unit=unit):  # a build killed mid-way starts again
        transaction.on_commit(partial(build_archive_job.enqueue, pk))
    busy = ArchiveJob.objects.select_for_update().filter(
        campaign=campaign, unit=unit, requested_by=by, status__in=[ArchiveStatus.QUEUED, ArchiveStatus.RUNNING]
    )
    if (existing := busy.first()) is not None:
        return existing
    job = ArchiveJob.objects.create(campaign=campaign, unit=unit, requested_by=by, total=count_entries(campaign, unit))
    record_for(by, AuditAction.EXPORT, job, unit, {"campaign": [None, campaign.title]}, note="存档备查")
    transaction.on_commit(partial(build_archive_job.enqueue, job.pk))
    return job


def _partials(job_id: int) -> list[str]:
    return glob.glob(os.path.join(tempfile.gettempdir(), f"archive-{job_id}-*.zip.part"))


def take_over_stale_jobs(*, campaign: Campaign | None = None, unit: Unit | None = None) -> list[int]:
    """Queue again the running builds whose heartbeat stopped (optionally of one campaign and subtree), with
    their partial files removed; returns their ids. Conditional on the attempt, so two takers take once."""
    cutoff = timezone.now() - selectors.stale_after()
    taken = []
    for job in selectors.stale_jobs(cutoff, campaign=campaign, unit=unit):
        requeued = selectors.stale_jobs(cutoff).filter(pk=job.pk, attempt=job.attempt)
        if not requeued.update(status=ArchiveStatus.QUEUED, done=0, started_at=None, heartbeat_at=None, file=""):
            continue
        for path in _partials(job.pk):
            with contextlib.suppress(FileNotFoundError):
                os.unlink(path)
        if job.file:
            default_storage.delete(str(job.file.name))
        log.warning("archive job %s: runner stopped (attempt %s), queued again", job.pk, job.attempt)
        taken.append(job.pk)
    return taken


def record_direct_download(*, by: User, campaign: Campaign, unit: Unit) -> None:
    """A small archive streamed straight to the browser is an export like any other."""
    record_for(by, AuditAction.EXPORT, campaign, unit, {}, note="存档备查(直接下载)")


class _Superseded(Exception):
    """The job was taken over by another runner while this one was stalled."""


def _claim(job_id: int) -> ArchiveJob | None:
    """Take a queued job; None when another runner has it already (cron and the task may race)."""
    now = timezone.now()
    taken = ArchiveJob.objects.filter(pk=job_id, status=ArchiveStatus.QUEUED).update(
        status=ArchiveStatus.RUNNING, started_at=now, heartbeat_at=now, done=0, attempt=F("attempt") + 1
    )
    return ArchiveJob.objects.select_related("campaign__unit", "unit", "requested_by").get(pk=job_id) if taken else None


def _mine(job: ArchiveJob) -> QuerySet[ArchiveJob]:
    """The job's row while this runner still owns it."""
    return ArchiveJob.objects.filter(pk=job.pk, attempt=job.attempt, status=ArchiveStatus.RUNNING)


class _Progress:
    """Writes progress (at most every PROGRESS_EVERY) and the heartbeat; stops a runner that lost its job."""

    def __init__(self, job: ArchiveJob) -> None:
        self.job, self.last, self.beat_at = job, 0.0, timezone.now().timestamp()
        self.done = self.total = 0

    def __call__(self, done: int, total: int) -> None:
        self.done, self.total = done, total
        now = timezone.now().timestamp()
        if done == total or now - self.last >= PROGRESS_EVERY:
            self._write(now)
            self.last = now

    def beat(self) -> None:
        now = timezone.now().timestamp()
        if now - self.beat_at >= HEARTBEAT_EVERY:
            self._write(now)

    def _write(self, now: float) -> None:
        fields = {"heartbeat_at": timezone.now()} | ({"done": self.done, "total": self.total} if self.total else {})
        if not _mine(self.job).update(**fields):
            raise _Superseded
        self.beat_at = now


def _write_temp(job: ArchiveJob) -> tuple[str, int]:
    """The whole archive in a temporary file named after the job (so a taker can remove it), chunk by chunk."""
    handle, temp_path = tempfile.mkstemp(prefix=f"archive-{job.pk}-", suffix=".zip.part")
    progress = _Progress(job)
    size = 0
    try:
        with os.fdopen(handle, "wb") as out:
            for chunk in build_archive(job.campaign, job.unit, job.requested_by, progress=progress):
                out.write(chunk)
                size += len(chunk)
                progress.beat()
    except BaseException:
        with contextlib.suppress(FileNotFoundError):  # a taker may have removed it already
            os.unlink(temp_path)
        raise
    return temp_path, size


def _store(job: ArchiveJob, temp_path: str) -> str:
    try:
        with open(temp_path, "rb") as temp:
            name = f"archives/{timezone.now():%Y/%m}/{job.pk}-{archive_filename(job.campaign, job.unit)}"
            return default_storage.save(name, File(temp))
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp_path)


def run_archive_job(*, job_id: int) -> ArchiveJob:
    """Build a queued job's archive. On any error the job is failed with the message and no file is kept;
    a runner that lost the job to a taker keeps nothing and leaves the job to it."""
    job = _claim(job_id)
    if job is None:
        return ArchiveJob.objects.get(pk=job_id)
    stored = ""
    try:
        temp_path, size = _write_temp(job)
        stored = _store(job, temp_path)
        finished = {"status": ArchiveStatus.DONE, "file": stored, "size": size, "error": ""}
        if not _mine(job).update(**finished, finished_at=timezone.now(), heartbeat_at=timezone.now()):
            raise _Superseded
    except _Superseded:
        log.warning("archive job %s attempt %s was taken over; its output is dropped", job.pk, job.attempt)
        if stored:
            default_storage.delete(stored)
    except Exception as exc:
        log.exception("archive job %s failed", job.pk)
        if stored:
            default_storage.delete(stored)
        _mine(job).update(
            status=ArchiveStatus.FAILED,
            file="",
            error=str(exc)[:2000] or exc.__class__.__name__,
            finished_at=timezone.now(),
        )
    job.refresh_from_db()
    return job
