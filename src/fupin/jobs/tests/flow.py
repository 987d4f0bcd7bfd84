"""Uploading a sheet on an import page, in tests: the job runs (immediate backend) when the upload commits."""

from django.urls import reverse

from fupin.audit.models import AuditEvent
from fupin.jobs.models import ImportJob


def run_upload(client, name: str, data: dict, capture):
    """POST the upload page `name`, run its job, and open the job's page: (the page, the job)."""
    with capture(execute=True):
        response = client.post(reverse(name), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    job = ImportJob.objects.latest("pk")
    assert response["Location"] == reverse("import_job", args=[job.pk])
    return client.get(response["Location"]), job


def audit_without_uploads() -> int:
    """The audit trail's length without the rows recording an upload itself (those are the job's own)."""
    return AuditEvent.objects.exclude(target_type="jobs.importjob").count()
