"""Every assessment page that takes an id answers 404 outside the user's scope; a unit sees only its own
draft, and only in the query window."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from fupin.assessment import services
from fupin.assessment.models import AssessmentLine, AssessmentResult

from .factories import city_campaign, scheme

pytestmark = pytest.mark.django_db

ID_VIEWS = [
    ("assessment_scheme", "get", "campaign"),
    ("compute_assessment", "post", "campaign"),
    ("publish_assessment", "post", "campaign"),
    ("assessment_ranking", "get", "campaign"),
    ("assessment_result", "get", "result"),
    ("raise_assessment_query", "post", "line"),
    ("answer_assessment_query", "post", "query"),
]


@pytest.fixture
def theirs(tree, city_officer, make_user):
    campaign = city_campaign(city_officer, tree.city)
    made = scheme(city_officer, campaign, ("campaigns.timeliness", 40, None), query_until=timezone.now() + timedelta(1))
    services.compute_results(by=city_officer, scheme=made)
    line = AssessmentLine.objects.get(result__unit=tree.school2)
    query = services.raise_query(by=make_user("s2", tree.school2, "reporter"), line=line, text="请核实报送时间")
    return {"campaign": campaign.pk, "result": line.result_id, "line": line.pk, "query": query.pk}


@pytest.mark.parametrize(("name", "method", "target"), ID_VIEWS)
def test_another_countys_assessment_pages_give_404(
    name, method, target, tree, county_officer, make_user, theirs, login
):
    reporter = make_user("s1", tree.school1, "reporter")
    for user in (county_officer, reporter):
        response = getattr(login(user), method)(reverse(name, args=[theirs[target]]), {"text": "x", "answer": "x"})
        assert response.status_code == 404


def test_unit_sees_only_its_own_draft(tree, make_user, theirs, login):
    client = login(make_user("s1", tree.school1, "reporter"))
    own = AssessmentResult.objects.get(unit=tree.school1)
    assert client.get(reverse("assessment_result", args=[own.pk])).status_code == 200
    assert client.get(reverse("assessment_result", args=[theirs["result"]])).status_code == 404
    page = client.get(reverse("assessment_index")).content.decode()
    assert "东阳县第一中学" in page
    assert "西川县第一中学" not in page


def test_unit_cannot_see_its_draft_before_the_query_window(tree, city_officer, make_user, login):
    campaign = city_campaign(city_officer, tree.city)
    services.compute_results(by=city_officer, scheme=scheme(city_officer, campaign, ("campaigns.timeliness", 40, None)))
    own = AssessmentResult.objects.get(unit=tree.school1)
    client = login(make_user("s1", tree.school1, "reporter"))
    assert client.get(reverse("assessment_result", args=[own.pk])).status_code == 404
