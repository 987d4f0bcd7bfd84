"""Cleaning typed text: invisible characters never reach identifiers or the database."""

import re
import unicodedata

# zero-width characters, bidi embeddings/overrides/isolates, BOM
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")


def clean_text(value: object) -> str:
    """Strip, drop invisible characters; keeps rare characters and 「·」 in names untouched."""
    if value is None:
        return ""
    return _INVISIBLE.sub("", str(value)).strip()


def clean_identifier(value: object) -> str:
    """Like clean_text, and NFKC-folded (full-width digits and letters become ASCII)."""
    return unicodedata.normalize("NFKC", clean_text(value))
