"""A school records a 主题班会 with two captioned photos and a media report; the county chooses both photos and
forwards them; the city places them in 社会事业篇 of its exhibition; the public gallery, open today, shows them
with their captions and the school credited. Pages are saved at desktop and phone width in test-artifacts/."""

import pytest
from playwright.sync_api import Page, expect

from fupin.publicity.tests.factories import jpeg

from .test_pages import log_in, snap

NARROW_PHONE = {"width": 375, "height": 812}
CAPTIONS = ("高一(3)班同学在主题班会上讲述家乡脱贫故事", "班会后同学们为结对学校整理捐赠图书")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def school_records_a_class_meeting(page: Page, tmp_path) -> None:
    page.get_by_role("navigation", name="主菜单").get_by_role("link", name="活动与报道").click()
    page.get_by_role("link", name="登记活动").click()
    page.get_by_label("活动类型").select_option(label="主题班会")
    page.get_by_label("活动名称").fill("“扶贫日”主题班会")
    page.get_by_label("地点").fill("高一(3)班教室")
    page.get_by_label("学生").fill("45")
    page.get_by_label("教师").fill("2")
    page.get_by_role("button", name="保存活动").click()
    expect(page.locator("#participants")).to_have_text("47")
    for n, caption in enumerate(CAPTIONS):
        page.get_by_role("link", name="添加照片").click()
        (tmp_path / f"{n}.jpg").write_bytes(jpeg())
        page.locator("#id_photo").set_input_files(tmp_path / f"{n}.jpg")
        page.get_by_label("图片说明").fill(caption)
        page.get_by_label("主题").select_option(label="社会事业")
        page.get_by_role("button", name="上传").click()
        expect(page.locator(".messages")).to_contain_text("已上传照片")
    page.get_by_role("link", name="登记媒体报道").click()
    page.get_by_label("媒体级别").select_option(label="县级媒体")
    page.get_by_label("媒体名称").fill("东阳融媒")
    page.locator("#id_title").fill("东阳一中开展扶贫日主题班会")
    page.get_by_label("链接").fill("https://example.org/news/1017")
    page.get_by_role("button", name="保存报道").click()
    expect(page.locator("#event-reports")).to_contain_text("东阳一中开展扶贫日主题班会")
    expect(page.locator(".thumbs img")).to_have_count(2)
    snap(page, "publicity-event")


def county_forwards_both(page: Page) -> None:
    for caption in CAPTIONS:
        page.get_by_role("navigation", name="主菜单").get_by_role("link", name="宣传图片").click()
        page.locator("figure", has_text=caption).get_by_role("link").click()
        page.get_by_label("推荐理由").fill("主题鲜明,画面生动")
        page.get_by_role("button", name="选为优秀作品").click()
        expect(page.locator(".messages")).to_contain_text("已选为优秀作品")
    page.get_by_role("button", name="上报上级").click()
    expect(page.locator(".messages")).to_contain_text("已向上级上报 2 件优秀作品")
    snap(page, "publicity-selections")


def city_places_them(page: Page) -> None:
    page.get_by_role("navigation", name="主菜单").get_by_role("link", name="图片展").click()
    expect(page.locator("main")).to_contain_text("领导关怀篇")
    page.get_by_label("展览名称").fill("脱贫攻坚成就图片展")
    page.get_by_label("开展日期").fill("2020-10-10")
    page.get_by_label("闭展日期").fill("2099-10-31")
    page.get_by_role("button", name="创建图片展").click()
    for caption in CAPTIONS:
        page.get_by_label("篇章").select_option(label="社会事业篇")
        page.locator("#id_photo").select_option(label=f"{caption[:40]}(东阳县第一中学)")
        page.get_by_role("button", name="加入展览").click()
        expect(page.locator(".messages")).to_contain_text("已加入展览")
    expect(page.locator("#section-3 li")).to_have_count(2)
    snap(page, "publicity-exhibition")


@pytest.mark.browser
def test_a_class_meetings_photos_reach_the_public_gallery(
    live_server, page, tree, school_reporter, county_officer, city_officer, tmp_path
):
    log_in(page, live_server, "school_reporter")
    school_records_a_class_meeting(page, tmp_path)
    page.context.clear_cookies()
    log_in(page, live_server, "county_officer")
    county_forwards_both(page)
    page.context.clear_cookies()
    log_in(page, live_server, "city_officer")
    city_places_them(page)
    page.get_by_role("link", name="公众展厅").click()
    gallery = page.url
    page.context.clear_cookies()
    page.set_viewport_size(NARROW_PHONE)
    page.goto(gallery)
    section = page.locator("#section-3")
    expect(section.get_by_role("heading")).to_have_text("社会事业篇")
    for caption in CAPTIONS:
        expect(section.locator("figure", has_text=caption)).to_contain_text("供图:东阳县第一中学")
    expect(section.locator("img[loading=lazy]")).to_have_count(2)
    page.screenshot(path=tmp_path / "gallery.png", full_page=True)
    snap(page, "publicity-gallery")
