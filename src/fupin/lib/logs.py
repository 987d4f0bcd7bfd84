"""Structured logs: one JSON object per line with the request id, or plain text for development."""

import json
import logging
import re
import uuid
from contextvars import ContextVar, Token
from datetime import UTC, datetime
from typing import Any

_context: ContextVar[dict[str, Any]] = ContextVar("fupin_log_context", default={})  # noqa: B039 - never mutated
REQUEST_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,63}")
FIELDS = ("request_id", "user_id", "path", "status", "duration_ms", "method")
FORMATS = ("plain", "json")


def new_request_id() -> str:
    return uuid.uuid4().hex


def valid_request_id(value: str | None) -> str | None:
    """An id from a proxy is kept only if it is short and plain, so it cannot forge or break a log line."""
    if value and REQUEST_ID.fullmatch(value):
        return value
    return None


def bind(**fields: Any) -> Token[dict[str, Any]]:
    """Fields every record written from now on in this context carries (undo with `unbind`)."""
    return _context.set({**_context.get(), **fields})


def unbind(token: Token[dict[str, Any]]) -> None:
    _context.reset(token)


def current(name: str) -> Any:
    return _context.get().get(name)


class RequestContextFilter(logging.Filter):
    """Gives every record the context's fields (a field passed in `extra=` wins)."""

    def filter(self, record: logging.LogRecord) -> bool:
        context = _context.get()
        for field in FIELDS:
            if not hasattr(record, field):
                setattr(record, field, context.get(field))
        record.request_label = getattr(record, "request_id", None) or "-"  # plain text shows "-" outside a request
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for field in FIELDS:
            value = getattr(record, field, None)
            if value is not None:
                entry[field] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def logging_config(log_format: str, level: str = "INFO") -> dict[str, Any]:
    """The LOGGING setting: everything through one console handler, in the chosen format."""
    if log_format not in FORMATS:
        raise ValueError(f"FUPIN_LOG_FORMAT 只能是 plain 或 json,而不是 {log_format!r}")
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request": {"()": "fupin.lib.logs.RequestContextFilter"}},
        "formatters": {
            "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_label)s] %(message)s"},
            "json": {"()": "fupin.lib.logs.JsonFormatter"},
        },
        "handlers": {
            "console": {"class": "logging.StreamHandler", "filters": ["request"], "formatter": log_format},
        },
        "root": {"handlers": ["console"], "level": "WARNING"},
        "loggers": {
            "django.security.csrf": {"level": "WARNING"},
            "fupin": {"level": level},
        },
    }
