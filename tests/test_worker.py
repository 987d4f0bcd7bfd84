"""Background work runs in `fupin worker`, a process of its own; the work of a worker that died is run again."""

import email
import email.policy
import os
import socket
import sqlite3
import subprocess
import sys
from datetime import timedelta

import pytest
from django.core import checks
from django.db import connection
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from fupin.campaigns.models import Reminder
from fupin.campaigns.services.reminders import remind_missing
from fupin.campaigns.tests.factories import campaign_with_requirements
from fupin.checks import tasks_run_in_the_background
from fupin.orgs.services import update_unit
from fupin.worker import requeue_abandoned

DATABASE_BACKEND = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def _dead_pid() -> int:
    """The id of a process that has ended."""
    done = subprocess.Popen([sys.executable, "-c", "pass"])
    done.wait()
    return done.pid


def _database_url(tmp_path) -> str:
    """The test database as a URL for another process; an in-memory SQLite database is copied to a file."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        target = sqlite3.connect(tmp_path / "worker.sqlite3")
        connection.connection.backup(target)
        target.close()
        return f"sqlite:///{tmp_path / 'worker.sqlite3'}"
    return f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


def _run_worker(tmp_path) -> str:
    """Run `fupin worker` until the queue is empty; on SQLite, copy back what it wrote. Returns its output."""
    env = {**os.environ, "DATABASE_URL": _database_url(tmp_path), "FUPIN_VAR_DIR": str(tmp_path)}
    env.pop("FUPIN_TASKS_BACKEND", None)
    args = ["worker", "--batch", "--no-reload", "--no-startup-delay", "--interval", "0"]
    done = subprocess.run(
        [sys.executable, "-m", "fupin.cli", *args], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    if connection.vendor == "sqlite":
        source = sqlite3.connect(tmp_path / "worker.sqlite3")
        source.backup(connection.connection)
        source.close()
    return done.stdout + done.stderr


def _mail(output: str) -> email.message.EmailMessage:
    """The one email the console mail backend printed."""
    text = output[output.index("Content-Type:") : output.index("-" * 79)]
    return email.message_from_string(text, policy=email.policy.default)  # type: ignore[return-value]


@pytest.fixture
def reminders(transactional_db, tree, city_officer, settings):
    """The city reminds school 1 (with a contact address) of a summary due in two days; the mail is queued."""
    settings.TASKS = DATABASE_BACKEND
    update_unit(by=None, unit=tree.school1, contact_email="dy1z@example.cn")
    due_at = timezone.now() + timedelta(days=2)
    campaign = campaign_with_requirements(city_officer, tree.city, due_at=due_at, due_text="")
    sent = remind_missing(by=city_officer, requirement=campaign.requirements.get(), units=[tree.school1])
    assert DBTaskResult.objects.filter(task_path__endswith="send_reminder_emails").count() == 1
    return sent


def test_reminder_mail_is_sent_by_the_worker_process(reminders, tmp_path):
    output = _run_worker(tmp_path)

    task = DBTaskResult.objects.get()
    assert task.status == TaskResultStatus.SUCCESSFUL
    assert task.return_value == 1
    mail = _mail(output)
    assert mail["To"] == "dy1z@example.cn"
    assert mail["Subject"] == "【催报】活动总结 · 2026年教育系统扶贫日活动实施方案"
    assert Reminder.objects.get(pk=reminders[0].pk).emailed_to == ["dy1z@example.cn"]


def test_a_task_whose_worker_was_killed_is_run_again(reminders, tmp_path):
    killed = f"{socket.gethostname()[:40]}:{_dead_pid()}:k1ll3d00"
    DBTaskResult.objects.update(status=TaskResultStatus.RUNNING, started_at=timezone.now(), worker_ids=[killed])

    output = _run_worker(tmp_path)

    task = DBTaskResult.objects.get()
    assert task.status == TaskResultStatus.SUCCESSFUL
    assert task.worker_ids[0] == killed and len(task.worker_ids) == 2
    assert _mail(output)["To"] == "dy1z@example.cn"
    assert Reminder.objects.get(pk=reminders[0].pk).emailed_to == ["dy1z@example.cn"]


def test_a_task_past_its_lease_on_another_machine_is_queued_again(reminders, settings):
    settings.FUPIN_TASK_LEASE_SECONDS = 600
    started = timezone.now() - timedelta(seconds=601)
    DBTaskResult.objects.update(status=TaskResultStatus.RUNNING, started_at=started, worker_ids=["other-host:12:abc"])

    assert len(requeue_abandoned()) == 1
    assert DBTaskResult.objects.get().status == TaskResultStatus.READY


def test_a_task_within_its_lease_on_another_machine_is_left_running(reminders, settings):
    settings.FUPIN_TASK_LEASE_SECONDS = 600
    started = timezone.now() - timedelta(seconds=599)
    DBTaskResult.objects.update(status=TaskResultStatus.RUNNING, started_at=started, worker_ids=["other-host:12:abc"])

    assert requeue_abandoned() == []
    assert DBTaskResult.objects.get().status == TaskResultStatus.RUNNING


def test_a_task_whose_worker_died_three_times_is_marked_failed(reminders):
    host = socket.gethostname()[:40]
    dead = [f"{host}:{_dead_pid()}:try{n}" for n in range(3)]
    DBTaskResult.objects.update(status=TaskResultStatus.RUNNING, started_at=timezone.now(), worker_ids=dead)

    requeue_abandoned()

    task = DBTaskResult.objects.get()
    assert task.status == TaskResultStatus.FAILED
    assert task.exception_class_path == "fupin.worker.WorkerLost"


def test_production_refuses_the_immediate_task_backend(settings):
    settings.PRODUCTION = True
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}

    errors = tasks_run_in_the_background(None)

    assert [e.id for e in errors] == ["fupin.E001"]
    assert errors[0].level == checks.ERROR


def test_production_accepts_the_database_task_backend(settings):
    settings.PRODUCTION = True
    settings.TASKS = DATABASE_BACKEND

    assert tasks_run_in_the_background(None) == []
