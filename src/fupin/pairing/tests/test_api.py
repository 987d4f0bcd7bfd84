"""Pairings, visits and coverage over REST: scoped like the pages, the same rules, the same figures."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from fupin.orgs.tests.factories import UnitFactory
from fupin.pairing.models import Visit

from .coverage_data import build
from .factories import cadre_pairing

pytestmark = pytest.mark.django_db


def test_a_cadre_lists_only_their_own_pairings_with_households_masked(tree, make_user, county_officer, login):
    world = build(tree, make_user, county_officer)
    items = login(world.liu).get("/api/v1/pairings").json()["items"]
    assert sorted((p["partner"], p["household_head_id_masked"]) for p in items) == [
        ("石桥东村 · 李四海", "4305**********0845"),
        ("石桥东村 · 王大山", "4305**********1213"),
    ]


def test_a_visit_dated_in_the_future_is_refused_over_the_api(tree, make_user, county_officer, login):
    cadre = make_user("dy_cadre", tree.county1, "cadre")
    pairing = cadre_pairing(county_officer, tree.county1, cadre, tree.village1)
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = login(cadre).post(
        f"/api/v1/pairings/{pairing.pk}/visits",
        {"visited_on": tomorrow.isoformat(), "visitors": "刘海波"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["detail"].startswith("走访日期不能晚于今天(")
    assert Visit.objects.count() == 0
    good = login(cadre).post(
        f"/api/v1/pairings/{pairing.pk}/visits",
        {"visited_on": "2025-10-10", "visitors": "刘海波", "measures": "落实教育资助"},
        content_type="application/json",
    )
    assert (good.status_code, good.json()["measures"]) == (201, "落实教育资助")


def test_coverage_over_the_api_has_the_page_figures(tree, make_user, county_officer, login):
    build(tree, make_user, county_officer)
    body = login(county_officer).get(f"/api/v1/coverage/{tree.county1.pk}?start=2025-10-01&end=2025-10-31").json()
    assert body["total"] == {
        "name": "东阳县教育局",
        "paired": 3,
        "visited": 2,
        "unvisited": 1,
        "visits": 3,
        "with_measures": 2,
        "overdue": 1,
        "leader_visits": 1,
    }
    assert [(u["name"], u["paired"], u["visited"]) for u in body["units"]] == [
        ("东阳县教育局", 2, 1),
        ("东阳县第一中学", 1, 1),
    ]


def test_another_countys_pairings_visits_and_coverage_are_404_over_the_api(tree, make_user, county_officer, login):
    village2 = UnitFactory(parent=tree.county2, name="白马村", code="QH-XC-V1", kind="village")
    office = make_user("xc_office", tree.county2, "office_admin")
    xc_cadre = make_user("xc_cadre", tree.county2, "cadre")
    theirs = cadre_pairing(office, tree.county2, xc_cadre, village2)
    made = Visit.objects.create(
        pairing=theirs, kind="home_visit", visited_on=date(2025, 10, 10), visitors="吴磊", recorded_by=xc_cadre
    )
    client = login(county_officer)
    for path in (
        f"/api/v1/pairings/{theirs.pk}",
        f"/api/v1/pairings/{theirs.pk}/visits",
        f"/api/v1/visits/{made.pk}",
        f"/api/v1/coverage/{tree.county2.pk}",
    ):
        assert client.get(path).status_code == 404, path
    assert client.get("/api/v1/pairings").json()["items"] == []
