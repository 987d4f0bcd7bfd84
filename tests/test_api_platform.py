"""The REST API as a whole: its docs page, token versus session writes (CSRF), and out-of-range paging."""

import pytest
from django.contrib.staticfiles import finders
from django.test import Client

from fupin.api import CSRF_REFUSED
from fupin.donations.models import Donation
from fupin.donations.tests.staff_data import staffed_drive
from fupin.orgs.tokens import issue_token

DONATION = {"channel": "transfer", "donor_type": "individual", "donor_name": "张三", "amount_yuan": "300.50"}


@pytest.fixture
def staffed(tree):
    return staffed_drive(tree.county1, "dy")


@pytest.fixture
def strict_client():
    """A client that checks CSRF as a browser's request would be checked."""
    return Client(enforce_csrf_checks=True)


def test_the_docs_page_loads_swagger_ui_from_the_site_itself(client):
    response = client.get("/api/v1/docs")

    html = response.content.decode()
    assert response.status_code == 200
    assert '<script src="/static/vendor/swagger-ui/swagger-ui-bundle.js"></script>' in html
    assert '<link rel="stylesheet" href="/static/vendor/swagger-ui/swagger-ui.css">' in html
    assert "cdn" not in html.lower() and "https://" not in html
    assert "script-src 'self' 'nonce-" in response["Content-Security-Policy"]
    assert finders.find("vendor/swagger-ui/swagger-ui-bundle.js") is not None


def test_a_finance_officers_token_can_post_without_a_csrf_token(staffed, strict_client):
    raw = issue_token(by=staffed.finance, name="财务对接")

    response = strict_client.post(
        f"/api/v1/drives/{staffed.drive.pk}/donations",
        DONATION,
        content_type="application/json",
        headers={"Authorization": f"Token {raw}"},
    )

    assert response.status_code == 201
    assert response.json()["amount_fen"] == 30050
    assert Donation.objects.get().donor_name == "张三"


def test_a_session_write_without_the_csrf_token_is_refused(staffed, strict_client):
    strict_client.force_login(staffed.finance)

    response = strict_client.post(
        f"/api/v1/drives/{staffed.drive.pk}/donations", DONATION, content_type="application/json"
    )

    assert response.status_code == 403
    assert response.json() == {"detail": CSRF_REFUSED}
    assert CSRF_REFUSED.startswith("CSRF 校验失败")
    assert not Donation.objects.exists()


def test_a_session_write_with_the_csrf_token_is_accepted(staffed, strict_client):
    strict_client.force_login(staffed.finance)
    strict_client.get("/api/v1/docs")  # the page sets the CSRF cookie, as in a browser
    token = strict_client.cookies["csrftoken"].value

    response = strict_client.post(
        f"/api/v1/drives/{staffed.drive.pk}/donations",
        DONATION,
        content_type="application/json",
        headers={"X-CSRFToken": token},
    )

    assert response.status_code == 201 and Donation.objects.count() == 1


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("limit=0", "查询参数 limit:不得小于 1"),
        ("limit=501", "查询参数 limit:不得大于 500"),
        ("limit=100000000000000000000000", "查询参数 limit:不得大于 500"),
        ("offset=-1", "查询参数 offset:不得小于 0"),
        ("offset=1000000001", "查询参数 offset:不得大于 1000000000"),
        ("limit=abc", "查询参数 limit:须为整数"),
    ],
)
def test_limit_and_offset_out_of_range_answer_422_in_json(query, message, city_officer, login):
    response = login(city_officer).get(f"/api/v1/units?{query}")

    assert response.status_code == 422
    assert response["Content-Type"].startswith("application/json")
    assert [d["msg"] for d in response.json()["detail"]] == [message]


def test_a_number_too_large_for_the_database_answers_422(city_officer, login):
    response = login(city_officer).get("/api/v1/tasks?campaign=99999999999999999999")

    assert response.status_code == 422
    assert [d["msg"] for d in response.json()["detail"]] == ["查询参数 campaign:不得大于 9223372036854775807"]
