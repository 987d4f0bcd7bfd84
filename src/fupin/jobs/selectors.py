"""Import jobs as the upload pages list them: the latest of one kind that the person may see."""

from fupin.orgs.policy import AnyUser

from .models import ImportJob
from .permissions import import_jobs_q

RECENT = 10


def recent_import_jobs(user: AnyUser, kind: str, options: dict[str, object] | None = None) -> list[ImportJob]:
    """`options` narrows them to one object's imports (the drive a sheet was for)."""
    narrowed = {f"options__{key}": value for key, value in (options or {}).items()}
    jobs = ImportJob.objects.filter(import_jobs_q(user), kind=kind, **narrowed).select_related("requested_by")
    return list(jobs.order_by("-created_at", "-id")[:RECENT])
