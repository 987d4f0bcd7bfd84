"""The background tasks that run an import or build an export; the work itself is in `services`."""

from django.tasks import task

from .services import run_export_job, run_import_job


@task
def run_import(job_id: int) -> str:
    return run_import_job(job_id=job_id).status


@task
def run_export(job_id: int) -> str:
    return run_export_job(job_id=job_id).status
