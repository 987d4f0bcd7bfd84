"""A youth organisation posts a volunteer service open to the public; a citizen without an account finds it from
the public home on a phone (375 px), signs up with a code texted to their phone and lands on their private page,
is refused a second sign-up with the reason, and the organiser's roster shows them as a public sign-up. Pages
are saved at desktop and phone width in test-artifacts/."""

import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Page, expect

from fupin.campaigns.tests.factories import campaign_with_requirements
from fupin.volunteers.tests.factories import youth_league

from .test_pages import log_in, snap

NARROW_PHONE = {"width": 375, "height": 812}
TITLE = "助医志愿服务:陪老人义诊"


def organiser_posts_a_public_service(page: Page, live_server) -> None:
    log_in(page, live_server, "league_reporter")
    page.goto(f"{live_server.url}/volunteers/new/")
    page.locator("#id_kind").select_option(label="助医")
    page.locator("#id_title").fill(TITLE)
    page.locator("#id_place").fill("石桥镇卫生院")
    page.locator("#id_held_on").fill(f"{timezone.localdate() + timezone.timedelta(days=1):%Y-%m-%d}")
    page.locator("#id_starts").fill("09:00")
    page.locator("#id_ends").fill("11:30")
    page.locator("#id_slots").fill("10")
    page.get_by_label("面向社会公开招募").check()
    page.get_by_role("button", name="发布", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("已发布志愿服务")
    page.context.clear_cookies()


def citizen_signs_up(page: Page, live_server) -> None:
    page.set_viewport_size(NARROW_PHONE)
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="报名志愿服务").click()
    snap(page, "volunteer-public-list")
    page.get_by_role("link", name=re.compile(TITLE)).click()
    page.get_by_label("志愿者姓名").fill("李晓梅")
    page.get_by_label("手机号码").fill("13912345678")
    page.get_by_role("button", name="获取验证码").click()
    expect(page.locator(".messages")).to_contain_text("验证码已发送至 139****5678")
    code = re.search(r"验证码是 (\d{6})", mail.outbox[-1].body).group(1)
    page.get_by_label("短信验证码").fill(code)
    snap(page, "volunteer-public-sign-up")
    page.get_by_role("button", name="确认报名").click()
    expect(page.locator(".messages")).to_contain_text("报名成功!组织单位将通过 139****5678 与您联系")
    expect(page.locator("#sign-up-status")).to_have_text("已报名")
    snap(page, "volunteer-public-own-page")
    page.get_by_role("link", name="志愿服务招募").click()
    page.get_by_role("link", name=re.compile(TITLE)).click()
    expect(page.locator("#slots")).to_contain_text("已报名 1 人,共 10 人,余 9 人")
    page.get_by_label("志愿者姓名").fill("李晓梅")
    page.get_by_label("手机号码").fill("13912345678")
    page.get_by_role("button", name="获取验证码").click()
    expect(page.locator("#sign-up")).to_contain_text(f"李晓梅(13912345678)已报名「{TITLE}」")
    snap(page, "volunteer-public-duplicate")


@pytest.mark.browser
def test_a_citizen_signs_up_for_a_volunteer_service_on_a_phone_without_an_account(
    live_server, page, tree, city_officer, make_user
):
    campaign_with_requirements(city_officer, tree.city)
    make_user("league_reporter", youth_league(tree.county1), "reporter")
    organiser_posts_a_public_service(page, live_server)
    citizen_signs_up(page, live_server)
    page.set_viewport_size({"width": 1280, "height": 800})
    log_in(page, live_server, "league_reporter")
    page.goto(f"{live_server.url}/volunteers/")
    page.get_by_role("link", name=TITLE).click()
    expect(page.locator("#roster")).to_contain_text("李晓梅 公众报名")
    snap(page, "volunteer-public-roster")
