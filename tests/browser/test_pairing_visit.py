"""A cadre on a phone (375 px): signs in, sees their households, records a visit with a photo and the measures
agreed; the county office's coverage page then counts the household as visited. Pages are saved at desktop and
phone width in test-artifacts/."""

from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from fupin.households.tests.factories import NUMBERS
from fupin.pairing.coverage import Period
from fupin.pairing.tests.factories import cadre_pairing, jpeg

from .test_pages import log_in, snap

NARROW_PHONE = {"width": 375, "height": 812}


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _in_action_month() -> date:
    """A day of the 行动月 the coverage page shows by default, never after today."""
    period = Period.action_month(timezone.localdate())
    return min(period.start + timedelta(days=15), timezone.localdate())


def record_visit(page: Page, tmp_path) -> None:
    page.get_by_role("navigation", name="主菜单").get_by_role("link", name="我的帮扶户").click()
    expect(page.locator("main")).to_contain_text("石桥东村 · 王大山")
    expect(page.locator("main")).to_contain_text("石桥东村 · 李四海")
    snap(page, "pairing-my-households")
    page.locator("li.card", has_text="王大山").get_by_role("link", name="登记走访").click()
    page.get_by_label("走访日期").fill(_in_action_month().isoformat())
    page.get_by_text("走访发现与致贫原因").click()
    page.get_by_label("生活情况").fill("住房安全,饮水入户")
    page.get_by_label("因病").check()
    page.get_by_label("商定的帮扶措施").fill("协助办理慢性病门诊报销;联系电商培训")
    (tmp_path / "入户.jpg").write_bytes(jpeg())
    page.get_by_label("照片", exact=True).set_input_files(tmp_path / "入户.jpg")
    page.get_by_label("户主同意记录本次走访的位置").check()
    expect(page.locator("#location-status")).to_have_text("已记录位置")
    snap(page, "pairing-visit-form")
    page.get_by_role("button", name="保存走访").click()
    expect(page.locator(".messages")).to_contain_text("已登记走访")
    expect(page.locator("main")).to_contain_text("协助办理慢性病门诊报销")
    expect(page.locator(".thumbs img")).to_have_count(1)
    expect(page.locator("main")).to_contain_text("29.123456, 112.654321(经户主同意记录)")
    snap(page, "pairing-visit-detail")


@pytest.mark.browser
def test_a_cadre_records_a_visit_on_a_phone_and_the_county_coverage_counts_it(
    live_server, page, tree, make_user, county_officer, tmp_path
):
    cadre = make_user("county1_cadre", tree.county1, "cadre", name="刘海波", phone="13900000009")
    cadre_pairing(county_officer, tree.county1, cadre, tree.village1, "王大山", NUMBERS[0], date(2025, 9, 1))
    cadre_pairing(county_officer, tree.county1, cadre, tree.village1, "李四海", NUMBERS[1], date(2025, 9, 1))
    page.set_viewport_size(NARROW_PHONE)
    page.context.grant_permissions(["geolocation"], origin=live_server.url)
    page.context.set_geolocation({"latitude": 29.123456, "longitude": 112.654321})
    log_in(page, live_server, "county1_cadre")
    expect(page.locator("#panel-my-households")).to_be_visible()
    record_visit(page, tmp_path)
    page.context.clear_cookies()
    log_in(page, live_server, "county_officer")
    page.get_by_role("navigation", name="主菜单").get_by_role("link", name="结对帮扶").click()
    page.get_by_role("link", name="走访覆盖情况").click()
    expect(page.locator("#total-paired")).to_have_text("2")
    expect(page.locator("#total-visited")).to_have_text("1")
    expect(page.locator("#total-unvisited")).to_have_text("1")
    expect(page.locator("main")).to_contain_text("13900000009")
    snap(page, "pairing-coverage")
