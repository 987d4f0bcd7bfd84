"""The registry's API: numbers masked, the full number only for those allowed and logged; scope is 404."""

import pytest

from fupin.audit.models import AuditEvent
from fupin.households.models import Household
from fupin.orgs.tests.factories import UnitFactory

from .factories import household

pytestmark = pytest.mark.django_db


def test_the_api_lists_households_with_the_number_masked(tree, county_officer, make_user, login):
    household(county_officer, tree.village1, "王大山", "430524199006071213")
    viewer = make_user("dy_viewer", tree.county1, "viewer")
    response = login(viewer).get("/api/v1/households")
    assert response.status_code == 200
    body = response.content.decode()
    assert "430524199006071213" not in body
    assert [(h["head_name"], h["head_id_masked"]) for h in response.json()["items"]] == [
        ("王大山", "4305**********1213")
    ]


def test_the_api_never_unmasks_without_the_permission(tree, county_officer, make_user, login):
    made = household(county_officer, tree.village1, "王大山", "430524199006071213")
    viewer = make_user("dy_viewer", tree.county1, "viewer")
    assert login(viewer).post(f"/api/v1/households/{made.pk}/reveal").status_code == 404
    assert not AuditEvent.objects.filter(action="view_personal").exists()


def test_the_api_full_view_is_logged(tree, county_officer, login):
    made = household(county_officer, tree.village1, "王大山", "430524199006071213")
    response = login(county_officer).post(f"/api/v1/households/{made.pk}/reveal")
    assert response.json() == {"id": made.pk, "id_number": "430524199006071213"}
    assert AuditEvent.objects.filter(action="view_personal", target_id=str(made.pk)).count() == 1


def test_the_api_registers_a_household_and_refuses_a_bad_number(tree, county_officer, login):
    client = login(county_officer)
    payload = {
        "village_id": tree.village1.pk,
        "head_name": "李四海",
        "id_number": "430524196511220846",
        "category": "borderline",
    }
    bad = client.post("/api/v1/households", payload, content_type="application/json")
    assert (bad.status_code, bad.json()) == (400, {"detail": "身份证号校验码不正确,请核对是否输错"})
    assert Household.objects.count() == 0
    payload["id_number"] = "430524196511220845"
    good = client.post("/api/v1/households", payload, content_type="application/json")
    assert (good.status_code, good.json()["head_id_masked"]) == (201, "4305**********0845")


def test_another_countys_household_is_404_over_the_api(tree, county_officer, make_user, login):
    village2 = UnitFactory(parent=tree.county2, name="白马村", code="QH-XC-V1", kind="village")
    theirs = household(make_user("xc_office", tree.county2, "office_admin"), village2)
    assert login(county_officer).get(f"/api/v1/households/{theirs.pk}").status_code == 404
