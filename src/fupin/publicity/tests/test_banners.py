"""Banners and slogans hung by each unit (悬挂宣传标语): recorded with place, date and photo, and counted."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from fupin.campaigns.sources import source_value
from fupin.campaigns.tests.factories import campaign_with_requirements
from fupin.publicity import services
from fupin.publicity.models import Banner, Photo

from .factories import HELD_ON, checked, jpeg

pytestmark = pytest.mark.django_db


def _banner(by, unit, *, campaign=None, slogan="扶贫济困,你我同行", place="学校正门"):
    return services.record_banner(
        by=by, unit=unit, slogan=slogan, place=place, hung_on=HELD_ON, photo=checked(), campaign=campaign
    )


def test_a_banners_photo_enters_the_library_captioned_with_place_and_slogan(tree, school_reporter):
    made = _banner(school_reporter, tree.school1)
    assert made.photo.caption == "学校正门悬挂宣传标语「扶贫济困,你我同行」"
    assert (made.photo.unit, made.photo.taken_on) == (tree.school1, HELD_ON)


def test_a_banner_without_its_slogan_writes_nothing(tree, school_reporter):
    with pytest.raises(ValidationError) as exc:
        _banner(school_reporter, tree.school1, slogan=" ")
    assert exc.value.message_dict == {"slogan": ["请填写标语内容"]}
    assert not Banner.objects.exists() and not Photo.objects.exists()


def test_a_banner_cannot_be_hung_in_the_future(tree, school_reporter):
    with pytest.raises(ValidationError) as exc:
        services.record_banner(
            by=school_reporter,
            unit=tree.school1,
            slogan="标语",
            place="门口",
            hung_on=date(2099, 1, 1),
            photo=checked(),
        )
    assert exc.value.message_dict["hung_on"][0].startswith("悬挂日期不能晚于今天")
    assert not Banner.objects.exists() and not Photo.objects.exists()


def test_table_counts_equal_banner_records(tree, city_officer, school_reporter, make_user):
    campaign = campaign_with_requirements(city_officer, tree.city)
    _banner(school_reporter, tree.school1, campaign=campaign)
    _banner(school_reporter, tree.school1, campaign=campaign, place="教学楼")
    _banner(school_reporter, tree.school1, place="往年")
    other = make_user("xc_reporter", tree.school2, "reporter")
    _banner(other, tree.school2, campaign=campaign)
    assert source_value("publicity.banners", tree.school1, campaign) == 2
    assert source_value("publicity.banners", tree.county1, campaign) == 2
    assert source_value("publicity.banners", tree.city, campaign) == 3


def test_banners_are_recorded_and_listed_on_the_page_only_within_scope(tree, school_reporter, make_user, login):
    other = make_user("xc_reporter", tree.school2, "reporter")
    _banner(other, tree.school2, slogan="西川标语")
    client = login(school_reporter)
    upload = SimpleUploadedFile("标语.jpg", jpeg(), content_type="image/jpeg")
    data = {"slogan": "扶贫日,我们在行动", "place": "操场", "hung_on": "2026-10-15", "unit": tree.school1.pk}
    response = client.post(reverse("banner_create"), data | {"photo": upload})
    assert response.url == reverse("banner_list")
    page = client.get(reverse("banner_list")).content.decode()
    assert "扶贫日,我们在行动" in page
    assert "西川标语" not in page
