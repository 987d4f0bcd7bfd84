"""Events, photos and media reports over REST: scoped like the pages, written through the same services."""

import pytest

from fupin.publicity.models import Event
from fupin.publicity.services import record_media_report

from .factories import HELD_ON, event, photo

pytestmark = pytest.mark.django_db


def test_the_api_lists_only_the_users_subtree(tree, make_user, school_reporter, county_officer, login):
    other = make_user("xc_reporter", tree.school2, "reporter")
    mine = event(school_reporter, tree.school1, title="一中班会")
    theirs = event(other, tree.school2, title="西川班会")
    photo(school_reporter, tree.school1, "一中照片", event=mine)
    photo(other, tree.school2, "西川照片")
    record_media_report(
        by=other,
        unit=tree.school2,
        outlet_level="county",
        outlet="西川融媒",
        title="西川报道",
        published_on=HELD_ON,
        link="https://example.org/x",
    )
    client = login(county_officer)
    events = client.get("/api/v1/events").json()
    assert [(e["title"], e["participants"]) for e in events["items"]] == [("一中班会", 47)]
    assert [p["caption"] for p in client.get("/api/v1/photos").json()["items"]] == ["一中照片"]
    assert client.get("/api/v1/media-reports").json()["items"] == []
    assert client.get(f"/api/v1/events/{theirs.pk}").status_code == 404


def test_an_event_recorded_over_the_api_in_the_future_is_refused_with_the_reason(tree, school_reporter, login):
    client = login(school_reporter)
    payload = {
        "unit_id": tree.school1.pk,
        "kind": "class_meeting",
        "title": "班会",
        "held_on": "2099-10-16",
        "place": "教室",
        "students": 40,
    }
    response = client.post("/api/v1/events", payload, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["detail"].startswith("活动日期不能晚于今天(")
    assert Event.objects.count() == 0
    good = client.post("/api/v1/events", payload | {"held_on": "2026-10-16"}, content_type="application/json")
    assert (good.status_code, good.json()["participants"]) == (201, 40)
