"""Scope: every page and API endpoint that takes an id answers 404 outside the user's subtree."""

import pytest
from django.urls import reverse

from fupin.orgs.models import Membership
from fupin.orgs.tokens import issue_token

# (url name, HTTP method, which object of the sibling subtree the id points to)
ID_VIEWS = [
    ("unit_detail", "get", "unit"),
    ("unit_edit", "get", "unit"),
    ("unit_edit", "post", "unit"),
    ("move_unit", "get", "unit"),
    ("unit_create", "get", "unit"),
    ("unit_create", "post", "unit"),
    ("member_create", "get", "unit"),
    ("grant_role", "get", "unit"),
    ("revoke_role", "post", "membership"),
    ("reset_password", "post", "membership"),
    ("revoke_api_token", "post", "token"),
]
API_PATHS = ["/api/v1/units/{unit}", "/api/v1/units/{unit}/members", "/api/v1/members/{membership}"]


@pytest.fixture
def sibling_objects(tree, outsider, make_user):
    member = make_user("school2_reporter", tree.school2, "reporter")
    issue_token(by=outsider, name="对接")
    return {
        "unit": tree.school2.pk,
        "membership": Membership.objects.get(user=member).pk,
        "token": outsider.api_tokens.get().pk,
    }


@pytest.mark.parametrize(("name", "method", "target"), ID_VIEWS)
def test_a_county_officer_gets_404_for_the_sibling_county(name, method, target, county_officer, sibling_objects, login):
    client = login(county_officer)
    response = getattr(client, method)(reverse(name, args=[sibling_objects[target]]))
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()


@pytest.mark.parametrize("template", API_PATHS)
def test_the_api_answers_404_for_the_sibling_county(template, county_officer, sibling_objects, login):
    client = login(county_officer)
    assert client.get(template.format(**sibling_objects)).status_code == 404


def test_every_orgs_view_that_takes_an_id_is_covered_by_the_scope_test():
    from fupin.orgs import urls

    named = {p.name for p in urls.urlpatterns if "<int:pk>" in str(p.pattern)}
    assert named == {name for name, _method, _target in ID_VIEWS}


def test_missing_and_foreign_ids_look_the_same(county_officer, tree, login):
    client = login(county_officer)
    foreign = client.get(reverse("unit_detail", args=[tree.county2.pk]))
    missing = client.get(reverse("unit_detail", args=[999999]))
    assert foreign.status_code == missing.status_code == 404


def test_a_county_officer_sees_its_own_subtree(county_officer, tree, login):
    client = login(county_officer)
    assert client.get(reverse("unit_detail", args=[tree.village1.pk])).status_code == 200
    listing = client.get(reverse("unit_list")).content.decode()
    assert tree.school1.name in listing and tree.school2.name not in listing
    assert f'href="/units/{tree.city.pk}/"' not in listing


@pytest.mark.parametrize("name", ["import_units", "audit_list", "export_audit"])
def test_a_reporter_cannot_reach_admin_pages(name, school_reporter, login):
    assert login(school_reporter).get(reverse(name)).status_code == 404


def test_a_reporter_cannot_edit_its_own_unit(school_reporter, tree, login):
    client = login(school_reporter)
    assert client.get(reverse("unit_edit", args=[tree.school1.pk])).status_code == 404
    assert client.get(reverse("unit_detail", args=[tree.school1.pk])).status_code == 200


def test_a_reporter_cannot_reach_django_admin(school_reporter, login):
    response = login(school_reporter).get("/admin/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_scope_comes_from_the_user_never_from_parameters(county_officer, tree, login):
    client = login(county_officer)
    listing = client.get(reverse("unit_list"), {"unit": [tree.county2.pk, tree.city.pk]}).content.decode()
    assert tree.school2.name not in listing


def test_anonymous_visitors_are_sent_to_login(anonymous, tree):
    for name, args in [("home", []), ("unit_list", []), ("unit_detail", [tree.city.pk]), ("audit_list", [])]:
        response = anonymous.get(reverse(name, args=args))
        assert response.status_code == 302 and response["Location"].startswith("/login/")
    assert anonymous.get("/api/v1/units").status_code == 401
