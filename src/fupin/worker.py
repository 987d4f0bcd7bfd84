"""`fupin worker`: runs the background work (archive builds, reminder mail, imports) stored in the database.

It is django-tasks-db's worker with one addition: the work of a worker that died is put back in the queue.
A worker names itself `host:pid:random`; a task still marked running whose worker was on this machine and whose
process is gone, or that has run longer than `FUPIN_TASK_LEASE_SECONDS` (its worker was on another machine and
went silent), goes back to the queue; after `MAX_ATTEMPTS` runs it is marked failed instead. Every task the product
enqueues is safe to run twice (reminders are locked and mailed once; an archive build takes over its own job).
"""

import logging
import os
import socket
import threading
from datetime import timedelta

from django.conf import settings
from django.db import close_old_connections, connection, transaction
from django.tasks import TaskResultStatus
from django.utils import timezone
from django.utils.crypto import get_random_string
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 3
SWEEP_EVERY = 30.0  # seconds between looks for abandoned work


def host_name() -> str:
    return socket.gethostname()[:40]


def new_worker_id() -> str:
    return f"{host_name()}:{os.getpid()}:{get_random_string(8)}"


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive
        return True
    return True


def worker_gone(worker_id: str) -> bool:
    """True when the worker ran on this machine and its process no longer exists."""
    host, _, rest = worker_id.partition(":")
    pid = rest.partition(":")[0]
    return host == host_name() and pid.isdigit() and not _process_alive(int(pid))


def _abandoned(row: DBTaskResult, cutoff) -> bool:
    last = row.worker_ids[-1] if row.worker_ids else ""
    return worker_gone(last) or (row.started_at is not None and row.started_at < cutoff)


def requeue_abandoned() -> list[str]:
    """Put running tasks whose worker is gone back in the queue (failed after MAX_ATTEMPTS); returns their ids."""
    now = timezone.now()
    cutoff = now - timedelta(seconds=settings.FUPIN_TASK_LEASE_SECONDS)
    taken = []
    with transaction.atomic():
        running = DBTaskResult.objects.select_for_update(skip_locked=True).filter(status=TaskResultStatus.RUNNING)
        for row in running:
            if not _abandoned(row, cutoff):
                continue
            if len(row.worker_ids) >= MAX_ATTEMPTS:
                row.status, row.finished_at = TaskResultStatus.FAILED, now
                row.exception_class_path = "fupin.worker.WorkerLost"
                row.traceback = f"worker stopped during each of {len(row.worker_ids)} attempts: {row.worker_ids}"
                row.save(update_fields=["status", "finished_at", "exception_class_path", "traceback"])
                log.error(
                    "task %s (%s): its worker stopped %d times, marked failed", row.pk, row.task_path, MAX_ATTEMPTS
                )
            else:
                row.status, row.started_at = TaskResultStatus.READY, None
                row.save(update_fields=["status", "started_at"])
                log.warning(
                    "task %s (%s): its worker %s stopped, queued again", row.pk, row.task_path, row.worker_ids[-1]
                )
            taken.append(str(row.pk))
    return taken


def _sweep_forever(stop: threading.Event) -> None:
    while not stop.wait(SWEEP_EVERY):
        try:
            requeue_abandoned()
        except Exception:  # a database hiccup must not stop the sweeping; the next round tries again
            log.exception("looking for abandoned tasks failed")
        finally:
            close_old_connections()
            connection.close()


class Command(db_worker.Command):
    help = "运行后台任务(存档备查、催报邮件、表格导入);异常退出的工作进程遗留的任务会重新排队"

    def add_arguments(self, parser) -> None:
        super().add_arguments(parser)
        parser.set_defaults(worker_id=new_worker_id())

    def handle(self, *args, **options) -> None:
        for pk in requeue_abandoned():
            self.stdout.write(f"queued again: {pk}")
        close_old_connections()
        threading.Thread(target=_sweep_forever, args=(threading.Event(),), daemon=True).start()
        super().handle(*args, **options)
