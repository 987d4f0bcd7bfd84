"""PostgreSQL restarted mid-request: the page answers a Chinese 503 (JSON under /api/) and the next request, on a
fresh connection, is served again with nothing to do by hand."""

import pytest
from django.db import connection
from django.urls import reverse

from fupin.audit import views as audit_views
from fupin.donations import public_api

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="terminates a PostgreSQL backend"),
    pytest.mark.django_db(transaction=True),
]


def _server_restarts_now(*args, **kwargs):
    """What a restart does to every open session: the server ends this connection's backend mid-request."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(pg_backend_pid())")


def test_a_database_restart_mid_request_answers_a_chinese_503_and_the_next_request_recovers(
    tree, city_officer, login, monkeypatch
):
    client = login(city_officer)
    monkeypatch.setattr(audit_views.selectors, "event_units", _server_restarts_now)
    lost = client.get(reverse("audit_list"))
    assert lost.status_code == 503 and lost["Retry-After"] == "5"
    assert "数据库暂时不可用,您的操作没有保存" in lost.content.decode()
    monkeypatch.undo()
    assert client.get(reverse("audit_list")).status_code == 200


def test_the_api_answers_the_503_in_json(client, monkeypatch):
    monkeypatch.setattr(public_api.public_selectors, "listed_drives", _server_restarts_now)
    lost = client.get("/api/v1/public/drives")
    assert lost.status_code == 503
    assert lost.json() == {
        "detail": "数据库暂时不可用,您的操作没有保存。请稍后刷新页面重试;如果刚才在提交表单,请重新提交。"
    }
