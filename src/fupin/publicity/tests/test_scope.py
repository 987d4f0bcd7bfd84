"""Every publicity page that takes an id answers 404 outside the user's subtree; the public sees only photos of
an exhibition open today."""

from datetime import date

import pytest
from django.urls import reverse

from fupin.campaigns.models import SubmissionFile, Task
from fupin.campaigns.services import tasks as ts
from fupin.campaigns.tests.factories import campaign_with_requirements
from fupin.campaigns.tests.factories import photo as upload
from fupin.publicity import services

from .factories import event, photo

pytestmark = pytest.mark.django_db

ID_VIEWS = [
    ("photo_detail", "get", "photo"),
    ("photo_file", "get", "photo"),
    ("photo_thumbnail", "get", "photo"),
    ("photo_select", "post", "photo"),
    ("photo_mark_publishable", "post", "photo"),
    ("handed_in_take", "post", "handed_in"),
    ("event_detail", "get", "event"),
    ("event_sign_in_open", "post", "event"),
    ("event_qr", "get", "signed"),
    ("exhibition_detail", "get", "exhibition"),
    ("exhibition_catalogue", "get", "exhibition"),
    ("entry_move", "post", "entry"),
    ("news_detail", "get", "news"),
    ("news_forward", "post", "news"),
    ("gallery", "get", "closed"),
    ("gallery_photo", "get", "unshown"),
    ("gallery_thumbnail", "get", "unshown"),
    ("handover_create", "get", "exchange"),
]


@pytest.fixture
def theirs(tree, make_user):
    office = make_user("xc_office", tree.county2, "office_admin")
    reporter = make_user("xc_reporter", tree.school2, "reporter")
    made = photo(reporter, tree.school2, "西川班会")
    unshown = photo(reporter, tree.school2, "未展出")
    exhibition = services.create_exhibition(
        by=office, unit=tree.county2, title="西川图片展", opens_on=date(2020, 1, 1), closes_on=date(2099, 1, 1)
    )
    entry = services.place_photo(by=office, section=exhibition.sections.first(), photo=made)
    closed = services.create_exhibition(
        by=office, unit=tree.county2, title="往年图片展", opens_on=date(2020, 1, 1), closes_on=date(2020, 2, 1)
    )
    hand_in = campaign_with_requirements(office, tree.county2, kind="photos", title="活动照片", photo_min_count=1)
    ts.submit_task(
        by=reporter,
        task=Task.objects.get(requirement__campaign=hand_in, unit=tree.school2),
        uploads=[upload("西川.jpg", caption="西川一中主题班会")],
    )
    return {
        "handed_in": SubmissionFile.objects.get(caption="西川一中主题班会").pk,
        "photo": made.pk,
        "event": event(reporter, tree.school2).pk,
        "signed": services.open_sign_in(by=reporter, event=event(reporter, tree.school2, title="签到")).pk,
        "exhibition": exhibition.pk,
        "entry": entry.pk,
        "closed": closed.pk,
        "unshown": unshown.pk,
        "exchange": event(reporter, tree.school2, title="手拉手", kind="city_rural_exchange").pk,
        "news": services.send_news(by=reporter, unit=tree.school2, title="西川信息", body="正文").pk,
    }


@pytest.mark.parametrize(("name", "method", "target"), ID_VIEWS)
def test_another_countys_publicity_pages_give_404(name, method, target, county_officer, school_reporter, theirs, login):
    for user in (county_officer, school_reporter):
        response = getattr(login(user), method)(reverse(name, args=[theirs[target]]))
        assert response.status_code == 404


def test_a_school_sees_its_own_photos_and_not_a_neighbours(tree, school_reporter, theirs, login):
    mine = photo(school_reporter, tree.school1, "一中班会")
    page = login(school_reporter).get(reverse("photo_list")).content.decode()
    assert "一中班会" in page
    assert "西川班会" not in page
    assert login(school_reporter).get(reverse("photo_detail", args=[mine.pk])).status_code == 200


def test_a_school_cannot_manage_exhibitions(school_reporter, login):
    assert login(school_reporter).get(reverse("exhibition_list")).status_code == 404
    assert login(school_reporter).get(reverse("selection_list")).status_code == 404
