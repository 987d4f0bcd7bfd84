"""The results over REST are scoped like the pages."""

from datetime import timedelta

import pytest
from django.utils import timezone

from fupin.assessment import services
from fupin.assessment.models import AssessmentResult

from .factories import LATE, city_campaign, hand_in, scheme, task_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def scored(tree, city_officer, make_user):
    campaign = city_campaign(city_officer, tree.city)
    hand_in(make_user("s2", tree.school2, "reporter"), task_of(campaign, tree.school2), at=LATE)
    until = timezone.now() + timedelta(days=3)
    made = scheme(city_officer, campaign, ("campaigns.timeliness", 40, None), query_until=until)
    services.compute_results(by=city_officer, scheme=made)
    return campaign


def test_office_reads_every_result_with_its_lines(tree, city_officer, scored, login):
    client = login(city_officer)
    listed = client.get("/api/v1/assessment/results", {"campaign_id": scored.pk}).json()
    assert [(r["unit_name"], r["total"]) for r in listed["items"]] == [
        ("东阳县第一中学", "0.00"),
        ("西川县第一中学", "20.00"),
    ]
    pk = AssessmentResult.objects.get(unit=tree.school2).pk
    detail = client.get(f"/api/v1/assessment/results/{pk}").json()
    assert detail["lines"][0]["explanation"] == "应报 1 项:按时 0 项得全分,逾期 1 项得一半,未报 0 项不得分"


def test_unit_reads_only_its_own_result_over_the_api(tree, make_user, scored, login):
    client = login(make_user("s1", tree.school1, "reporter"))
    listed = client.get("/api/v1/assessment/results").json()
    assert [r["unit_name"] for r in listed["items"]] == ["东阳县第一中学"]
    theirs = AssessmentResult.objects.get(unit=tree.school2).pk
    assert client.get(f"/api/v1/assessment/results/{theirs}").status_code == 404
