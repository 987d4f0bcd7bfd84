"""The main path of a campaign, in a browser: the city office issues and publishes; school 1 finds its task,
a 1-megapixel photo is refused, a good one goes in with a caption; the office approves; the dashboard counts
move; county 1 derives its own plan and its school sees the county's extra task."""

from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from fupin.campaigns.models import Campaign, Task, TaskStatus

from .test_pages import log_in, snap, url
from .test_tasks import sign_in_as, write_jpeg


def issue_campaign(page: Page, live_server, year: int) -> Campaign:
    page.goto(url(live_server, "/campaigns/new/"))
    page.get_by_label("标题").fill(f"{year}年教育系统扶贫日活动实施方案")
    page.get_by_label("活动主题").fill("教育帮扶·你我同行")
    page.get_by_role("button", name="保存").click()
    expect(page.locator(".edition")).to_contain_text(f"第{year - 2013}个全国扶贫日")
    page.get_by_role("link", name="添加报送要求").click()
    page.get_by_label("报送内容").select_option("photos")
    page.get_by_label("名称").fill("活动照片")
    page.get_by_label("截止时间").fill("12月31日下午三点前")
    expect(page.locator("#deadline-preview")).to_contain_text(f"{year}年12月31日")
    page.get_by_label("学校", exact=True).check()
    page.get_by_label("照片最少张数").fill("1")
    page.get_by_label("照片最低像素(百万)").fill("3")
    page.get_by_label("每张照片须配文字说明").check()
    page.get_by_role("button", name="保存").click()
    expect(page.locator("main")).to_contain_text(f"{year}年12月31日")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="发布").click()
    expect(page.locator(".messages")).to_contain_text("已发布")
    snap(page, "main-path-published")
    return Campaign.objects.get(year=year)


@pytest.mark.browser
def test_a_campaign_from_issue_to_approval_and_a_derived_county_plan(
    live_server, page, tree, city_officer, county_officer, school_reporter, tmp_path: Path
):
    year = timezone.localdate().year
    log_in(page, live_server, "city_officer")
    campaign = issue_campaign(page, live_server, year)
    task = Task.objects.get(requirement__campaign=campaign, unit=tree.school1)

    sign_in_as(page, live_server, "school_reporter")
    page.get_by_role("navigation", name="主菜单").get_by_role("link", name="我的任务").click()
    page.locator("main table").get_by_role("link", name="活动照片").click()
    page.get_by_label("第 1 张照片").set_input_files(write_jpeg(tmp_path / "小.jpg", 1280, 800))
    page.locator("#id_caption_0").fill("主题班会")
    page.get_by_role("button", name="提交报送").click()
    expect(page.get_by_role("alert")).to_contain_text("「小.jpg」只有 1280×800")
    page.get_by_label("第 1 张照片").set_input_files(write_jpeg(tmp_path / "班会.jpg", 2400, 1600))
    page.get_by_role("button", name="提交报送").click()
    expect(page.get_by_role("status").first).to_contain_text("已报送(第 1 版)")

    sign_in_as(page, live_server, "city_officer")
    page.goto(url(live_server, f"/campaigns/{campaign.pk}/progress/"))
    expect(page.locator("main")).to_contain_text("已报送 1")
    page.goto(url(live_server, f"/tasks/{task.pk}/"))
    page.get_by_role("button", name="通过").click()
    expect(page.get_by_role("status").first).to_contain_text("已通过,已锁定")
    page.goto(url(live_server, f"/campaigns/{campaign.pk}/progress/"))
    expect(page.locator("canvas")).to_have_count(1)
    snap(page, "main-path-progress")
    assert Task.objects.get(pk=task.pk).status == TaskStatus.APPROVED

    sign_in_as(page, live_server, "county_officer")
    page.goto(url(live_server, f"/campaigns/{campaign.pk}/"))
    page.get_by_role("button", name="细化本单位方案").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(tree.county1.name)
    page.get_by_role("link", name="添加报送要求").click()
    page.get_by_label("报送内容").select_option("summary")
    page.get_by_label("名称").fill("县级活动总结")
    page.get_by_label("截止时间").fill("12月30日前")
    page.get_by_label("学校", exact=True).check()
    page.get_by_role("button", name="保存").click()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="发布").click()
    expect(page.locator(".messages")).to_contain_text("已发布")

    sign_in_as(page, live_server, "school_reporter")
    page.goto(url(live_server, "/tasks/"))
    expect(page.locator("main table")).to_contain_text("县级活动总结")
    snap(page, "main-path-county-task")
    assert not Task.objects.filter(unit=tree.school2, requirement__title="县级活动总结").exists()
