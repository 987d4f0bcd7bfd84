"""年度考核: visit coverage, the share of the unit's 干部包户 households visited in the campaign's 行动月,
counted as the coverage page counts them (by the helping unit, pairings open during the month)."""

from collections.abc import Sequence
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fupin.assessment.rules import Measured, Rule, RuleKind, register_rule, shares, url_for
from fupin.campaigns.models import Campaign

from .models import Pairing, PairingKind, Visit, VisitKind
from .sources import campaign_period


def measure_visit_coverage(campaign: Campaign, unit_ids: Sequence[int]) -> dict[int, Measured]:
    period = campaign_period(campaign)
    visited = Exists(
        Visit.objects.filter(
            pairing=OuterRef("pk"), kind=VisitKind.HOME_VISIT, visited_on__range=(period.start, period.end)
        )
    )
    rows = (
        Pairing.objects.filter(
            Q(started_on__lte=period.end) & (Q(ended_on__isnull=True) | Q(ended_on__gte=period.start)),
            kind=PairingKind.CADRE_HOUSEHOLD,
            unit__path__startswith=campaign.unit.path,
        )
        .annotate(was_visited=visited)
        .values("unit_id")
        .annotate(
            paired=Count("household", distinct=True),
            done=Count("household", distinct=True, filter=Q(was_visited=True)),
        )
        .order_by()
    )
    span = f"?start={period.start:%Y-%m-%d}&end={period.end:%Y-%m-%d}"
    page, label = url_for("coverage_unit"), _("走访覆盖情况")
    return shares(
        {r["unit_id"]: (r["done"], r["paired"]) for r in rows},
        unit_ids,
        _("行动月结对 %(t)d 户:已入户走访 %(d)d 户得分,未走访 %(m)d 户不得分"),
        _("本单位行动月没有干部包户结对,本项按满分计"),
        lambda pk: (page(pk) + span, label),
    )


register_rule(
    Rule(
        "pairing.visit_coverage",
        gettext_lazy("入户走访覆盖"),
        RuleKind.RATIO,
        gettext_lazy("行动月内结对户已入户走访的比例"),
        Decimal(15),
        None,
        measure_visit_coverage,
        order=40,
    )
)
