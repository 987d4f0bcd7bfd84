"""The sections of a unit's 活动总结, each written from data the product already holds (collect once).

A domain adds its own section when it starts (events, visits, donations, claims, aid), from its AppConfig.ready:

    register_section("donations", "募捐情况", donation_paragraphs, order=40)

`paragraphs(campaign, unit, now)` returns the section's paragraphs for the unit's whole subtree, with figures
that add up; an empty list leaves the section out of the draft. The registry lives here, below every domain,
so that a domain never imports the documents that print it.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from fupin.orgs.models import Unit

from .models import Campaign


@dataclass(frozen=True)
class SummarySection:
    key: str
    heading: str
    paragraphs: Callable[[Campaign, Unit, datetime], list[str]]
    order: int


SECTIONS: dict[str, SummarySection] = {}


def register_section(
    key: str, heading: str, paragraphs: Callable[[Campaign, Unit, datetime], list[str]], *, order: int = 100
) -> None:
    SECTIONS[key] = SummarySection(key, heading, paragraphs, order)


def ordered_sections() -> list[SummarySection]:
    return sorted(SECTIONS.values(), key=lambda s: (s.order, s.key))
