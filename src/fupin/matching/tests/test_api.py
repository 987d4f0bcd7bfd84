"""The wish API: the public sees vetted wishes only, masked; staff read their subtree and reviewers vet."""

import pytest

from fupin.matching.models import MicroWish

from .factories import wish

pytestmark = pytest.mark.django_db


def test_the_public_api_lists_vetted_wishes_masked(people, client):
    wish(people.village_reporter, people.campaign, people.household, title="未审核")
    shown = people.open_wish(title="一个新书包", value_fen=12_000)
    body = client.get("/api/v1/public/wishes").json()
    assert body["count"] == 1
    assert body["items"] == [
        {
            "id": shown.pk,
            "title": "一个新书包",
            "category": "study_supplies",
            "category_label": "学习用品",
            "value_fen": 12_000,
            "status": "open",
            "status_label": "待认领",
            "name": "王*",
            "village": "石桥东村",
            "reason": "孩子上初中,旧书包已破",
        }
    ]


def test_a_reviewer_returns_a_wish_through_the_api_and_another_county_gets_404(people, login, outsider):
    made = wish(people.village_reporter, people.campaign, people.household)
    client = login(people.town_reviewer)
    url = f"/api/v1/wishes/{made.pk}/return"
    response = client.post(url, {"reason": "请核实价格"}, content_type="application/json")
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["return_reason"]) == ("returned", "请核实价格")
    again = client.post(url, {"reason": "再退一次"}, content_type="application/json")
    assert (again.status_code, again.json()["detail"]) == (400, "该心愿已审核过(当前状态:已退回)")
    assert login(outsider).get(f"/api/v1/wishes/{made.pk}").status_code == 404
    assert MicroWish.objects.get().return_reason == "请核实价格"
