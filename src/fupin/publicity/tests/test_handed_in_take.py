"""A photo a unit handed in with a campaign task enters the one library when its office takes it in (once, with
its caption, unit, campaign and hand-in date), and is then chosen and exhibited like any other; a hand-in
without a caption is not taken in; another county's office cannot reach it."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from fupin.campaigns.models import SubmissionFile, Task
from fupin.campaigns.services import tasks as ts
from fupin.campaigns.tests.factories import campaign_with_requirements, photo
from fupin.publicity import library, services
from fupin.publicity.models import Photo

pytestmark = pytest.mark.django_db


def _hand_in(tree, city_officer, school_reporter, *, caption_required=True, caption="一中升旗仪式上的扶贫日讲话"):
    campaign = campaign_with_requirements(
        city_officer,
        tree.city,
        kind="photos",
        title="活动照片",
        photo_min_count=1,
        caption_required=caption_required,
    )
    task = Task.objects.get(requirement__campaign=campaign, unit=tree.school1)
    ts.submit_task(by=school_reporter, task=task, uploads=[photo("升旗.jpg", caption=caption)])
    return campaign, SubmissionFile.objects.get()


def test_an_office_takes_a_handed_in_photo_into_the_library_once(tree, city_officer, school_reporter, county_officer):
    campaign, handed = _hand_in(tree, city_officer, school_reporter)
    taken = library.take_in_handed_in_photo(by=county_officer, office=tree.county1, file=handed, theme="education")
    assert (taken.caption, taken.unit.name, taken.campaign, taken.source, taken.theme, taken.may_be_public) == (
        "一中升旗仪式上的扶贫日讲话",
        "东阳县第一中学",
        campaign,
        "task",
        "education",
        True,
    )
    assert taken.thumbnail.name and (taken.width, taken.height) == (2400, 1600)
    with pytest.raises(ValidationError) as refused:
        library.take_in_handed_in_photo(by=county_officer, office=tree.county1, file=handed, theme="education")
    assert refused.value.messages == ["「一中升旗仪式上的扶贫日讲话」已收入图片库"]
    assert Photo.objects.count() == 1
    chosen = services.select_photo(by=county_officer, office=tree.county1, photo=taken, reason="主题鲜明")
    exhibition = services.create_exhibition(
        by=county_officer, unit=tree.county1, title="东阳图片展", opens_on=date(2020, 1, 1), closes_on=date(2099, 1, 1)
    )
    assert services.place_photo(by=county_officer, section=exhibition.sections.last(), photo=chosen.photo).order == 1


def test_a_handed_in_photo_without_a_caption_is_not_taken_in(tree, city_officer, school_reporter, county_officer):
    _campaign, handed = _hand_in(tree, city_officer, school_reporter, caption_required=False, caption="")
    with pytest.raises(ValidationError) as refused:
        library.take_in_handed_in_photo(by=county_officer, office=tree.county1, file=handed, theme="education")
    assert refused.value.messages == ["照片「升旗.jpg」没有图片说明,未保存;请写明时间、地点、人物和事件"]
    assert not Photo.objects.exists()


def test_the_library_page_takes_a_handed_in_photo_in_and_shows_it_taken(
    tree, city_officer, school_reporter, county_officer, outsider, login
):
    _campaign, handed = _hand_in(tree, city_officer, school_reporter)
    take = reverse("handed_in_take", args=[handed.pk])
    assert login(outsider).post(take, {"theme": "education"}).status_code == 404
    assert login(school_reporter).post(take, {"theme": "education"}).status_code == 404
    assert not Photo.objects.exists()
    response = login(county_officer).post(take, {"theme": "education"})
    taken = Photo.objects.get()
    assert response.url == reverse("photo_detail", args=[taken.pk])
    page = login(county_officer).get(reverse("photo_list")).content.decode()
    assert f'href="{reverse("photo_detail", args=[taken.pk])}">已收入图片库' in page
