"""An import's progress while its transaction is open, put where the job's page can see it.

Written on the import's own connection, progress would stay invisible until the import commits, so the bar
would stop after the first chunk. On PostgreSQL it goes through a second connection of its own, committed at
once; it never waits for a lock (a job row locked by someone else is skipped: progress is only a hint). On
SQLite the one writer is the import itself, so the figures go to a small file beside the database, replaced
whole each time, read by the job's page, and removed when the run ends.
"""

import json
import logging
import os
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connection, connections

from .models import ImportJob, ImportStatus

log = logging.getLogger(__name__)


def _file(job_id: int) -> Path:
    return Path(settings.VAR_DIR) / "import-progress" / f"{job_id}.json"


class LiveProgress:
    """The running attempt's rows done out of the total, put aside while the import's transaction is open."""

    def __init__(self, job: ImportJob) -> None:
        self.job, self.given_up = job, False
        self.side: Any = None  # the second connection, opened on the first write

    def write(self, done: int, total: int) -> None:
        """Best effort: progress that cannot be put aside is given up, never the import."""
        if self.given_up:
            return
        try:
            self._put(done, total)
        except (DatabaseError, OSError):
            log.warning("import job %s: progress could not be put aside; the bar waits for the end", self.job.pk)
            self.given_up = True

    def _put(self, done: int, total: int) -> None:
        if connection.vendor == "postgresql":
            self._update(done, total)
            return
        path = _file(self.job.pk)
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".partial")
        partial.write_text(json.dumps({"attempt": self.job.attempt, "done": done, "total": total}))
        os.replace(partial, path)  # a reader sees the old figures or the new, never half a file

    def _update(self, done: int, total: int) -> None:
        if self.side is None:
            self.side = connections.create_connection(DEFAULT_DB_ALIAS)  # autocommit: seen at once
        table = self.side.ops.quote_name(ImportJob._meta.db_table)
        query = (
            f"UPDATE {table} SET done = %s, total = %s WHERE id = (SELECT id FROM {table}"  # nosec B608: own table
            " WHERE id = %s AND attempt = %s AND status = %s FOR UPDATE SKIP LOCKED)"
        )
        with self.side.cursor() as cursor:
            cursor.execute(query, [done, total, self.job.pk, self.job.attempt, ImportStatus.RUNNING])

    def close(self) -> None:
        if self.side is not None:
            self.side.close()
            self.side = None
        _file(self.job.pk).unlink(missing_ok=True)


def with_live_progress(job: ImportJob) -> ImportJob:
    """The job with the progress its running attempt has put aside on SQLite (on PostgreSQL the job's row
    already holds it)."""
    if job.status != ImportStatus.RUNNING or connection.vendor == "postgresql":
        return job
    try:
        figures = json.loads(_file(job.pk).read_text())
    except (OSError, ValueError):
        return job
    if figures.get("attempt") == job.attempt and 0 <= figures["done"] <= figures["total"]:
        job.done, job.total = int(figures["done"]), int(figures["total"])
    return job
