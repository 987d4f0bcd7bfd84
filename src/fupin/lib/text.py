"""Cleaning typed text: invisible characters never reach identifiers or the database; names compared as read."""

import re
import unicodedata
from functools import lru_cache

from confusable_homoglyphs import confusables

# zero-width characters, bidi embeddings/overrides/isolates, BOM
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")


def clean_text(value: object) -> str:
    """Strip, drop invisible characters; keeps rare characters and 「·」 in names untouched."""
    if value is None:
        return ""
    text = str(value)
    if not text.isascii():  # every invisible character is outside ASCII: most cells need no search
        text = _INVISIBLE.sub("", text)
    return text.strip()


def clean_identifier(value: object) -> str:
    """Like clean_text, and NFKC-folded (full-width digits and letters become ASCII)."""
    text = clean_text(value)
    return text if text.isascii() else unicodedata.normalize("NFKC", text)  # ASCII is its own NFKC form


@lru_cache(maxsize=4096)
def _latin_lookalike(char: str) -> str:
    """The ASCII letter or digit a character is drawn like (Cyrillic а → a), or the character itself."""
    if char.isascii():
        return char
    found = confusables.is_confusable(char, greedy=True, preferred_aliases=["latin", "common"])
    for entry in found or ():
        for glyph in entry["homoglyphs"]:
            if glyph["c"].isascii() and glyph["c"].isalnum():
                return glyph["c"].casefold()
    return char


def username_key(value: object) -> str:
    """What a person reads in a user name: invisible characters dropped, NFKC (full width → ASCII), case folded,
    and letters of other scripts that look Latin folded to it, so 「Admin」「ａdmin」「аdmin」 all read 「admin」."""
    folded = unicodedata.normalize("NFKC", clean_text(value)).casefold()
    return "".join(_latin_lookalike(char) for char in folded)
