"""Handing in and reviewing in a browser: school 1 finds its task, a small photo is refused with the reason, a good
one goes in with its caption; the office returns it with a comment, the school resubmits, the office approves and
the task is locked. Every page is saved at desktop and phone width in test-artifacts/."""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from PIL import Image
from playwright.sync_api import Page, expect

from fupin.campaigns.models import Requirement, Task, TaskStatus
from fupin.campaigns.tests.factories import campaign_with_requirements

from .conftest import PHONE
from .test_pages import log_in, snap, url


def write_jpeg(path: Path, width: int, height: int, colour=(200, 60, 40)) -> Path:
    Image.new("RGB", (width, height), colour).save(path, "JPEG")
    return path


def sign_in_as(page: Page, live_server, username: str) -> None:
    """Sign out with the page's own button (the server ends the session, so a thumbnail still loading cannot
    bring it back through its cookie), then sign in as someone else. The page's images finish loading first: a
    request still in flight with the old cookie would come back with that cookie deleted, after the new login."""
    page.wait_for_load_state("networkidle")
    page.get_by_role("button", name="退出").click()
    expect(page).to_have_url(url(live_server, "/login/"))
    log_in(page, live_server, username)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def photo_task(tree, city_officer):
    campaign = campaign_with_requirements(
        city_officer,
        tree.city,
        kind="photos",
        title="扶贫日活动照片",
        photo_min_count=1,
        photo_min_megapixels=3,
        caption_required=True,
    )
    Requirement.objects.filter(campaign=campaign).update(due_at=timezone.now() + timedelta(days=4, hours=3))
    return Task.objects.get(requirement__campaign=campaign, unit=tree.school1)


def hand_in_photo(page: Page, photo: Path, caption: str) -> None:
    page.get_by_label("第 1 张照片").set_input_files(photo)
    page.locator("#id_caption_0").fill(caption)
    page.get_by_role("button", name="提交报送").click()


@pytest.mark.browser
def test_a_school_hands_in_photos_and_the_office_returns_then_approves(
    live_server, page, tree, city_officer, school_reporter, photo_task, tmp_path
):
    small = write_jpeg(tmp_path / "班会.jpg", 1200, 800)
    good = write_jpeg(tmp_path / "主题班会.jpg", 2400, 1600)
    better = write_jpeg(tmp_path / "主题班会-补充.jpg", 2400, 1800, (40, 90, 160))

    log_in(page, live_server, "school_reporter")
    expect(page.locator("main")).to_contain_text("扶贫日活动照片")  # the workbench panel
    snap(page, "tasks-workbench")
    page.get_by_role("navigation", name="主菜单").get_by_role("link", name="我的任务").click()
    expect(page).to_have_url(url(live_server, "/tasks/"))
    row = page.locator("main table tbody tr", has_text="扶贫日活动照片")
    expect(row).to_contain_text("还剩4天")
    snap(page, "tasks-my-tasks")

    row.get_by_role("link", name="扶贫日活动照片").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("扶贫日活动照片")
    expect(page.locator("main")).to_contain_text("每张不低于 3 百万像素")
    expect(page.get_by_role("button", name="再加一张照片")).to_be_visible()  # the page's script is running
    page.get_by_label("第 1 张照片").set_input_files(small)
    expect(page.locator(".photo-check").first).to_contain_text("低于要求的 3 百万像素")
    snap(page, "tasks-hand-in-form")
    page.locator("#id_caption_0").fill("七年级学生观看扶贫日主题班会")
    page.get_by_role("button", name="提交报送").click()
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("「班会.jpg」只有 1200×800(1.0 百万像素),要求不低于 3 百万像素")
    expect(page.locator("#id_caption_0")).to_have_value("七年级学生观看扶贫日主题班会")
    snap(page, "tasks-photo-refused")
    assert not photo_task.submissions.exists()

    page.get_by_role("button", name="再加一张照片").click()
    page.get_by_label("第 4 张照片").set_input_files(better)
    page.locator("#id_caption_3").fill("学生参与扶贫日主题班会(近景)")
    page.get_by_label("第 1 张照片").set_input_files(good)
    page.get_by_role("button", name="提交报送").click()
    expect(page.get_by_role("status").first).to_contain_text("已报送(第 1 版)")
    expect(page.locator("article.version img")).to_have_count(2)
    snap(page, "tasks-handed-in")

    sign_in_as(page, live_server, "city_officer")
    page.get_by_role("navigation", name="主菜单").get_by_role("link", name="审核报送").click()
    expect(page.locator("main table")).to_contain_text(tree.school1.name)
    snap(page, "tasks-review-queue")
    page.locator("main table").get_by_role("link", name="审核").click()
    page.wait_for_load_state("networkidle")  # the photos have loaded before the review writes (one test connection)
    page.get_by_label("退回原因").fill("照片请补充学生参与的近景")
    snap(page, "tasks-review-form")
    page.get_by_role("button", name="退回修改").click()
    expect(page.get_by_role("status").first).to_contain_text("已退回")

    sign_in_as(page, live_server, "school_reporter")
    page.goto(url(live_server, f"/tasks/{photo_task.pk}/"))
    expect(page.locator(".notice")).to_contain_text("照片请补充学生参与的近景")
    snap(page, "tasks-returned")
    # the new version starts with the returned one's photos: the unit keeps the close-up and drops the other
    expect(page.get_by_role("checkbox", name=re.compile(r"^主题班会-补充\.jpg"))).to_be_checked()
    page.get_by_role("checkbox", name=re.compile(r"^主题班会\.jpg")).uncheck()
    hand_in_photo(page, better, "学生参与扶贫日主题班会(近景)")
    expect(page.get_by_role("status").first).to_contain_text("已报送(第 2 版)")

    sign_in_as(page, live_server, "city_officer")
    page.goto(url(live_server, f"/tasks/{photo_task.pk}/"))
    expect(page.get_by_role("heading", name="审核第2版")).to_be_visible()
    page.wait_for_load_state("networkidle")
    page.get_by_role("button", name="通过").click()
    expect(page.get_by_role("status").first).to_contain_text("已通过,已锁定")

    sign_in_as(page, live_server, "school_reporter")
    page.goto(url(live_server, f"/tasks/{photo_task.pk}/"))
    expect(page.locator(".notice.ok")).to_contain_text("已通过,已锁定")
    expect(page.get_by_role("button", name="提交报送")).to_have_count(0)
    expect(page.locator("article.version")).to_have_count(2)
    expect(page.locator("article.version img")).to_have_count(3)
    snap(page, "tasks-approved")
    assert Task.objects.get(pk=photo_task.pk).status == TaskStatus.APPROVED


@pytest.mark.browser
def test_the_task_pages_fit_a_phone(live_server, page, tree, school_reporter, photo_task):
    page.set_viewport_size(PHONE)
    log_in(page, live_server, "school_reporter")
    for path in ("/tasks/", f"/tasks/{photo_task.pk}/"):
        page.goto(url(live_server, path))
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"] + 1, f"{path} is {width}px wide on a {PHONE['width']}px phone"
