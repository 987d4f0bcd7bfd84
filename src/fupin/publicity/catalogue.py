"""The exhibition's printable catalogue (PDF): its sections in order, each photo with its caption and the unit
credited, the photos embedded from their stored thumbnails (nothing is fetched from outside)."""

import base64

from django.template.loader import render_to_string
from weasyprint import HTML

from .models import Exhibition
from .selectors import exhibition_sections


def _data_uri(field) -> str:
    with field.open("rb") as stored:
        return "data:image/jpeg;base64," + base64.b64encode(stored.read()).decode("ascii")


def catalogue_pdf(exhibition: Exhibition) -> bytes:
    sections = exhibition_sections(exhibition, public_only=True)
    pages = [(s, [(e, _data_uri(e.photo.thumbnail)) for e in s.entries.all()]) for s in sections]
    context = {"exhibition": exhibition, "pages": pages}
    return HTML(string=render_to_string("publicity/catalogue_pdf.html", context)).write_pdf()
