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
    """The client address. Behind the site's own reverse proxy (FUPIN_TRUSTED_PROXY) it is the address that
    proxy appended to X-Forwarded-For, the last one: those before it are whatever the client chose to send."""
    from django.conf import settings

    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if forwarded and settings.FUPIN_TRUSTED_PROXY:
        return forwarded.split(",")[-1].strip() or None
    return request.META.get("REMOTE_ADDR") or None
