"""Photos handed in with campaign tasks appear in the one photo library, under its filters and its scope."""

import pytest
from django.urls import reverse

from fupin.campaigns.models import SubmissionFile, Task
from fupin.campaigns.services import tasks as ts
from fupin.campaigns.tests.factories import campaign_with_requirements, photo

from .factories import photo as library_photo

pytestmark = pytest.mark.django_db


@pytest.fixture
def handed_in(tree, city_officer, school_reporter, make_user):
    campaign = campaign_with_requirements(
        city_officer, tree.city, kind="photos", title="活动照片", photo_min_count=1, caption_required=True
    )
    task = Task.objects.get(requirement__campaign=campaign, unit=tree.school1)
    ts.submit_task(by=school_reporter, task=task, uploads=[photo("升旗.jpg", caption="一中升旗仪式上的扶贫日讲话")])
    other = make_user("xc_reporter", tree.school2, "reporter")
    theirs = Task.objects.get(requirement__campaign=campaign, unit=tree.school2)
    ts.submit_task(by=other, task=theirs, uploads=[photo("西川.jpg", caption="西川一中主题班会")])
    return campaign


def _library(client, **filters) -> str:
    return client.get(reverse("photo_list"), filters).content.decode()


def test_handed_in_photos_appear_in_the_library_of_the_unit_and_its_office(
    tree, handed_in, school_reporter, city_officer, login
):
    page = _library(login(school_reporter))
    assert "一中升旗仪式上的扶贫日讲话" in page
    assert "西川一中主题班会" not in page
    shown = SubmissionFile.objects.get(caption="一中升旗仪式上的扶贫日讲话")
    assert f'src="{reverse("submission_thumbnail", args=[shown.pk])}"' in page  # the thumbnail, not the photo
    page = _library(login(city_officer), unit=tree.county2.pk)
    assert "西川一中主题班会" in page
    assert "一中升旗仪式上的扶贫日讲话" not in page


def test_the_librarys_filters_apply_to_handed_in_photos(tree, handed_in, school_reporter, login):
    library_photo(school_reporter, tree.school1, "茶园丰收", theme="industry")
    client = login(school_reporter)
    assert "一中升旗仪式上的扶贫日讲话" in _library(client, campaign=handed_in.pk, text="升旗")
    assert "一中升旗仪式上的扶贫日讲话" not in _library(client, text="茶园")
    themed = _library(client, theme="industry")
    assert "茶园丰收" in themed
    assert "一中升旗仪式上的扶贫日讲话" not in themed
