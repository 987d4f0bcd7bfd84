"""Collect once: how many 先进个人 and 先进集体 of the unit's subtree were commended on a published list of
the campaign (or a plan derived from it); each commended nomination counts once, however many lists carry it."""

from fupin.campaigns.sources import campaign_lineage_q, register_source
from fupin.orgs.models import Unit

from .models import Category, Nomination


def commended(unit: Unit, campaign, category: str) -> int:
    return (
        Nomination.objects.filter(
            campaign_lineage_q(campaign, "entries__commendation_list__campaign"),
            entries__commendation_list__published_at__isnull=False,
            unit__path__startswith=unit.path,
            category=category,
        )
        .distinct()
        .count()
    )


def individual_count(unit: Unit, campaign) -> int:
    return commended(unit, campaign, Category.INDIVIDUAL)


def collective_count(unit: Unit, campaign) -> int:
    return commended(unit, campaign, Category.COLLECTIVE)


def register() -> None:
    register_source("commendations.individuals", "表彰名单:受表彰先进个人数", individual_count)
    register_source("commendations.collectives", "表彰名单:受表彰先进集体数", collective_count)
