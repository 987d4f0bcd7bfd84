"""The one photo library, as the domains below and beside publicity see it.

Pairing visits, 微心愿 receipts and village projects store their own photos where they happen, and also hand
each one to the library through `file_in_library`, inside their own transaction. Publicity, which keeps the
library, registers the one function that files them (`register_library`) when it starts, so no domain imports
publicity and the layers still point down.

A filed photo says whether it may ever be public: a household's or a recipient's photo enters as not
publishable until an office records the people's consent; documents (receipts, delivery proofs, ID cards) are
never filed.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ImproperlyConfigured

from .uploads import CheckedFile

SOURCES = ("visit", "wish", "project")


@dataclass(frozen=True)
class LibraryPhoto:
    """One photo handed to the library by the domain where it was taken."""

    source: str  # one of SOURCES
    unit: Any  # the orgs Unit credited with the photo; its offices above see it
    by: Any  # the orgs User who uploaded it
    file: CheckedFile
    caption: str
    taken_on: date
    theme: str
    campaign: Any = None  # the campaigns Campaign, when the photo belongs to one
    shows_minors: bool = False
    minors_consent: bool = False
    is_publishable: bool = False


_filers: list[Callable[[LibraryPhoto], object]] = []


def register_library(filer: Callable[[LibraryPhoto], object]) -> None:
    """Publicity's filing function; registered once at start-up."""
    if filer not in _filers:
        _filers[:] = [filer]


def file_in_library(photo: LibraryPhoto) -> object:
    """Files the photo in the library (in the caller's transaction) and returns the library's record."""
    if photo.source not in SOURCES:
        raise ValueError(f"unknown photo source {photo.source!r}")
    if not _filers:
        raise ImproperlyConfigured("the photo library is not installed")
    return _filers[0](photo)
