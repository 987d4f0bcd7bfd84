"""年度考核: events the unit held and media reports of its activities, in the campaign and the plans derived
from it."""

from collections.abc import Sequence
from decimal import Decimal

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fupin.assessment.rules import Measured, Rule, RuleKind, counted, register_rule
from fupin.campaigns.models import Campaign
from fupin.campaigns.sources import campaign_lineage_q

from .models import Event, MediaReport


def _per_unit(model: type[Event] | type[MediaReport], campaign: Campaign) -> dict[int, int]:
    rows = (
        model.objects.filter(campaign_lineage_q(campaign, "campaign"), unit__path__startswith=campaign.unit.path)
        .values("unit_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {r["unit_id"]: r["n"] for r in rows}


def measure_events(campaign: Campaign, unit_ids: Sequence[int]) -> dict[int, Measured]:
    evidence = (reverse("event_list"), _("活动登记"))
    return counted(
        _per_unit(Event, campaign),
        unit_ids,
        _("本单位登记本活动的宣传和主题活动 %(n)d 场,每场计分"),
        lambda pk: evidence,
    )


def measure_media_reports(campaign: Campaign, unit_ids: Sequence[int]) -> dict[int, Measured]:
    evidence = (reverse("event_list"), _("媒体报道"))
    return counted(
        _per_unit(MediaReport, campaign),
        unit_ids,
        _("本单位活动被媒体报道 %(n)d 篇,每篇计分"),
        lambda pk: evidence,
    )


register_rule(
    Rule(
        "publicity.events",
        gettext_lazy("开展活动"),
        RuleKind.COUNT,
        gettext_lazy("本单位每登记一场本活动的活动计分,不超过上限"),
        Decimal(1),
        Decimal(5),
        measure_events,
        order=80,
    )
)
register_rule(
    Rule(
        "publicity.media_reports",
        gettext_lazy("媒体报道"),
        RuleKind.COUNT,
        gettext_lazy("本单位活动每被媒体报道一篇计分,不超过上限"),
        Decimal(1),
        Decimal(5),
        measure_media_reports,
        order=90,
    )
)
