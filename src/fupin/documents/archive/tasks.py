"""The background task that builds an archive; the work itself is `services.run_archive_job`, so the
task backend, `fupin archive build` and cron all run the same code."""

from django.tasks import task

from .services import run_archive_job


@task
def build_archive_job(job_id: int) -> str:
    return run_archive_job(job_id=job_id).status
