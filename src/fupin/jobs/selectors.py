"""Import jobs as the upload pages list them: the latest of one kind that the person may see."""

from fupin.orgs.policy import AnyUser

from .models import ImportJob
from .permissions import import_jobs_q

RECENT = 10


def recent_import_jobs(user: AnyUser, kind: str) -> list[ImportJob]:
    jobs = ImportJob.objects.filter(import_jobs_q(user), kind=kind).select_related("requested_by")
    return list(jobs.order_by("-created_at", "-id")[:RECENT])
