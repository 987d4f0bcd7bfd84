"""Requests carrying a NUL character in their query or in a form or JSON body are refused (400) before any view.

PostgreSQL text cannot hold NUL (0x00); Django's form fields refuse it, but a query parameter of the REST API
or a JSON string (「\\u0000」) reached the database and answered 500. One check here covers every surface. File
uploads (multipart) are left alone: NUL is ordinary in a file's bytes, and their text fields pass through forms.
"""

from urllib.parse import unquote_to_bytes

from django.http import HttpResponse, JsonResponse
from django.utils.translation import gettext as _

_CHECKED_BODIES = ("application/x-www-form-urlencoded", "application/json")


def _carries_nul(request) -> bool:
    if b"\x00" in unquote_to_bytes(request.META.get("QUERY_STRING", "")):
        return True
    if not request.content_type.startswith(_CHECKED_BODIES):
        return False
    body = request.body
    if request.content_type == "application/json":
        return b"\x00" in body or b"\\u0000" in body
    return b"\x00" in unquote_to_bytes(body)


class NulCharacterMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _carries_nul(request):
            return self.get_response(request)
        reason = _("请求中含有空字符(NUL),无法保存或查询,请删除后重试")
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": reason}, status=400, json_dumps_params={"ensure_ascii": False})
        return HttpResponse(reason, status=400, content_type="text/plain; charset=utf-8")
