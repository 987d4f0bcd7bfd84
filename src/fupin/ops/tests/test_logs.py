"""Structured logs: one JSON object per line, every line of a request carrying its request id."""

import io
import json
import logging
import logging.config

import pytest
from django.conf import settings as django_settings
from django.http import HttpResponse

from fupin.lib.logs import logging_config
from fupin.ops.middleware import RequestLogMiddleware


def _configure(log_format):
    """The site's logging as FUPIN_LOG_FORMAT configures it, its console writing into a buffer."""
    logging.config.dictConfig(logging_config(log_format))
    buffer = io.StringIO()
    [console] = [
        handler
        for handler in logging.getLogger().handlers
        if isinstance(handler, logging.StreamHandler) and not type(handler).__name__.startswith("LogCapture")
    ]
    console.setStream(buffer)
    return buffer


@pytest.fixture
def json_logs():
    buffer = _configure("json")

    def lines():
        return [json.loads(line) for line in buffer.getvalue().splitlines()]

    yield lines
    logging.config.dictConfig(django_settings.LOGGING)


@pytest.mark.django_db
def test_a_request_is_logged_as_one_json_line_with_its_request_id(client, school_reporter, json_logs):
    client.force_login(school_reporter)
    response = client.get("/campaigns/", HTTP_X_REQUEST_ID="nginx-5f2b9c1e")

    assert response["X-Request-ID"] == "nginx-5f2b9c1e"
    [line] = [line for line in json_logs() if line["logger"] == "fupin.request"]
    assert line["level"] == "INFO" and line["message"] == "GET /campaigns/ 200"
    assert line["request_id"] == "nginx-5f2b9c1e" and line["user_id"] == school_reporter.pk
    assert line["path"] == "/campaigns/" and line["status"] == 200 and line["method"] == "GET"
    assert isinstance(line["duration_ms"], float) and line["time"].endswith("+00:00")


@pytest.mark.django_db
def test_a_malformed_request_id_is_replaced_by_a_generated_one(client, json_logs):
    response = client.get("/", HTTP_X_REQUEST_ID='x"}\n{"level": "CRITICAL')

    generated = response["X-Request-ID"]
    assert len(generated) == 32 and all(c in "0123456789abcdef" for c in generated)
    [line] = [line for line in json_logs() if line["logger"] == "fupin.request"]
    assert line["request_id"] == generated and "user_id" not in line


def test_every_line_written_while_serving_carries_the_request_id(rf, json_logs):
    def view(request):
        logging.getLogger("fupin.public").warning("首页缓存未命中")
        return HttpResponse("ok")

    RequestLogMiddleware(view)(rf.get("/give/", HTTP_X_REQUEST_ID="abc123"))

    lines = json_logs()
    assert [line["logger"] for line in lines] == ["fupin.public", "fupin.request"]
    assert lines[0]["message"] == "首页缓存未命中"
    assert lines[0]["request_id"] == "abc123" and lines[0]["path"] == "/give/" and "status" not in lines[0]


def test_outside_a_request_a_line_has_no_request_id(json_logs):
    logging.getLogger("fupin.ops").warning("备份开始")
    [line] = json_logs()
    assert line["message"] == "备份开始" and line["level"] == "WARNING" and line["logger"] == "fupin.ops"
    assert "request_id" not in line


def test_an_unknown_log_format_is_refused_with_the_reason():
    with pytest.raises(ValueError, match="FUPIN_LOG_FORMAT 只能是 plain 或 json,而不是 'xml'"):
        logging_config("xml")


def test_plain_text_stays_the_default():
    assert django_settings.LOGGING["handlers"]["console"]["formatter"] == "plain"
    buffer = _configure("plain")
    try:
        logging.getLogger("fupin.ops").warning("备份开始")
        assert buffer.getvalue().rstrip().endswith("WARNING fupin.ops [-] 备份开始")
    finally:
        logging.config.dictConfig(django_settings.LOGGING)
