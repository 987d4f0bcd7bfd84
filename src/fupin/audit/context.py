"""The request's client address, made available to services without passing the request down."""

from contextvars import ContextVar

_client_ip: ContextVar[str | None] = ContextVar("fupin_client_ip", default=None)


def set_client_ip(ip: str | None):
    return _client_ip.set(ip)


def reset_client_ip(token) -> None:
    _client_ip.reset(token)


def client_ip() -> str | None:
    return _client_ip.get()


def ip_of(request) -> str | None:
    """The client address; behind a proxy set FUPIN_TRUSTED_PROXY so X-Forwarded-For is believed."""
    from django.conf import settings

    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if forwarded and getattr(settings, "FUPIN_TRUSTED_PROXY", False):
        return forwarded.split(",")[0].strip()
    return request.META.get("REMOTE_ADDR") or None
