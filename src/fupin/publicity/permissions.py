"""The publicity actions in the policy table, and the doors for photos, events, reports and exhibitions.

A unit records its own photos, events and media reports; its offices above see them, choose outstanding works and
forward them upward. Exhibitions are run by offices; the public sees an exhibition only while it is open.
"""

from django.shortcuts import get_object_or_404

from fupin.orgs.models import Role
from fupin.orgs.policy import AnyUser, register, scope_q

from .models import (
    Event,
    Exhibition,
    ExhibitionEntry,
    ExhibitionSection,
    MediaReport,
    NewsItem,
    Photo,
    Selection,
)

OFFICE = {Role.OFFICE_ADMIN, Role.COORDINATOR, Role.REVIEWER, Role.AUDITOR, Role.VIEWER}

register(
    {
        "publicity.view": OFFICE | {Role.REPORTER},
        "publicity.record": {Role.OFFICE_ADMIN, Role.COORDINATOR, Role.REPORTER},
        "publicity.manage": {Role.OFFICE_ADMIN, Role.COORDINATOR},
    }
)


def access_photo(user: AnyUser, pk: int | str, action: str = "publicity.view") -> Photo:
    qs = Photo.objects.filter(scope_q(user, action, "unit__path")).select_related("unit", "event")
    return get_object_or_404(qs, pk=pk)


def access_event(user: AnyUser, pk: int | str, action: str = "publicity.view") -> Event:
    qs = Event.objects.filter(scope_q(user, action, "unit__path")).select_related("unit", "campaign", "item")
    return get_object_or_404(qs, pk=pk)


def access_media_report(user: AnyUser, pk: int | str) -> MediaReport:
    qs = MediaReport.objects.filter(scope_q(user, "publicity.view", "unit__path")).select_related("unit")
    return get_object_or_404(qs, pk=pk)


def access_selection(user: AnyUser, pk: int | str) -> Selection:
    qs = Selection.objects.filter(scope_q(user, "publicity.manage", "office__path")).select_related("office", "photo")
    return get_object_or_404(qs, pk=pk)


def access_exhibition(user: AnyUser, pk: int | str, action: str = "publicity.manage") -> Exhibition:
    qs = Exhibition.objects.filter(scope_q(user, action, "unit__path")).select_related("unit")
    return get_object_or_404(qs, pk=pk)


def access_section(user: AnyUser, pk: int | str) -> ExhibitionSection:
    qs = ExhibitionSection.objects.filter(scope_q(user, "publicity.manage", "exhibition__unit__path"))
    return get_object_or_404(qs.select_related("exhibition__unit"), pk=pk)


def access_entry(user: AnyUser, pk: int | str) -> ExhibitionEntry:
    qs = ExhibitionEntry.objects.filter(scope_q(user, "publicity.manage", "section__exhibition__unit__path"))
    return get_object_or_404(qs.select_related("section__exhibition__unit", "photo"), pk=pk)


def access_news(user: AnyUser, pk: int | str) -> NewsItem:
    qs = NewsItem.objects.filter(scope_q(user, "publicity.view", "unit__path")).select_related("unit", "sent_by")
    return get_object_or_404(qs, pk=pk)
