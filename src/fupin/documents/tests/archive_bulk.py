"""Many uploads of incompressible bytes, written straight into the tables: data for the memory test and
the benchmark (no image checks, so thousands of files are quick to make)."""

import hashlib
import os

from django.core.files.base import ContentFile
from django.utils import timezone

from fupin.campaigns.models import Submission, SubmissionFile, Task


def bulk_uploads(task: Task, by, *, files: int, size: int) -> int:
    """`files` uploads of `size` random bytes in one version of the task; returns the bytes written."""
    submission = Submission.objects.create(
        task=task, version=1, text="批量材料", submitted_by=by, submitted_at=timezone.now()
    )
    for n in range(files):
        data = os.urandom(size)
        digest = hashlib.sha256(data).hexdigest()
        SubmissionFile.objects.create(
            submission=submission,
            kind="document",
            file=ContentFile(data, name=f"{digest[:32]}.pdf"),
            original_name=f"材料{n}.pdf",
            content_type="application/pdf",
            size=size,
            sha256=digest,
        )
    return files * size
