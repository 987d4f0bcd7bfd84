"""PDFs for print: a 荣誉证书 per commended entry (A4 landscape, for the office's seal) and the whole list.
They carry only the name, unit, honour, deeds, issuing office and date."""

from django.template.loader import render_to_string
from weasyprint import HTML

from .models import CommendationEntry, CommendationList
from .selectors import list_entries


def certificate_pdf(entry: CommendationEntry) -> bytes:
    context = {"entry": entry, "nomination": entry.nomination, "clist": entry.commendation_list}
    return HTML(string=render_to_string("commendations/certificate_pdf.html", context)).write_pdf()


def list_pdf(commendation_list: CommendationList) -> bytes:
    context = {"clist": commendation_list, "entries": list_entries(commendation_list)}
    return HTML(string=render_to_string("commendations/list_pdf.html", context)).write_pdf()
