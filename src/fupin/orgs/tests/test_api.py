"""The REST API under /api/v1/: documented, authenticated by session or token, scoped like the pages."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from fupin.orgs.tokens import issue_token, revoke_token


def test_the_openapi_document_and_docs_page_are_served(client):
    doc = client.get("/api/v1/openapi.json").json()
    assert {"/api/v1/units", "/api/v1/units/{unit_id}", "/api/v1/units/{unit_id}/members"} <= set(doc["paths"])
    assert client.get("/api/v1/docs").status_code == 200


def test_units_are_listed_within_the_session_users_subtree(county_officer, tree, login):
    body = login(county_officer).get("/api/v1/units").json()
    codes = {u["code"] for u in body["items"]}
    assert codes == {"QH-DY", "QH-DY-S01", "QH-DY-T1", "QH-DY-T1-V1"}
    assert body["count"] == 4


def test_a_token_authenticates_and_a_revoked_token_does_not(county_officer, tree, client):
    raw = issue_token(by=county_officer, name="数据对接")
    headers = {"Authorization": f"Token {raw}"}
    assert client.get(f"/api/v1/units/{tree.school1.pk}", headers=headers).json()["name"] == "东阳县第一中学"
    revoke_token(by=county_officer, token=county_officer.api_tokens.get())
    assert client.get(f"/api/v1/units/{tree.school1.pk}", headers=headers).status_code == 401


def test_a_wrong_token_is_refused(client, tree):
    assert client.get("/api/v1/units", headers={"Authorization": "Token fp_nope"}).status_code == 401


def test_members_of_a_unit(county_officer, school_reporter, tree, login):
    members = login(county_officer).get(f"/api/v1/units/{tree.school1.pk}/members").json()
    assert [(m["username"], m["role"]) for m in members] == [("school_reporter", "reporter")]
    assert members[0]["role_label"] == "报送员"


def test_me_lists_my_roles(school_reporter, login):
    me = login(school_reporter).get("/api/v1/me").json()
    assert me["username"] == "school_reporter" and me["memberships"][0]["role"] == "reporter"


def test_the_unit_list_costs_a_fixed_number_of_queries(city_officer, tree, login):
    client = login(city_officer)
    client.get("/api/v1/units")
    with CaptureQueriesContext(connection) as ctx:
        client.get("/api/v1/units?limit=100")
    assert len(ctx.captured_queries) <= 8
