"""Every commendation page that takes an id answers 404 outside the user's subtree; the public sees only
published lists and the photos of their entries."""

from datetime import date

import pytest
from django.urls import reverse

from fupin.commendations import services
from fupin.lib.uploads import check_document
from fupin.publicity.tests.factories import checked

from .factories import city_campaign, nomination, selected
from .test_nomination_rules import _blank_pdf

pytestmark = pytest.mark.django_db

ID_VIEWS = [
    ("honour_nomination_detail", "get", "nomination"),
    ("nomination_edit", "get", "nomination"),
    ("nomination_photo_add", "get", "nomination"),
    ("nomination_evidence_add", "get", "nomination"),
    ("nomination_photo_pick", "post", "nomination"),
    ("nomination_submit", "post", "nomination"),
    ("nomination_review", "post", "submitted"),
    ("nomination_forward", "post", "selected"),
    ("evidence_file", "get", "evidence"),
    ("commendation_list_detail", "get", "list"),
    ("commendation_entry_add", "post", "list"),
    ("commendation_list_publish", "post", "list"),
    ("commendation_entry_move", "post", "draft_entry"),
    ("commendation_entry_remove", "post", "draft_entry"),
    ("public_commendation_list", "get", "draft_list"),
    ("public_commendation_list_pdf", "get", "draft_list"),
    ("public_commendation_case", "get", "draft_entry"),
    ("commendation_certificate", "get", "draft_entry"),
    ("public_commendation_photo", "get", "unlisted_photo"),
]


@pytest.fixture
def theirs(tree, make_user, city_officer):
    """County 2's nominations and its own draft list."""
    campaign = city_campaign(city_officer, tree)
    office = make_user("xc_office", tree.county2, "office_admin")
    reporter = make_user("xc_reporter", tree.school2, "reporter")
    draft = nomination(reporter, tree.school2, campaign, name="王芳", nominee_unit="西川县第一中学")
    evidence = services.add_evidence(
        by=reporter, nomination=draft, title="获奖证书", document=check_document("证书.pdf", _blank_pdf())
    )
    submitted = nomination(reporter, tree.school2, campaign, name="刘洋", nominee_unit="西川县第一中学")
    services.submit_nomination(by=reporter, nomination=submitted)
    chosen = selected(reporter, tree.school2, campaign, office, tree.county2, name="孙丽")
    clist = services.create_commendation_list(
        by=office, office=tree.county2, campaign=campaign, title="西川县表彰名单", issued_on=date(2026, 10, 25)
    )
    entry = services.add_to_list(by=office, commendation_list=clist, nomination=chosen)
    return {
        "nomination": draft.pk,
        "submitted": submitted.pk,
        "selected": chosen.pk,
        "evidence": evidence.pk,
        "list": clist.pk,
        "draft_list": clist.pk,
        "draft_entry": entry.pk,
        "unlisted_photo": _photo(reporter, draft),
    }


def _photo(reporter, made) -> int:
    link = services.add_nomination_photo(
        by=reporter,
        nomination=made,
        photo=checked(),
        caption="王芳老师辅导学生",
        taken_on=date(2026, 10, 12),
        theme="education",
    )
    return link.photo_id


@pytest.mark.parametrize(("name", "method", "target"), ID_VIEWS)
def test_another_countys_commendation_pages_give_404(
    name, method, target, county_officer, school_reporter, theirs, login
):
    for user in (county_officer, school_reporter):
        response = getattr(login(user), method)(reverse(name, args=[theirs[target]]))
        assert response.status_code == 404


def test_a_school_sees_its_own_nominations_and_not_a_neighbours(tree, school_reporter, city_officer, theirs, login):
    mine = nomination(school_reporter, tree.school1, city_campaign(city_officer, tree), name="李明华")
    page = login(school_reporter).get(reverse("honour_nomination_list")).content.decode()
    assert "李明华" in page
    assert "王芳" not in page and "刘洋" not in page
    assert login(school_reporter).get(reverse("honour_nomination_detail", args=[mine.pk])).status_code == 200


def test_a_school_cannot_publish_lists(school_reporter, theirs, login):
    page = login(school_reporter).get(reverse("commendation_list_index")).content.decode()
    assert "新建表彰名单" not in page
    assert "西川县表彰名单" not in page
