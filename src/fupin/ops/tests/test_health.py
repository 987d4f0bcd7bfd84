"""/healthz and /readyz: what a load balancer asks every app server."""

import pytest
from django.db import DatabaseError, OperationalError, connection

from fupin.audit.models import AuditEvent


def test_healthz_answers_without_touching_the_database(client):
    response = client.get("/healthz")  # no database mark: any query would raise here
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert response["Cache-Control"] == "no-store"


@pytest.mark.django_db
def test_readyz_reports_the_database_the_storage_and_the_queue(client, settings):
    response = client.get("/readyz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"]["database"]["ok"] is True and body["checks"]["storage"]["ok"] is True
    assert body["checks"]["task_queue"] == {"ok": True, "configured": False}
    assert not list((settings.MEDIA_ROOT / "readyz").iterdir())  # the probe cleans up after itself


@pytest.mark.django_db
def test_health_answers_any_host_over_plain_http_without_a_session_or_an_audit_row(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.ALLOWED_HOSTS = ["fupin.example.gov.cn"]
    response = client.get("/readyz", HTTP_HOST="10.0.0.7:8000")
    assert response.status_code == 200
    assert "sessionid" not in response.cookies and not response.has_header("X-Request-ID")
    assert AuditEvent.objects.count() == 0


@pytest.mark.django_db
def test_readyz_answers_503_in_json_when_the_database_fails(client, monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "ensure_connection", refuse)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["checks"]["database"]["ok"] is False and body["checks"]["database"]["error"] == "OperationalError"
    assert "task_queue" not in body["checks"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a real refused connection needs a server")
@pytest.mark.django_db(transaction=True)
def test_readyz_answers_503_when_the_database_server_cannot_be_reached(client):
    port = connection.settings_dict["PORT"]
    connection.close()
    connection.settings_dict["PORT"] = 1  # nothing listens there
    try:
        response = client.get("/readyz")
    finally:
        connection.close()
        connection.settings_dict["PORT"] = port
    assert response.status_code == 503
    database = response.json()["checks"]["database"]
    assert database["ok"] is False and database["error"] == "OperationalError"


@pytest.mark.django_db
def test_readyz_answers_503_when_the_storage_cannot_be_written(client, settings, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the media folder should be")
    settings.MEDIA_ROOT = blocker
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["storage"]["ok"] is False


@pytest.mark.django_db
def test_a_queue_table_of_another_shape_is_reported_not_fatal(client, monkeypatch):
    from fupin.ops import health

    def broken():
        raise DatabaseError("no such column")

    monkeypatch.setattr(health, "_task_queue", broken)
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["checks"]["task_queue"] == {"ok": True, "configured": True, "error": "DatabaseError"}


@pytest.fixture
def task_queue_table(monkeypatch):
    """A table shaped like the database task backend's queue (django-tasks-db), dropped afterwards."""
    from django.db import models
    from django.test.utils import isolate_apps

    from fupin.ops import health

    with isolate_apps("fupin.ops"):

        class QueuedTask(models.Model):
            status = models.CharField(max_length=10)
            enqueued_at = models.DateTimeField()
            run_after = models.DateTimeField()

            class Meta:
                app_label = "ops"
                db_table = "django_tasks_db_dbtaskresult"

            def __str__(self):
                return self.status

    with connection.schema_editor() as editor:
        editor.create_model(QueuedTask)
    monkeypatch.setattr(health, "_queue_model", lambda: QueuedTask)
    yield QueuedTask
    with connection.schema_editor() as editor:
        editor.delete_model(QueuedTask)


@pytest.mark.django_db(transaction=True)
def test_readyz_reports_how_long_the_oldest_waiting_task_has_waited(client, task_queue_table):
    from datetime import UTC, datetime, timedelta

    now, never = datetime.now(UTC), datetime(9999, 1, 1, tzinfo=UTC)
    task_queue_table.objects.bulk_create(
        [
            task_queue_table(status="READY", enqueued_at=now - timedelta(seconds=120), run_after=never),
            task_queue_table(
                status="READY", enqueued_at=now - timedelta(hours=2), run_after=now - timedelta(seconds=30)
            ),
            task_queue_table(status="READY", enqueued_at=now - timedelta(hours=3), run_after=now + timedelta(hours=1)),
            task_queue_table(status="RUNNING", enqueued_at=now - timedelta(hours=4), run_after=never),
        ]
    )
    response = client.get("/readyz")
    assert response.status_code == 200
    queue = response.json()["checks"]["task_queue"]
    assert queue["configured"] is True and queue["waiting"] == 2
    assert 120 <= queue["oldest_seconds"] < 180  # the unscheduled task, not the one due 30 s ago or the future one
