"""Small response helpers shared by the apps' views."""

from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import RequestDataTooBig, ValidationError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def attachment(content: bytes, filename: str, content_type: str = XLSX) -> HttpResponse:
    """A download whose Chinese file name survives every browser (RFC 6266 filename*)."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename=\"download\"; filename*=UTF-8''{quote(filename)}"
    return response


def add_errors(form, exc: ValidationError) -> None:
    """Put a service's ValidationError onto the form, on the field it names when the form has it."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for field, reasons in exc.message_dict.items():
        form.add_error(field if field in form.fields else None, reasons)


def saved(request, form, service, success: str, **kwargs):
    """Call a service with the form's data (and `by`); on a rule's refusal put its message on the form and
    return None, else flash `success` and return what the service returned."""
    try:
        result = service(by=request.user, **kwargs, **form.cleaned_data)
    except ValidationError as exc:
        add_errors(form, exc)
        return None
    messages.success(request, success)
    return result


def flash_form_errors(request, form, what: str) -> None:
    """A form posted from another page (a detail page's small form): say in one message why `what` failed."""
    errors = [e for errs in form.errors.values() for e in errs]
    messages.error(request, _("未能%(w)s:%(e)s") % {"w": what, "e": ";".join(errors)})


def acted(request, service, success: str, **kwargs):
    """A button with no fields (approve, confirm): call the service with `by`; flash `success`, or each reason
    of a rule's refusal, and return what the service returned (None when refused)."""
    try:
        result = service(by=request.user, **kwargs)
    except ValidationError as exc:
        for reason in exc.messages:
            messages.error(request, reason)
        return None
    messages.success(request, success)
    return result


def too_big_reason() -> str:
    """Why a request too large to read was refused, naming the cap; nothing of it was read or written."""
    return _("提交的内容超过 %(mb)d MB 上限,未保存任何内容;请缩短粘贴的文字,或改为上传文件") % {
        "mb": settings.DATA_UPLOAD_MAX_MEMORY_SIZE // 2**20
    }


def bad_request(request, exception=None):
    """The 400 page, in Chinese. A form too large to read (a 10 MB paste) sends the person back to the page
    they came from with the reason, instead of a bare error page; nothing was read, so nothing was written."""
    if not isinstance(exception, RequestDataTooBig):
        return render(request, "400.html", status=400)
    reason = too_big_reason()
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": reason}, status=413)
    back = request.META.get("HTTP_REFERER", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        back = request.path
    messages.error(request, reason)
    return redirect(back)
