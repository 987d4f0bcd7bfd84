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
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
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
from fupin.orgs.policy import can, paths_for

from .live_progress import LiveProgress
from .models import ExportJob, ExportStatus, ImportJob, ImportStatus
from .registry import ITEMS_SHOWN, ImportOutcome, exporter_for, importer_for

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
    """Rows checked out of the total, written at most every PROGRESS_EVERY; the end written with the rows.

    Before the import's transaction opens, progress goes to the job's row like any write. Inside it, that
    write would stay unseen until the commit, so progress goes aside (`fupin.jobs.live_progress`): through a
    connection of its own on PostgreSQL, to a file beside the database on SQLite, whose one writer is busy
    with the import. What the import writes stays one transaction."""

    def __init__(self, job: ImportJob) -> None:
        self.job, self.last = job, 0.0
        self.aside = LiveProgress(job)
        self.reported: tuple[int, int] | None = None  # the last figures, written with the end

    def rows(self, done: int, total: int) -> None:
        self.reported = (min(done, total), total)
        now = time.monotonic()
        if done != total and now - self.last < PROGRESS_EVERY:
            return
        if transaction.get_connection().in_atomic_block:
            self.aside.write(min(done, total), total)
        elif not _mine(self.job).update(done=min(done, total), total=total):
            raise _Superseded
        self.last = now

    def close(self) -> None:
        self.aside.close()

    def written(self, outcome: ImportOutcome) -> None:
        """Called inside the import's transaction: the job ends done in the same commit as its rows."""
        finished = {
            "status": ImportStatus.DONE,
            "summary": [[str(label), count] for label, count in outcome.summary],
            "items": [str(item) for item in outcome.items[:ITEMS_SHOWN]],
            "errors": [],
            "finished_at": timezone.now(),
        }
        done, total = self.reported or (F("total"), F("total"))
        if not _mine(self.job).update(done=done, total=total, **finished):
            raise _Superseded  # rolls the import back: the run that took over writes it


def _fail(job: ImportJob, errors: list[str]) -> None:
    _mine(job).update(status=ImportStatus.FAILED, errors=errors, finished_at=timezone.now())


def _run(job: ImportJob) -> None:
    importer = importer_for(job.kind)
    with job.file.open("rb") as handle:
        data = handle.read()
    if not job.options.get("include_hidden") and (places := hidden_places(data)):
        raise SheetError(hidden_rows_message(places))
    progress = JobProgress(job)
    try:
        importer.run(by=job.requested_by, data=data, filename=job.filename, options=job.options, progress=progress)
    finally:
        progress.close()


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


# ---------------------------------------------------------------- exports
#
# An export the page would take too long to answer is queued instead: the worker builds the same workbook
# from the same filters (and the same "now") as the page would, stores it privately, and the person
# downloads it from the job's page. A run that lost its job to a retry keeps no file.


@transaction.atomic
def start_export(*, by: User, kind: str, unit: Unit, params: dict[str, Any], title: str) -> ExportJob:
    """Queue an export over `unit`'s subtree; the person follows it on the job's page."""
    from .tasks import run_export  # the task module imports this one

    exporter = exporter_for(kind)
    if not can(by, exporter.action, unit.path):  # a receiving office exporting the issuing office's tree
        unit = _importing_unit(by, exporter.action) or unit
    job = ExportJob.objects.create(kind=kind, unit=unit, requested_by=by, title=title[:200], params=params)
    note = _("申请导出:%(t)s") % {"t": job.title}
    record_for(by, AuditAction.CREATE, job, unit, note=note)
    log.info("export job %s (%s) queued for %s", job.pk, exporter.kind, unit.path)
    transaction.on_commit(partial(run_export.enqueue, job.pk))
    return job


def _claim_export(job_id: int) -> ExportJob | None:
    """Take a queued export, or one left running by a worker that was killed; None when it has ended."""
    job = ExportJob.objects.filter(pk=job_id).first()
    if job is None or job.status not in (ExportStatus.QUEUED, ExportStatus.RUNNING):
        return None
    taken = ExportJob.objects.filter(pk=job_id, attempt=job.attempt, status=job.status).update(
        status=ExportStatus.RUNNING, started_at=timezone.now(), done=0, attempt=F("attempt") + 1
    )
    return ExportJob.objects.select_related("requested_by").get(pk=job_id) if taken else None


def _mine_export(job: ExportJob) -> QuerySet[ExportJob]:
    return ExportJob.objects.filter(pk=job.pk, attempt=job.attempt, status=ExportStatus.RUNNING)


class ExportJobProgress:
    """Rows written out of the total, recorded at most every PROGRESS_EVERY."""

    def __init__(self, job: ExportJob) -> None:
        self.job, self.last = job, 0.0

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if done == total or now - self.last >= PROGRESS_EVERY:
            if not _mine_export(self.job).update(done=min(done, total), total=total):
                raise _Superseded
            self.last = now


def _finish_export(job: ExportJob) -> None:
    built = exporter_for(job.kind).build(by=job.requested_by, params=job.params, progress=ExportJobProgress(job))
    stored = default_storage.save(f"exports/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.xlsx", ContentFile(built.content))
    finished = {"file": stored, "filename": built.filename[:200], "finished_at": timezone.now()}
    if not _mine_export(job).update(status=ExportStatus.DONE, done=F("total"), **finished):
        default_storage.delete(stored)
        raise _Superseded


def run_export_job(*, job_id: int) -> ExportJob:
    """Build a queued export and keep its file privately: done, or failed with a Chinese reason and no file."""
    job = _claim_export(job_id)
    if job is None:
        return ExportJob.objects.get(pk=job_id)
    with translation.override("zh-hans"):
        try:
            _finish_export(job)
        except _Superseded:
            log.warning("export job %s attempt %s was taken over; its run is dropped", job.pk, job.attempt)
        except Exception:
            log.exception("export job %s failed", job.pk)
            reason = _("生成导出文件时发生内部错误,未生成文件;请稍后重新导出,或联系管理员")
            _mine_export(job).update(status=ExportStatus.FAILED, error=reason, finished_at=timezone.now())
    return ExportJob.objects.get(pk=job_id)
