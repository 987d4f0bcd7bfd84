"""What a load balancer asks an app server: is the process alive, and can it serve (database, storage)?"""

import time
import uuid
from datetime import UTC, datetime
from typing import Any

from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.db.models import Min, Q

PROBE_FOLDER = "readyz"
# The database task backend's queue (django-tasks-db), when it is installed and migrated.
TASK_APP, TASK_MODEL, TASK_READY = "django_tasks_db", "DBTaskResult", "READY"
NO_RUN_AFTER = datetime(9999, 1, 1, tzinfo=UTC)


def readiness() -> tuple[bool, dict[str, Any]]:
    """Ready when the database answers and the file storage takes a write; the queue age is reported, not judged
    (a stalled worker must not take every app server out of the balancer)."""
    database = _timed(_database)
    checks = {"database": database, "storage": _timed(_storage)}
    if database["ok"]:
        try:
            checks["task_queue"] = _task_queue()
        except DatabaseError as exc:  # a queue table of another shape: report it, the site can still serve
            checks["task_queue"] = {"ok": True, "configured": True, "error": type(exc).__name__}
    ready = all(check["ok"] for check in checks.values())
    return ready, {"status": "ok" if ready else "unavailable", "checks": checks}


def _timed(check: Any) -> dict[str, Any]:
    started = time.perf_counter()
    try:
        check()
    except (DatabaseError, OSError) as exc:
        return {"ok": False, "error": type(exc).__name__, "ms": _ms(started)}
    return {"ok": True, "ms": _ms(started)}


def _ms(started: float) -> float:
    return round((time.perf_counter() - started) * 1000, 1)


def _database() -> None:
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _storage() -> None:
    name = default_storage.save(f"{PROBE_FOLDER}/{uuid.uuid4().hex}.txt", ContentFile(b"ready"))
    default_storage.delete(name)


def _queue_model() -> Any:
    try:
        return apps.get_model(TASK_APP, TASK_MODEL)
    except LookupError:
        return None


def _task_queue() -> dict[str, Any]:
    """Age in seconds of the oldest task waiting for a worker; read defensively so it works with no queue."""
    model = _queue_model()
    if model is None:
        return {"ok": True, "configured": False}
    connection = connections[DEFAULT_DB_ALIAS]
    with connection.cursor() as cursor:
        if model._meta.db_table not in connection.introspection.table_names(cursor):
            return {"ok": True, "configured": False}
    now = datetime.now(UTC)
    unscheduled = Q(run_after=NO_RUN_AFTER) | Q(run_after__isnull=True)
    waiting = model._default_manager.filter(Q(status=TASK_READY) & (unscheduled | Q(run_after__lte=now)))
    figures = waiting.aggregate(
        enqueued=Min("enqueued_at", filter=unscheduled), due=Min("run_after", filter=~unscheduled)
    )
    times = [at for at in (figures["enqueued"], figures["due"]) if at is not None]
    age = round((now - min(times)).total_seconds(), 1) if times else 0.0
    return {"ok": True, "configured": True, "waiting": waiting.count(), "oldest_seconds": age}
