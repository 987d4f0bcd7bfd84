"""A youth organisation posts a volunteer service; a teacher signs up on a phone; the organiser confirms the
hours; the volunteer downloads the certificate of hours."""

import io

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from fupin.volunteers.models import Opportunity
from fupin.volunteers.tests.factories import has_started, youth_league

from .test_pages import ARTIFACTS, log_in, snap


@pytest.mark.browser
def test_a_volunteer_signs_up_on_a_phone_and_downloads_the_certificate_of_hours(
    live_server, page, tree, city_officer, school_reporter, make_user
):
    from django.utils import timezone

    from fupin.campaigns.tests.factories import campaign_with_requirements

    campaign_with_requirements(city_officer, tree.city)
    make_user("league_reporter", youth_league(tree.county1), "reporter")
    log_in(page, live_server, "league_reporter")
    page.goto(f"{live_server.url}/volunteers/")
    page.get_by_role("link", name="发布志愿服务").click()
    page.locator("#id_kind").select_option(label="助残")
    page.locator("#id_title").fill("助残志愿服务:陪伴康复中心的孩子")
    page.locator("#id_place").fill("东阳县残疾人康复中心")
    page.locator("#id_held_on").fill(f"{timezone.localdate() + timezone.timedelta(days=1):%Y-%m-%d}")
    page.locator("#id_starts").fill("09:00")
    page.locator("#id_ends").fill("12:00")
    page.locator("#id_slots").fill("20")
    snap(page, "volunteers-post")
    page.get_by_role("button", name="发布", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("已发布志愿服务")
    expect(page.locator("#slots")).to_contain_text("已报名 0 人,共 20 人,余 20 人")

    page.context.clear_cookies()
    page.set_viewport_size({"width": 375, "height": 812})
    log_in(page, live_server, "school_reporter")
    page.goto(f"{live_server.url}/volunteers/")
    snap(page, "volunteers-list")
    page.get_by_role("link", name="助残志愿服务:陪伴康复中心的孩子").click()
    page.get_by_label("志愿者姓名").fill("李小明")
    page.get_by_label("联系电话").fill("13800000001")
    page.get_by_role("button", name="报名参加").click()
    expect(page.locator(".messages")).to_contain_text("报名成功")
    expect(page.locator("#mine")).to_contain_text("李小明 · 已报名")
    snap(page, "volunteers-sign-up")

    has_started(Opportunity.objects.get())
    page.context.clear_cookies()
    page.set_viewport_size({"width": 1280, "height": 800})
    log_in(page, live_server, "league_reporter")
    page.goto(f"{live_server.url}/volunteers/{Opportunity.objects.get().pk}/")
    page.get_by_label("李小明 服务时长(小时)").fill("2.5")
    page.get_by_role("button", name="确认时长").click()
    expect(page.locator("#roster")).to_contain_text("已确认时长 · 2.5 小时")
    expect(page.locator("#totals")).to_have_text("已确认到场 1 人,合计 2.5 小时")
    snap(page, "volunteers-roster")

    page.context.clear_cookies()
    page.set_viewport_size({"width": 375, "height": 812})
    log_in(page, live_server, "school_reporter")
    page.goto(f"{live_server.url}/volunteers/{Opportunity.objects.get().pk}/")
    with page.expect_download() as download:
        page.get_by_role("link", name="下载时长证明").click()
    pdf = download.value.path().read_bytes()
    (ARTIFACTS / "volunteers-certificate.pdf").write_bytes(pdf)
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "志 愿 服 务 时 长 证 明" in text  # the title is letter-spaced
    assert "李小明 同志:" in text
    assert "服务项目 助残志愿服务:陪伴康复中心的孩子(助残)" in text
    assert "服务时长 2.5 小时" in text
    assert "共青团东阳县委\n" in text
