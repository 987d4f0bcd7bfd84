"""The numbered 项目认领回执 as PDF, laid out for the claiming unit's and the village's stamps."""

from django.template.loader import render_to_string
from django.utils import timezone
from weasyprint import HTML

from fupin.lib.money import amount_in_capitals

from .models import ProjectClaim


def project_receipt_pdf(claim: ProjectClaim) -> bytes:
    context = {
        "claim": claim,
        "project": claim.project,
        "words": amount_in_capitals(claim.amount_fen),
        "claimed_on": timezone.localdate(claim.claimed_at),
    }
    return HTML(string=render_to_string("matching/project_receipt_pdf.html", context)).write_pdf()
