"""The commendation pages as forms: a refusal comes back on the page in Chinese with nothing written, and list
pages read a bounded number of queries however many rows they show."""

import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from fupin.commendations import services
from fupin.commendations.models import Nomination, NominationEvidence
from fupin.publicity.models import Photo
from fupin.publicity.tests.factories import jpeg

from .factories import DEEDS, city_campaign, selected

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign(city_officer, tree):
    return city_campaign(city_officer, tree)


def test_a_nomination_posted_without_deeds_is_refused_on_the_page(tree, school_reporter, campaign, login):
    form = {
        "unit": tree.school1.pk,
        "campaign": campaign.pk,
        "category": "individual",
        "kind": "teacher",
        "name": "李明华",
        "nominee_unit": "东阳县第一中学",
        "deeds": "",
    }
    response = login(school_reporter).post(reverse("honour_nomination_create"), form)
    assert response.status_code == 200
    assert "请填写先进事迹:做了什么、取得了什么成效" in response.content.decode()
    assert Nomination.objects.count() == 0


def test_a_review_without_a_reason_says_why_on_the_nomination(tree, school_reporter, county_officer, campaign, login):
    made = services.nominate(
        by=school_reporter,
        unit=tree.school1,
        campaign=campaign,
        category="individual",
        kind="teacher",
        name="李明华",
        nominee_unit="东阳县第一中学",
        deeds=DEEDS,
    )
    services.submit_nomination(by=school_reporter, nomination=made)
    client = login(county_officer)
    form = {"office": tree.county1.pk, "decision": "select", "reason": ""}
    response = client.post(reverse("nomination_review", args=[made.pk]), form, follow=True)
    assert "未能审核:请填写审核意见(入选、不入选或退回的理由)" in response.content.decode()
    assert Nomination.objects.get().status == "submitted"


def test_list_pages_read_a_bounded_number_of_queries(
    tree, school_reporter, county_officer, city_officer, campaign, login, client, django_assert_max_num_queries
):
    made = [
        selected(school_reporter, tree.school1, campaign, county_officer, tree.county1, forward=True, name=name)
        for name in ("李明华", "周敏", "陈刚")
    ]
    clist = services.create_commendation_list(
        by=city_officer, office=tree.city, campaign=campaign, title="表彰名单", issued_on=date(2026, 10, 25)
    )
    for nomination in made:
        services.add_to_list(by=city_officer, commendation_list=clist, nomination=nomination)
    services.publish_list(by=city_officer, commendation_list=clist)
    with django_assert_max_num_queries(8):
        assert client.get(reverse("public_commendation_list", args=[clist.pk])).status_code == 200
    with django_assert_max_num_queries(6):
        assert client.get(reverse("public_commendation_lists")).status_code == 200
    staff = login(city_officer)
    with django_assert_max_num_queries(16):
        assert staff.get(reverse("honour_nomination_list")).status_code == 200
    with django_assert_max_num_queries(16):
        assert staff.get(reverse("commendation_list_detail", args=[clist.pk])).status_code == 200


def test_the_nomination_list_filters_by_status_and_exports_what_it_shows(
    tree, school_reporter, county_officer, campaign, login
):
    selected(school_reporter, tree.school1, campaign, county_officer, tree.county1, name="李明华")
    services.nominate(
        by=school_reporter,
        unit=tree.school1,
        campaign=campaign,
        category="individual",
        kind="cadre",
        name="周敏",
        nominee_unit="东阳县第一中学",
        deeds=DEEDS,
    )
    client = login(county_officer)
    page = client.get(reverse("honour_nomination_list"), {"status": "selected"}).content.decode()
    assert "李明华" in page and "周敏" not in page
    response = client.get(reverse("honour_nomination_list"), {"status": "selected", "format": "xlsx"})
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[-1][:7] == ("李明华", "先进个人", "教师", "东阳县第一中学", "东阳县第一中学", "已入选", "东阳县教育局")
    assert len([r for r in rows if r[0] in ("李明华", "周敏")]) == 1


def _draft(tree, school_reporter, campaign):
    return services.nominate(
        by=school_reporter,
        unit=tree.school1,
        campaign=campaign,
        category="individual",
        kind="student_volunteer",
        name="王小雨",
        nominee_unit="东阳县第一中学",
        deeds=DEEDS,
    )


def test_evidence_that_is_not_a_document_is_refused_on_the_page(tree, school_reporter, campaign, login):
    made = _draft(tree, school_reporter, campaign)
    upload = SimpleUploadedFile("证书.pdf", b"<html><script>alert(1)</script></html>", content_type="application/pdf")
    url = reverse("nomination_evidence_add", args=[made.pk])
    response = login(school_reporter).post(url, {"title": "获奖证书", "document": upload})
    assert response.status_code == 200
    assert (
        "「证书.pdf」不是 PDF、Word(.docx)或 Excel(.xlsx)文件;旧版 .doc/.xls 请另存为新格式"
        in response.content.decode()
    )
    assert NominationEvidence.objects.count() == 0


def test_a_minors_photo_without_consent_is_refused_on_the_page(tree, school_reporter, campaign, login):
    made = _draft(tree, school_reporter, campaign)
    upload = SimpleUploadedFile("志愿服务.jpg", jpeg(), content_type="image/jpeg")
    form = {"photo": upload, "caption": "王小雨在敬老院志愿服务", "taken_on": "2026-10-12", "theme": "education"}
    response = login(school_reporter).post(
        reverse("nomination_photo_add", args=[made.pk]), form | {"shows_minors": "on"}
    )
    assert response.status_code == 200
    assert "照片「志愿服务.jpg」含可辨认的未成年人,须先取得监护人同意公开" in response.content.decode()
    assert Photo.objects.count() == 0


def test_the_county_workbench_lists_nominations_waiting_for_its_review(
    tree, school_reporter, county_officer, city_officer, campaign, login
):
    made = _draft(tree, school_reporter, campaign)
    assert "待审核的先进典型推荐" not in login(county_officer).get(reverse("home")).content.decode()
    services.submit_nomination(by=school_reporter, nomination=made)
    page = login(county_officer).get(reverse("home")).content.decode()
    assert "待审核的先进典型推荐" in page and "王小雨" in page
    assert "待审核的先进典型推荐" not in login(school_reporter).get(reverse("home")).content.decode()
