"""A school nominates a teacher with deeds and a captioned photo; the county selects and forwards the nomination;
the city puts it on its 表彰名单 and publishes it; the public finds the list from the home page on a phone, reads
the case and downloads the certificate. Pages are saved at desktop and phone width in test-artifacts/."""

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from fupin.commendations.tests.factories import DEEDS, city_campaign
from fupin.publicity.tests.factories import jpeg

from .test_pages import log_in, snap

NARROW_PHONE = {"width": 375, "height": 812}
CAPTION = "李明华老师到石桥镇结对学生家中家访"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def school_nominates_a_teacher(page: Page, tmp_path) -> None:
    page.get_by_role("navigation", name="主菜单").get_by_role("link", name="选树典型").click()
    page.get_by_role("link", name="推荐先进典型").click()
    page.get_by_label("类别").select_option(label="先进个人")
    page.get_by_label("类型").select_option(label="教师")
    page.get_by_label("姓名或名称").fill("李明华")
    page.get_by_label("所在单位").fill("东阳县第一中学")
    page.get_by_label("先进事迹").fill(DEEDS)
    page.get_by_role("button", name="保存推荐").click()
    expect(page.locator("#status")).to_have_text("草稿")
    page.get_by_role("link", name="添加照片").click()
    (tmp_path / "visit.jpg").write_bytes(jpeg())
    page.locator("#id_photo").set_input_files(tmp_path / "visit.jpg")
    page.get_by_label("图片说明").fill(CAPTION)
    page.get_by_role("button", name="上传").click()
    expect(page.locator(".thumbs figure")).to_contain_text(CAPTION)
    snap(page, "commendations-nomination")
    page.get_by_role("button", name="报送上级审核").click()
    expect(page.locator("#status")).to_have_text("已报送")


def county_selects_and_forwards(page: Page) -> None:
    page.get_by_role("navigation", name="主菜单").get_by_role("link", name="选树典型").click()
    page.locator("#awaiting").get_by_role("link", name="李明华").click()
    page.get_by_label("入选", exact=True).check()
    page.get_by_label("审核意见").fill("扎根一线,结对帮扶成效明显")
    page.get_by_role("button", name="提交审核结果").click()
    expect(page.locator("#status")).to_have_text("已入选")
    page.get_by_role("button", name="以东阳县教育局名义上报上级").click()
    expect(page.locator("#decision")).to_contain_text("上报清河市教育局")
    snap(page, "commendations-review")


def city_publishes_the_list(page: Page) -> None:
    page.get_by_role("navigation", name="主菜单").get_by_role("link", name="选树典型").click()
    expect(page.locator("#forwarded")).to_contain_text("东阳县教育局")
    page.get_by_role("link", name="表彰名单").click()
    page.get_by_label("名单标题").fill("关于表彰2026年扶贫日活动先进个人和先进集体的决定")
    page.get_by_label("文号").fill("清教发〔2026〕18号")
    page.get_by_label("表彰日期").fill("2026-10-25")
    page.get_by_role("button", name="新建名单").click()
    page.get_by_label("入选对象").select_option(label="先进个人 李明华(东阳县第一中学)")
    page.get_by_role("button", name="列入名单").click()
    expect(page.locator("#entries")).to_contain_text("2026年扶贫日活动先进个人")
    page.get_by_role("button", name="发布名单").click()
    expect(page.locator(".messages")).to_contain_text("已发布表彰名单")
    snap(page, "commendations-list")


@pytest.mark.browser
def test_a_nominated_teacher_reaches_the_public_commendation_list(
    live_server, page, tree, school_reporter, county_officer, city_officer, tmp_path
):
    city_campaign(city_officer, tree)
    log_in(page, live_server, "school_reporter")
    school_nominates_a_teacher(page, tmp_path)
    page.context.clear_cookies()
    log_in(page, live_server, "county_officer")
    county_selects_and_forwards(page)
    page.context.clear_cookies()
    log_in(page, live_server, "city_officer")
    city_publishes_the_list(page)
    page.context.clear_cookies()
    page.set_viewport_size(NARROW_PHONE)
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="表彰名单").click()
    page.get_by_role("link", name="关于表彰2026年扶贫日活动先进个人和先进集体的决定").click()
    expect(page.locator("#entries")).to_contain_text("东阳县第一中学")
    page.locator("#entries").get_by_role("link", name="李明华").click()
    expect(page.locator("#deeds")).to_contain_text("坚持每月家访")
    expect(page.locator(".thumbs figure")).to_contain_text(CAPTION)
    snap(page, "commendations-public-case")
    with page.expect_download() as download:
        page.get_by_role("link", name="下载荣誉证书(PDF)").click()
    assert download.value.suggested_filename == "荣誉证书-李明华.pdf"
    assert Path(download.value.path()).read_bytes()[:5] == b"%PDF-"
