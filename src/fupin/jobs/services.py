"""Import jobs' writes: queue an uploaded sheet, run a queued job (whoever runs it: the worker, or the
immediate backend in tests), record its progress and its end.

A worker killed mid-run wrote nothing (the import writes in one transaction at its end); the worker's requeue
runs the task again, and the job is taken again from where it stood. Each run bumps `attempt` and writes
only to its own attempt, so a run that lost its job keeps nothing.
"""

from __future__ import annotations

import logging
import time
import uuid
from functools import partial

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from fupin.audit.models import AuditAction
from fupin.audit.services import record_for
from fupin.lib.forms import hidden_rows_message
from fupin.lib.sheet_import import SheetRowErrors
from fupin.lib.uploads import display_name
from fupin.lib.xlsx import SheetError, hidden_places
from fupin.orgs.models import Unit, User
from fupin.orgs.policy import paths_for

from .models import ImportJob, ImportStatus
from .registry import ITEMS_SHOWN, ImportOutcome, importer_for

log = logging.getLogger(__name__)
PROGRESS_EVERY = 0.5  # seconds between progress writes, so a big sheet does not write a row per row


def _importing_unit(by: User, action: str) -> Unit | None:
    """The unit a job belongs to: the importer's highest unit where they may import (none for a superuser
    without one, whose jobs only superusers see)."""
    paths = paths_for(by, action)
    return Unit.objects.filter(path=paths[0]).first() if paths else None


@transaction.atomic
def start_import(*, by: User, kind: str, upload: UploadedFile[bytes], options: dict[str, str]) -> ImportJob:
    """Keep the uploaded sheet privately and queue its import; the person follows it on the job's page."""
    from .tasks import run_import  # the task module imports this one

    importer = importer_for(kind)
    unit = _importing_unit(by, importer.action)
    job = ImportJob(
        kind=kind, unit=unit, requested_by=by, filename=display_name(upload.name or "")[:200], options=options
    )
    job.file.save(f"{uuid.uuid4().hex}.xlsx", upload, save=False)
    job.save()
    note = _("上传待导入:%(t)s %(f)s") % {"t": importer.title, "f": job.filename}
    record_for(by, AuditAction.CREATE, job, unit or Unit(name="", path=""), note=note)
    transaction.on_commit(partial(run_import.enqueue, job.pk))
    return job


class _Superseded(Exception):
    """The job was taken by another run while this one was stalled."""


def _claim(job_id: int) -> ImportJob | None:
    """Take a queued job, or one left running by a worker that was killed; None when it has ended."""
    job = ImportJob.objects.filter(pk=job_id).first()
    if job is None or job.status not in (ImportStatus.QUEUED, ImportStatus.RUNNING):
        return None
    taken = ImportJob.objects.filter(pk=job_id, attempt=job.attempt, status=job.status).update(
        status=ImportStatus.RUNNING, started_at=timezone.now(), done=0, attempt=F("attempt") + 1
    )
    return ImportJob.objects.select_related("requested_by").get(pk=job_id) if taken else None


def _mine(job: ImportJob) -> QuerySet[ImportJob]:
    """The job's row while this run still owns it."""
    return ImportJob.objects.filter(pk=job.pk, attempt=job.attempt, status=ImportStatus.RUNNING)


class JobProgress:
    """Rows checked out of the total, written at most every PROGRESS_EVERY; the end written with the rows."""

    def __init__(self, job: ImportJob) -> None:
        self.job, self.last = job, 0.0

    def rows(self, done: int, total: int) -> None:
        now = time.monotonic()
        if done == total or now - self.last >= PROGRESS_EVERY:
            if transaction.get_connection().in_atomic_block:
                return  # inside the import's own transaction nobody else would see it
            if not _mine(self.job).update(done=min(done, total), total=total):
                raise _Superseded
            self.last = now

    def written(self, outcome: ImportOutcome) -> None:
        """Called inside the import's transaction: the job ends done in the same commit as its rows."""
        finished = {
            "status": ImportStatus.DONE,
            "summary": [[str(label), count] for label, count in outcome.summary],
            "items": [str(item) for item in outcome.items[:ITEMS_SHOWN]],
            "errors": [],
            "finished_at": timezone.now(),
        }
        if not _mine(self.job).update(done=F("total"), **finished):
            raise _Superseded  # rolls the import back: the run that took over writes it


def _fail(job: ImportJob, errors: list[str]) -> None:
    _mine(job).update(status=ImportStatus.FAILED, errors=errors, finished_at=timezone.now())


def _run(job: ImportJob) -> None:
    importer = importer_for(job.kind)
    with job.file.open("rb") as handle:
        data = handle.read()
    if not job.options.get("include_hidden") and (places := hidden_places(data)):
        raise SheetError(hidden_rows_message(places))
    importer.run(by=job.requested_by, data=data, filename=job.filename, options=job.options, progress=JobProgress(job))


def run_import_job(*, job_id: int) -> ImportJob:
    """Run a queued import: done with its counts, or failed with every reason and nothing written."""
    job = _claim(job_id)
    if job is None:
        return ImportJob.objects.get(pk=job_id)
    with translation.override(str(job.options.get("language") or "zh-hans")):
        try:
            _run(job)
        except _Superseded:
            log.warning("import job %s attempt %s was taken over; its run is dropped", job.pk, job.attempt)
            return ImportJob.objects.get(pk=job_id)
        except SheetRowErrors as exc:
            _fail(job, exc.errors)
        except SheetError as exc:
            _fail(job, [str(exc)])
        except Exception:
            log.exception("import job %s failed", job.pk)
            _fail(job, [_("导入时发生内部错误,未导入任何数据;请稍后重新上传,或联系管理员")])
    _drop_file(job)
    return ImportJob.objects.get(pk=job_id)


def _drop_file(job: ImportJob) -> None:
    """The sheet may hold personal data: it is kept only until its job has ended."""
    if job.file:
        job.file.delete(save=False)
        ImportJob.objects.filter(pk=job.pk).update(file="")
