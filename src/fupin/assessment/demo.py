"""Demo: the city's 年度考核 of this year's campaign with every rule of the catalogue at its default weight and
cap, scored from the demo data, its draft open to the units for queries for ten days, and one query from a
school waiting for the office's answer."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from fupin.orgs.models import User

from . import services
from .models import AssessmentLine
from .rules import ordered_rules


@transaction.atomic
def build(ctx: dict) -> None:
    office = User.objects.get(username="city_admin")
    choices = [services.RuleChoice(r.key, r.default_weight, r.default_cap) for r in ordered_rules()]
    until = timezone.now() + timedelta(days=10)
    scheme = services.configure_scheme(by=office, campaign=ctx["campaign"], choices=choices, query_until=until)
    services.compute_results(by=office, scheme=scheme)
    reporter = User.objects.filter(username="school1_reporter").first()
    line = AssessmentLine.objects.filter(
        result__scheme=scheme, result__unit__memberships__user=reporter, rule_key="campaigns.timeliness"
    ).first()
    if reporter is not None and line is not None:
        services.raise_query(
            by=reporter, line=line, text="我校活动方案已按时报送县教育局,县级方案细化后截止时间提前,请核实逾期认定。"
        )
    ctx["assessment_scheme"] = scheme
