"""Limits on the public writes (pledges, concerns, withdrawing a pledge), per client address.

The counters live in the shared cache (`FUPIN_PUBLIC_WRITE_CACHE`, a database table every app server reads),
never in one process, so a second server does not grant a second allowance. The page answers with a Chinese
429 page, the API with a Chinese 429 in JSON; the refused request reaches no service, so nothing is written.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django_ratelimit.core import is_ratelimited

from fupin.audit.context import ip_of

PERIOD_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def client_key(group: str, request: HttpRequest) -> str:
    """The address the limit counts by: the one the audit trail records (the proxy's, when trusted)."""
    return ip_of(request) or "unknown"


def write_rate(group: str, request: HttpRequest) -> str:
    return settings.FUPIN_PUBLIC_WRITE_RATE


def retry_after_seconds() -> int:
    """The window of the rate ("20/h" is an hour), so a refused giver is told how long to wait at most."""
    period = settings.FUPIN_PUBLIC_WRITE_RATE.split("/", 1)[1]
    digits = period[:-1] or "1"
    return int(digits) * PERIOD_SECONDS[period[-1]]


def reason() -> str:
    return _("同一网络地址提交过于频繁,请约 %(m)s 分钟后再试。如需大额或批量捐赠,请联系募捐单位。") % {
        "m": max(1, retry_after_seconds() // 60)
    }


def too_many(request: HttpRequest, *, as_json: bool) -> HttpResponse:
    response: HttpResponse
    if as_json:
        response = JsonResponse({"detail": reason()}, status=429, json_dumps_params={"ensure_ascii": False})
    else:
        response = render(request, "donations/public_too_many.html", {"reason": reason()}, status=429)
    response["Retry-After"] = str(retry_after_seconds())
    return response


def limited(group: str, *, as_json: bool = False) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Counts each POST of this group from one address; over the rate, answers 429 without calling the view."""

    def decorator(view: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            over = is_ratelimited(
                request, group=f"public-write:{group}", key=client_key, rate=write_rate, method="POST", increment=True
            )
            if over:
                return too_many(request, as_json=as_json)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
