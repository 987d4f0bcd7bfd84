"""Small response helpers shared by the apps' views."""

from urllib.parse import quote

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse

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
