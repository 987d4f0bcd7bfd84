"""年度考核: 微心愿 the unit posted that came true (已实现), and projects the unit claimed, in the campaign and
the plans derived from it."""

from collections.abc import Sequence
from decimal import Decimal

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fupin.assessment.rules import Measured, Rule, RuleKind, counted, register_rule
from fupin.campaigns.models import Campaign
from fupin.campaigns.sources import campaign_lineage_q

from .models import MicroWish, ProjectClaim, WishStatus


def measure_wishes(campaign: Campaign, unit_ids: Sequence[int]) -> dict[int, Measured]:
    rows = (
        MicroWish.objects.filter(
            campaign_lineage_q(campaign, "campaign"),
            status=WishStatus.CONFIRMED,
            unit__path__startswith=campaign.unit.path,
        )
        .values("unit_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    evidence = (reverse("wish_list") + f"?status={WishStatus.CONFIRMED}", _("已实现的微心愿"))
    return counted(
        {r["unit_id"]: r["n"] for r in rows},
        unit_ids,
        _("本单位发布的微心愿已实现 %(n)d 个,每个计分"),
        lambda pk: evidence,
    )


def measure_projects(campaign: Campaign, unit_ids: Sequence[int]) -> dict[int, Measured]:
    rows = (
        ProjectClaim.objects.filter(
            campaign_lineage_q(campaign, "project__campaign"), unit__path__startswith=campaign.unit.path
        )
        .values("unit_id")
        .annotate(n=Count("project", distinct=True))
        .order_by()
    )
    evidence = (reverse("project_list"), _("项目认领"))
    return counted(
        {r["unit_id"]: r["n"] for r in rows},
        unit_ids,
        _("本单位认领扶贫项目 %(n)d 个,每个计分"),
        lambda pk: evidence,
    )


register_rule(
    Rule(
        "matching.wishes",
        gettext_lazy("微心愿实现"),
        RuleKind.COUNT,
        gettext_lazy("本单位发布的微心愿每实现一个计分,不超过上限"),
        Decimal(1),
        Decimal(5),
        measure_wishes,
        order=60,
    )
)
register_rule(
    Rule(
        "matching.projects",
        gettext_lazy("项目认领"),
        RuleKind.COUNT,
        gettext_lazy("本单位每认领一个扶贫项目计分,不超过上限"),
        Decimal(2),
        Decimal(6),
        measure_projects,
        order=70,
    )
)
