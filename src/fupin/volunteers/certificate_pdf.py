"""志愿服务时长证明: one volunteer's confirmed hours on one service, A4 landscape for the organiser's stamp
(laid out as the donation certificate, in the CJK fonts WeasyPrint finds)."""

from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from weasyprint import HTML

from .models import SignUp, SignUpStatus


def hours_certificate_pdf(sign_up: SignUp) -> bytes:
    """Only hours the organiser confirmed are certified."""
    if sign_up.status != SignUpStatus.CONFIRMED:
        raise ValidationError(_("%(n)s的服务时长尚未由组织单位确认,暂不能出具时长证明") % {"n": sign_up.name})
    opportunity = sign_up.opportunity
    context = {
        "sign_up": sign_up,
        "opportunity": opportunity,
        "served_on": timezone.localtime(opportunity.starts_at),
        "issued_on": timezone.localdate(sign_up.confirmed_at),
    }
    return HTML(string=render_to_string("volunteers/certificate_pdf.html", context)).write_pdf()
