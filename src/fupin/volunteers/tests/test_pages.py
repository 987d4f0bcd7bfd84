"""The volunteer pages through the Django test client: refusals shown on the page, nothing written."""

import pytest
from django.urls import reverse
from django.utils import timezone

from fupin.volunteers import services
from fupin.volunteers.models import Opportunity, SignUp

from .factories import has_started, opportunity

pytestmark = pytest.mark.django_db


def _posted(league, campaign, **changes):
    tomorrow = timezone.localdate() + timezone.timedelta(days=1)
    data = {
        "kind": "disability",
        "title": "助残志愿服务",
        "organiser": league.pk,
        "campaign": campaign.pk,
        "place": "东阳县残疾人康复中心",
        "held_on": f"{tomorrow:%Y-%m-%d}",
        "starts": "09:00",
        "ends": "11:30",
        "slots": "10",
    }
    return data | changes


def test_an_organiser_posts_an_opportunity_from_the_page(organiser, league, campaign, login):
    response = login(organiser).post(reverse("opportunity_create"), _posted(league, campaign))
    made = Opportunity.objects.get()
    assert response.url == reverse("opportunity_detail", args=[made.pk])
    assert (made.title, made.slots, made.length_minutes) == ("助残志愿服务", 10, 150)


def test_an_opportunity_ending_before_it_starts_is_refused_on_the_page(organiser, league, campaign, login):
    response = login(organiser).post(reverse("opportunity_create"), _posted(league, campaign, ends="08:00"))
    assert response.status_code == 200
    assert "结束时间须晚于开始时间" in response.content.decode()
    assert not Opportunity.objects.exists()


def test_a_school_without_an_organising_role_cannot_post(tree, make_user, login):
    cadre = make_user("cadre", tree.town1, "cadre")
    assert login(cadre).get(reverse("opportunity_create")).status_code == 404


def test_a_full_opportunity_refuses_the_sign_up_on_the_page(organiser, league, campaign, school_reporter, login):
    made = opportunity(organiser, league, campaign, slots=1)
    services.sign_up(by=organiser, opportunity=made, name="王芳", phone="13800000002")
    response = login(school_reporter).post(
        reverse("opportunity_sign_up", args=[made.pk]), {"name": "李小明", "phone": "13800000001"}
    )
    assert "「助残志愿服务:陪伴康复中心的孩子」名额已满(共 1 人),未能报名" in response.content.decode()
    assert list(SignUp.objects.values_list("name", flat=True)) == ["王芳"]


def test_a_certificate_asked_for_before_confirmation_says_why(organiser, league, campaign, school_reporter, login):
    made = opportunity(organiser, league, campaign)
    mine = services.sign_up(by=school_reporter, opportunity=made, name="李小明", phone="13800000001")
    client = login(school_reporter)
    response = client.get(reverse("sign_up_certificate", args=[mine.pk]), follow=True)
    assert "李小明的服务时长尚未由组织单位确认,暂不能出具时长证明" in response.content.decode()


def test_wrong_hours_typed_on_the_roster_say_why(organiser, league, campaign, school_reporter, login):
    made = opportunity(organiser, league, campaign)
    mine = services.sign_up(by=school_reporter, opportunity=made, name="李小明", phone="13800000001")
    has_started(made)
    response = login(organiser).post(reverse("sign_up_confirm", args=[mine.pk]), {"hours": "3,5"}, follow=True)
    assert (
        "未能确认李小明的服务时长:服务时长「3,5」格式不正确:请填写小时数,最多一位小数,如 2.5"
        in response.content.decode()
    )
    assert SignUp.objects.get(pk=mine.pk).status == "signed_up"


def test_list_and_roster_read_a_bounded_number_of_queries(
    organiser, league, campaign, school_reporter, login, django_assert_max_num_queries
):
    for n in range(4):
        made = opportunity(organiser, league, campaign, title=f"志愿服务{n}")
        for k in range(3):
            services.sign_up(by=school_reporter, opportunity=made, name=f"学生{k}", phone=f"1380000000{k}")
    client = login(organiser)
    with django_assert_max_num_queries(12):
        client.get(reverse("opportunity_list"))
    with django_assert_max_num_queries(14):
        client.get(reverse("opportunity_detail", args=[made.pk]))
