"""`fupin check --deploy` for several app servers: it refuses whatever would keep state on one server."""

import subprocess
import sys

from django.core import checks

from fupin.ops.checks import shared_state_across_app_servers
from fupin.ops.tests.test_deploy import clean_example_environment

S3 = {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {"bucket_name": "fupin-media"}}
LOCAL = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
IMMEDIATE = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
QUEUED = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def found(settings, *, servers, storage, tasks, sessions="django.contrib.sessions.backends.db") -> list[str]:
    settings.FUPIN_APP_SERVERS = servers
    settings.STORAGES = {**settings.STORAGES, "default": storage}
    settings.TASKS = tasks
    settings.SESSION_ENGINE = sessions
    return [message.id for message in shared_state_across_app_servers(None) if message.level >= checks.ERROR]


def test_two_app_servers_refuse_the_immediate_task_backend(settings):
    assert found(settings, servers=2, storage=S3, tasks=IMMEDIATE) == ["fupin.E101"]


def test_two_app_servers_refuse_uploads_on_local_disk(settings):
    assert found(settings, servers=2, storage=LOCAL, tasks=QUEUED) == ["fupin.E102"]


def test_two_app_servers_refuse_sessions_kept_in_one_process(settings):
    sessions = "django.contrib.sessions.backends.cache"
    assert found(settings, servers=2, storage=S3, tasks=QUEUED, sessions=sessions) == ["fupin.E103"]


def test_one_app_server_may_keep_uploads_on_its_own_disk(settings):
    assert found(settings, servers=1, storage=LOCAL, tasks=IMMEDIATE) == []


def test_two_app_servers_over_the_queue_and_the_bucket_pass(settings):
    assert found(settings, servers=2, storage=S3, tasks=QUEUED) == []


def test_the_example_environment_without_a_bucket_fails_the_deployment_check(tmp_path):
    env = clean_example_environment(tmp_path) | {"FUPIN_S3_BUCKET": ""}
    done = subprocess.run(
        [sys.executable, "-m", "fupin.cli", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    assert "fupin.E102" in done.stderr and "FUPIN_APP_SERVERS=2" in done.stderr
