"""A public page that is the same for every anonymous visitor, rendered once and then served from the process's
cache, with the few values that differ per visit filled in: the CSRF token, the CSP nonce and any one-time
value a form carries (an idempotency key).

The cache key is everything the page is rendered from (the caller's values, the language, the path), so a page
whose data changed is rendered again at its next visit; nothing is kept that a visitor could see out of date.
A visit that could see anything of its own (signed in, a pending message, a query string) is rendered as usual.
"""

import hashlib
import secrets
from collections.abc import Callable, Hashable, Iterable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.middleware.csp import get_nonce
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils.csp import CONTEXT_KEY as CSP_NONCE
from django.utils.translation import get_language

KEEP_SECONDS = 600  # a page nobody asked for in ten minutes is rendered again
# Stands for a per-visit value in the rendered page: letters and digits only, so no escaping changes it, and
# drawn per process, so no visitor's input can forge it.
_HOLE = "hole" + secrets.token_hex(12)


def is_plain_visit(request: HttpRequest) -> bool:
    """A GET with no query string, from someone not signed in and with no message waiting: every such visitor
    of the same page sees the same page."""
    return (
        request.method in ("GET", "HEAD")
        and not request.META.get("QUERY_STRING")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and getattr(settings, "MESSAGE_COOKIE_NAME", "messages") not in request.COOKIES
    )


def hole(name: str) -> str:
    """What to put in the context in place of the per-visit value `name` (see `shared_page`'s `fills`)."""
    return f"{_HOLE}{name}end"


def shared_page(
    request: HttpRequest,
    template: str,
    *,
    key: Iterable[Hashable],
    context: Callable[[], dict[str, Any]],
    fills: dict[str, Callable[[], str]],
) -> HttpResponse:
    """The page `template` for a plain visit (`is_plain_visit`): rendered from `context()` once per `key`,
    language and path, each `hole(name)` in it replaced by `fills[name]()` for this visit (values that need no
    escaping), and the CSRF token and CSP nonce by this visit's own."""
    described = repr((template, request.path, get_language(), *key)).encode()
    cache_key = "shared_page:" + hashlib.sha256(described).hexdigest()
    page = cache.get(cache_key)
    if page is None:
        holes = {"csrf_token": hole("csrf_token"), CSP_NONCE: hole(CSP_NONCE)}
        page = render_to_string(template, context() | holes, request)
        cache.set(cache_key, page, KEEP_SECONDS)
    page = page.replace(hole("csrf_token"), get_token(request))
    if hole(CSP_NONCE) in page:
        page = page.replace(hole(CSP_NONCE), str(get_nonce(request)))
    for name, fill in fills.items():
        page = page.replace(hole(name), fill())
    return HttpResponse(page)
