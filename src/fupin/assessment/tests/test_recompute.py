"""Recomputing rewrites every line in bulk, but a line a unit queried keeps its id, its query and its place."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from fupin.assessment import services
from fupin.assessment.models import AssessmentLine, AssessmentQuery, AssessmentResult

from .factories import ON_TIME, city_campaign, hand_in, scheme, task_of

pytestmark = pytest.mark.django_db

BOTH = (("campaigns.timeliness", 40, None), ("campaigns.first_approval", 20, None))


@pytest.fixture
def queried(tree, city_officer, make_user):
    campaign = city_campaign(city_officer, tree.city)
    made = scheme(city_officer, campaign, *BOTH, query_until=timezone.now() + timedelta(days=3))
    services.compute_results(by=city_officer, scheme=made)
    reporter = make_user("s1", tree.school1, "reporter")
    line = AssessmentLine.objects.get(result__unit=tree.school1, rule_key="campaigns.timeliness")
    services.raise_query(by=reporter, line=line, text="活动总结已于10月18日线下送达扶贫办")
    return campaign, made, reporter, line


def test_a_queried_line_keeps_its_id_and_takes_the_recomputed_points(tree, city_officer, queried):
    campaign, made, reporter, line = queried
    assert line.points == Decimal("0.00")
    hand_in(reporter, task_of(campaign, tree.school1), at=ON_TIME)
    services.compute_results(by=city_officer, scheme=made)
    again = AssessmentLine.objects.get(pk=line.pk)
    assert (again.result_id, again.rule_key, again.points) == (line.result_id, "campaigns.timeliness", Decimal("40.00"))
    assert again.explanation == "应报 1 项:按时 1 项得全分,逾期 0 项得一半,未报 0 项不得分"
    assert (again.evidence_url, again.evidence_label) == (f"/tasks/{task_of(campaign, tree.school1).pk}/", "报送任务")
    assert AssessmentQuery.objects.get().line_id == line.pk
    assert AssessmentLine.objects.filter(result__scheme=made).count() == 4
    assert AssessmentResult.objects.get(unit=tree.school1).total == Decimal("60.00")


def test_dropping_a_rule_takes_its_queried_lines_with_their_queries(tree, city_officer, queried):
    campaign, made, _reporter, line = queried
    scheme(city_officer, campaign, ("campaigns.first_approval", 20, None))
    services.compute_results(by=city_officer, scheme=made)
    assert not AssessmentLine.objects.filter(pk=line.pk).exists()
    assert not AssessmentQuery.objects.exists()
    assert sorted(AssessmentLine.objects.values_list("result__unit__name", "rule_key", "points")) == [
        ("东阳县第一中学", "campaigns.first_approval", Decimal("20.00")),
        ("西川县第一中学", "campaigns.first_approval", Decimal("20.00")),
    ]
