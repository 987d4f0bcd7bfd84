"""Health answers for the load balancer, and one log line per request carrying its request id."""

import errno
import logging
import time

from django.db import InterfaceError, OperationalError, connections
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from fupin.lib import logs

from .health import readiness

request_log = logging.getLogger("fupin.request")


class HealthCheckMiddleware:
    """First in the chain: `/healthz` and `/readyz` answer before host checks, HTTPS redirects, sessions, login,
    audit and rate limits, so a balancer probing an app server by its address gets a plain answer."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD") or request.path not in ("/healthz", "/readyz"):
            return self.get_response(request)
        if request.path == "/healthz":
            response = JsonResponse({"status": "ok"})
        else:
            ready, body = readiness()
            response = JsonResponse(body, status=200 if ready else 503, json_dumps_params={"ensure_ascii": False})
        response["Cache-Control"] = "no-store"
        return response


class RequestLogMiddleware:
    """Takes the request id from X-Request-ID when it is well-formed (else makes one), puts it on every log
    record written while serving, returns it in the response, and logs the request once it is answered."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = logs.valid_request_id(request.headers.get("X-Request-ID")) or logs.new_request_id()
        request.request_id = request_id
        started = time.perf_counter()
        token = logs.bind(request_id=request_id, path=request.path)
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = request_id
            user = getattr(request, "user", None)
            extra = {
                "user_id": user.pk if user is not None and user.is_authenticated else None,
                "status": response.status_code,
                "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                "method": request.method,
            }
            request_log.info("%s %s %s", request.method, request.path, response.status_code, extra=extra)
            return response
        finally:
            logs.unbind(token)


class DatabaseUnavailableMiddleware:
    """A view that lost the database (PostgreSQL restarted or unreachable) answers a Chinese 503 with Retry-After,
    in JSON under /api/, instead of a 500; the broken connection is closed now, so the next request on this thread
    opens a fresh one and the server recovers by itself. Nothing half-written stays: the transaction was lost
    with the connection."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        request_log.warning("database unavailable: %s", type(exception).__name__)
        for connection in connections.all(initialized_only=True):
            connection.close_if_unusable_or_obsolete()
        message = _("数据库暂时不可用,您的操作没有保存。请稍后刷新页面重试;如果刚才在提交表单,请重新提交。")
        if request.path.startswith("/api/"):
            response: HttpResponse = JsonResponse(
                {"detail": message}, status=503, json_dumps_params={"ensure_ascii": False}
            )
        else:
            response = HttpResponse(render_to_string("ops/database_unavailable.html"), status=503)
        response["Retry-After"] = "5"
        response["Cache-Control"] = "no-store"
        return response


class StorageFullMiddleware:
    """A request whose upload met a full disk (ENOSPC) answers a Chinese 507 naming the files it carried, instead
    of a 500. Nothing half-written stays: the services save files inside their transaction, which the error rolled
    back, and the local storage removes the partial file. Once space is freed, sending the form again works."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OSError) or exception.errno != errno.ENOSPC:
            return None
        names = [f.name for files in request.FILES.lists() for f in files[1]]
        request_log.error("storage full while saving %s", names)
        message = _("服务器存储空间已满,文件「%(names)s」没有保存,本次提交的其他内容也没有保存。") % {
            "names": "」「".join(names) or _("(无)")
        }
        message += _("请稍后重新提交;如果仍然不行,请联系系统管理员。")
        if request.path.startswith("/api/"):
            response: HttpResponse = JsonResponse(
                {"detail": message}, status=507, json_dumps_params={"ensure_ascii": False}
            )
        else:
            response = HttpResponse(render_to_string("ops/storage_full.html", {"message": message}), status=507)
        response["Cache-Control"] = "no-store"
        return response
