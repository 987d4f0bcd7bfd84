"""年度考核 deductions: a 疑似摊派 flag the office confirmed as 摊派, and a concern the supervisor found 属实,
each against the unit it names, in the campaign's drives and those of the plans derived from it. Each line
names the drives (and the date of each finding) and links to the record."""

from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fupin.assessment.rules import Measured, Rule, RuleKind, register_rule, url_for
from fupin.campaigns.models import Campaign
from fupin.campaigns.sources import campaign_lineage_q

from .models import Concern, QuotaClearance, QuotaOutcome

type Finding = tuple[int, int, str, datetime | None]  # (unit id, record id, drive title, when found)


def _day(at: datetime | None) -> str:
    return f"({timezone.localtime(at):%Y-%m-%d})" if at else ""


def _deductions(
    findings: Iterable[Finding],
    unit_ids: Sequence[int],
    text: str,
    none: str,
    evidence: Callable[[Finding], tuple[str, str]],
) -> dict[int, Measured]:
    """One measure per unit: how many findings, which drives and when; the evidence is the first finding."""
    per_unit: dict[int, list[Finding]] = {}
    for row in findings:
        per_unit.setdefault(row[0], []).append(row)
    nothing: Measured = (Decimal(0), 0, none, "", "")
    measures = dict.fromkeys(unit_ids, nothing)
    for pk, found in per_unit.items():
        if pk not in measures:
            continue
        which = "、".join(f"「{title}」{_day(at)}" for _u, _r, title, at in found)
        url, label = evidence(found[0])
        measures[pk] = (Decimal(len(found)), 0, text % {"n": len(found), "which": which}, url, label)
    return measures


def measure_confirmed_quotas(campaign: Campaign, unit_ids: Sequence[int]) -> dict[int, Measured]:
    """Each 疑似摊派 flag the office confirmed as 摊派 against the unit deducts the rule's weight."""
    rows = (
        QuotaClearance.objects.filter(
            campaign_lineage_q(campaign, "drive__campaign"),
            outcome=QuotaOutcome.CONFIRMED,
            unit__path__startswith=campaign.unit.path,
        )
        .order_by("unit_id", "cleared_at", "pk")
        .values_list("unit_id", "drive_id", "drive__title", "cleared_at")
    )
    page, label = url_for("quota_review"), _("摊派核查记录")
    return _deductions(
        rows,
        unit_ids,
        _("经核查确认摊派 %(n)d 起,每起扣分:%(which)s"),
        _("没有经核查确认的摊派"),
        lambda found: (f"{page(found[1])}#unit-{found[0]}", label),
    )


def measure_substantiated_concerns(campaign: Campaign, unit_ids: Sequence[int]) -> dict[int, Measured]:
    """Each concern the supervisor found 属实 against the unit deducts the rule's weight."""
    rows = (
        Concern.objects.filter(
            campaign_lineage_q(campaign, "drive__campaign"),
            is_substantiated=True,
            unit__path__startswith=campaign.unit.path,
        )
        .order_by("unit_id", "answered_at", "pk")
        .values_list("unit_id", "pk", "drive__title", "answered_at")
    )
    page = url_for("concern_detail")
    return _deductions(
        rows,
        unit_ids,
        _("群众反映经监督核查属实 %(n)d 件,每件扣分:%(which)s"),
        _("没有经核查属实的群众反映"),
        lambda found: (page(found[1]), _("群众反映核查记录")),
    )


register_rule(
    Rule(
        "donations.confirmed_quotas",
        gettext_lazy("摊派扣分"),
        RuleKind.DEDUCTION,
        gettext_lazy("疑似摊派经办公室核查确认的,每起扣分,扣分不超过上限"),
        Decimal(5),
        Decimal(10),
        measure_confirmed_quotas,
        order=110,
    )
)
register_rule(
    Rule(
        "donations.substantiated_concerns",
        gettext_lazy("群众反映属实扣分"),
        RuleKind.DEDUCTION,
        gettext_lazy("募捐中的群众反映经监督(纪检)核查属实的,每件扣涉及单位的分,扣分不超过上限"),
        Decimal(3),
        Decimal(9),
        measure_substantiated_concerns,
        order=120,
    )
)
