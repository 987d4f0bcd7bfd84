"""The background task that runs an import; the work itself is `services.run_import_job`."""

from django.tasks import task

from .services import run_import_job


@task
def run_import(job_id: int) -> str:
    return run_import_job(job_id=job_id).status
