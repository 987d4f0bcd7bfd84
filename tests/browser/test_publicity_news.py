"""A school sends a news item with a captioned picture on a phone; the county forwards it upward; the city reads
it by unit with the county named as forwarder."""

import pytest
from playwright.sync_api import expect

from fupin.publicity.tests.factories import jpeg

from .test_pages import log_in, snap


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.mark.browser
def test_a_schools_news_item_is_forwarded_by_the_county_to_the_city(
    live_server, page, tree, school_reporter, county_officer, city_officer, tmp_path
):
    page.set_viewport_size({"width": 375, "height": 812})
    log_in(page, live_server, "school_reporter")
    page.goto(f"{live_server.url}/news/new/")
    page.locator("#id_title").fill("一中开展扶贫日主题班会")
    page.locator("#id_body").fill("10月16日,我校各班同时开展扶贫日主题班会。")
    (tmp_path / "news.jpg").write_bytes(jpeg())
    page.locator("#id_photo").set_input_files(tmp_path / "news.jpg")
    page.locator("#id_caption").fill("高一(3)班主题班会现场")
    page.get_by_role("button", name="报送", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("已报送信息")
    expect(page.locator(".thumbs figure")).to_contain_text("高一(3)班主题班会现场")
    snap(page, "publicity-news")
    page.context.clear_cookies()
    page.set_viewport_size({"width": 1280, "height": 800})
    log_in(page, live_server, "county_officer")
    page.get_by_role("navigation", name="主菜单").get_by_role("link", name="信息报送").click()
    page.get_by_role("link", name="一中开展扶贫日主题班会").click()
    page.get_by_role("button", name="以东阳县教育局名义转报上级").click()
    expect(page.locator("#news-forwards")).to_contain_text("东阳县教育局 于")
    page.context.clear_cookies()
    log_in(page, live_server, "city_officer")
    page.goto(f"{live_server.url}/news/?unit={tree.county1.pk}")
    row = page.locator("tr", has_text="一中开展扶贫日主题班会")
    expect(row).to_contain_text("东阳县第一中学")
    expect(row).to_contain_text("东阳县教育局")
    snap(page, "publicity-news-list")


@pytest.mark.browser
def test_participants_sign_in_by_scanning_the_events_qr_code(live_server, page, tree, school_reporter):
    from fupin.publicity.tests.factories import event

    made = event(school_reporter, tree.school1, students=0, teachers=0)
    log_in(page, live_server, "school_reporter")
    page.goto(f"{live_server.url}/events/{made.pk}/")
    page.get_by_role("button", name="开启扫码签到").click()
    expect(page.locator("#sign-in-qr")).to_be_visible()
    qr = page.request.get(page.locator("#sign-in-qr").evaluate("img => img.src"))
    assert (qr.status, qr.headers["content-type"]) == (200, "image/svg+xml")
    made.refresh_from_db()
    page.context.clear_cookies()
    page.set_viewport_size({"width": 375, "height": 812})
    page.goto(f"{live_server.url}/events/sign-in/{made.sign_in_token}/")
    page.get_by_label("家长").check()
    page.get_by_role("button", name="签到").click()
    expect(page.locator("h1")).to_have_text("签到成功")
    snap(page, "publicity-sign-in")
    log_in(page, live_server, "school_reporter")
    page.goto(f"{live_server.url}/events/{made.pk}/")
    expect(page.locator("#participants")).to_have_text("1")
    snap(page, "publicity-event-qr")
