"""The pairing pages as the office and the cadre use them: a pairing entered, a visit recorded with a photo."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from fupin.households.tests.factories import household
from fupin.orgs.tests.factories import school
from fupin.pairing.models import Pairing, Visit
from fupin.pairing.services import create_pairing

from .factories import cadre_pairing, jpeg

pytestmark = pytest.mark.django_db


def test_the_office_pairs_a_cadre_with_a_household_on_the_page(tree, make_user, county_officer, login):
    cadre = make_user("dy_cadre", tree.county1, "cadre", name="刘海波")
    made = household(county_officer, tree.village1)
    client = login(county_officer)
    form = {
        "kind": "cadre_household",
        "unit": tree.county1.pk,
        "cadre": cadre.pk,
        "household": made.pk,
        "started_on": "2025-09-01",
    }
    response = client.post(reverse("pairing_create"), form)
    pairing = Pairing.objects.get()
    assert response.status_code == 302
    assert (pairing.cadre, pairing.household) == (cadre, made)
    again = client.post(reverse("pairing_create"), form)
    assert "该户已有帮扶责任人 刘海波(2025-09-01 起),请先结束原结对" in again.content.decode()
    assert Pairing.objects.count() == 1


def test_a_cadre_records_a_visit_with_a_photo_and_measures(tree, make_user, county_officer, login):
    cadre = make_user("dy_cadre", tree.county1, "cadre", name="刘海波")
    pairing = cadre_pairing(county_officer, tree.county1, cadre, tree.village1)
    client = login(cadre)
    form = {
        "kind": "home_visit",
        "visited_on": "2025-10-10",
        "visitors": "刘海波",
        "living": "住房安全",
        "poverty_causes": ["illness"],
        "measures": "协助办理慢性病门诊报销",
        "follow_up_on": "2025-10-24",
        "photos": [SimpleUploadedFile("入户.jpg", jpeg())],
    }
    response = client.post(reverse("visit_create", args=[pairing.pk]), form)
    made = Visit.objects.get()
    assert response.status_code == 302
    assert (made.measures, made.poverty_causes, made.photos.count()) == ("协助办理慢性病门诊报销", ["illness"], 1)
    detail = client.get(reverse("visit_detail", args=[made.pk])).content.decode()
    assert "协助办理慢性病门诊报销" in detail
    assert "<dd>因病</dd>" in detail
    photo = made.photos.get()
    assert client.get(reverse("visit_photo", args=[photo.pk]))["Content-Type"] == "image/jpeg"


def test_a_broken_photo_is_refused_with_its_name_and_nothing_is_written(tree, make_user, county_officer, login):
    cadre = make_user("dy_cadre", tree.county1, "cadre")
    pairing = cadre_pairing(county_officer, tree.county1, cadre, tree.village1)
    form = {
        "kind": "home_visit",
        "visited_on": "2025-10-10",
        "visitors": "刘海波",
        "photos": [SimpleUploadedFile("假照片.jpg", b"<html>not a photo</html>")],
    }
    page = login(cadre).post(reverse("visit_create", args=[pairing.pk]), form).content.decode()
    assert "「假照片.jpg」不是可识别的照片,或文件已损坏" in page
    assert Visit.objects.count() == 0


def test_the_office_ends_a_pairing(tree, make_user, county_officer, login):
    cadre = make_user("dy_cadre", tree.county1, "cadre")
    pairing = cadre_pairing(county_officer, tree.county1, cadre, tree.village1)
    login(county_officer).post(reverse("pairing_end", args=[pairing.pk]), {"ended_on": "2025-12-31"})
    pairing.refresh_from_db()
    assert pairing.ended_on == date(2025, 12, 31)


def test_a_school_reporter_records_the_joint_activity_of_its_school_pairing(tree, county_officer, make_user, login):
    rural = school(tree.town1, "石桥镇中心小学", code="QH-DY-S03", area="rural")
    pairing = create_pairing(
        by=county_officer, kind="school_school", unit=tree.school1, partner_unit=rural, started_on=date(2025, 9, 1)
    )
    client = login(make_user("dy1_reporter", tree.school1, "reporter"))
    form = {
        "kind": "joint_activity",
        "visited_on": "2025-10-16",
        "visitors": "两校师生代表",
        "place": "石桥镇中心小学",
        "participants": "120",
    }
    response = client.post(reverse("visit_create", args=[pairing.pk]), form)
    assert response.status_code == 302
    assert Visit.objects.get().participants == 120
