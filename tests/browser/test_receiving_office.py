"""The 扶贫办 coordinator reviews what is handed in to her office, in a browser: she opens her review queue
from the workbench, approves a school's hand-in and ticks its paper copy, and the city, the county and the
school all see that one task with one status; a school whose county derived the requirement sees one task."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from fupin.campaigns.models import Task, TaskStatus
from fupin.campaigns.services import campaigns as cs
from fupin.campaigns.services import stats as ss
from fupin.campaigns.services import tasks as ts
from fupin.campaigns.tests.factories import campaign_with_requirements
from fupin.campaigns.tests.stat_factories import simple_columns, stat_campaign, task_of

from .test_pages import ARTIFACTS, log_in, url
from .test_tasks import sign_in_as

PHONE_375 = {"width": 375, "height": 812}


def shoot(page: Page, name: str) -> None:
    """Desktop and 375 px phone screenshots of the current page, for a person to look at."""
    ARTIFACTS.mkdir(exist_ok=True)
    before = page.viewport_size
    page.screenshot(path=ARTIFACTS / f"{name}-desktop.png", full_page=True)
    page.set_viewport_size(PHONE_375)
    page.screenshot(path=ARTIFACTS / f"{name}-phone.png", full_page=True)
    if before:
        page.set_viewport_size(before)


@pytest.fixture
def handed_in(tree, city_officer, county_officer, outsider, make_user):
    """The city asks every school for its summary, handed in to 市教育局扶贫办; county 1 derives its plan
    (its school's task taken over); 西川县第一中学 has handed in to the 扶贫办."""
    make_user("city_coordinator", tree.department, "coordinator")
    campaign = campaign_with_requirements(
        city_officer,
        tree.city,
        due_at=timezone.now() + timedelta(days=10),
        due_text="",
        recipient=tree.department,
        paper_copies=1,
        paper_stamped=True,
        paper_deliver_to="市教育局扶贫办(行政中心5楼512室)",
    )
    child = cs.derive_child_campaign(by=county_officer, parent=campaign, unit=tree.county1)
    cs.publish_campaign(by=county_officer, campaign=child)
    reporter = make_user("school2_reporter", tree.school2, "reporter")
    task = Task.objects.get(unit=tree.school2)
    ts.submit_task(by=reporter, task=task, text="西川县第一中学扶贫日活动总结:组织主题班会12场。")
    return campaign, task


@pytest.mark.browser
def test_the_coordinator_approves_a_hand_in_sent_to_her_office_and_everyone_sees_one_status(
    live_server, page, tree, handed_in, school_reporter
):
    campaign, task = handed_in
    log_in(page, live_server, "city_coordinator")
    page.locator("main").get_by_role("link", name="去审核").first.click()
    row = page.locator("main table tbody tr", has_text="西川县第一中学")
    expect(row).to_contain_text("报送至市教育局扶贫办")
    shoot(page, "receiving-review-queue")
    row.get_by_role("link", name="审核").click()
    page.get_by_role("button", name="通过").click()
    expect(page.get_by_role("status").first).to_contain_text("已通过,已锁定")
    assert Task.objects.get(pk=task.pk).status == TaskStatus.APPROVED
    expect(page.locator("main")).to_contain_text("另需报送纸质版 1 份(加盖公章),送至市教育局扶贫办(行政中心5楼512室)")
    page.get_by_role("button", name="纸质版已收到").click()
    expect(page.locator(".messages")).to_contain_text("已登记纸质版收到")
    shoot(page, "receiving-task-paper")

    sign_in_as(page, live_server, "city_officer")
    page.goto(url(live_server, f"/campaigns/{campaign.pk}/progress/"))
    first_row = page.locator("main table.progress-table").first.locator("tbody tr").first
    expect(first_row).to_contain_text("报送至市教育局扶贫办")
    expect(page.locator(".grid.stats")).to_contain_text("已报送 1")
    expect(first_row).to_contain_text("纸质版已收 1/2")
    shoot(page, "receiving-city-progress")

    sign_in_as(page, live_server, "outsider")
    page.goto(url(live_server, f"/campaigns/{campaign.pk}/progress/"))
    expect(page.locator("h1")).to_contain_text(tree.county2.name)
    expect(page.locator(".grid.stats")).to_contain_text("已报送 1")

    sign_in_as(page, live_server, "school2_reporter")
    page.goto(url(live_server, "/tasks/?done=1"))
    rows = page.locator("main table tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("已通过")

    sign_in_as(page, live_server, "school_reporter")
    page.goto(url(live_server, "/tasks/"))
    rows = page.locator("main table tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(tree.county1.name)
    shoot(page, "receiving-school-one-task")


@pytest.mark.browser
def test_the_office_chooses_the_childrens_sum_over_a_countys_own_figure(
    live_server, page, tree, city_officer, school_reporter, county_officer
):
    _c, table = stat_campaign(city_officer, tree.city, columns=simple_columns(), unit_kinds=["county_bureau", "school"])
    row = {"activities": "3", "people": "120", "money": "1500", "form": "线下"}
    ss.fill_report(by=school_reporter, task=task_of(table, tree.school1), rows=[row])
    ss.fill_report(by=county_officer, task=task_of(table, tree.county1), rows=[row | {"people": "150"}])
    log_in(page, live_server, "city_officer")
    page.goto(url(live_server, f"/stat-tables/{table.pk}/totals/"))
    notice = page.locator(".notice", has_text="上级填报数与下级合计不一致")
    expect(notice).to_contain_text("以本单位填报数为准")
    notice.get_by_role("button", name="改为以下级合计为准").click()
    expect(page.locator(".messages")).to_contain_text("已选定,合计和活动总结按此取数")
    expect(page.locator(".notice", has_text="上级填报数与下级合计不一致")).to_contain_text("以下级合计为准")
    shoot(page, "stat-figure-choice")


@pytest.mark.browser
def test_copying_into_a_year_that_already_has_a_campaign_asks_first(live_server, page, tree, city_officer):
    campaign = campaign_with_requirements(city_officer, tree.city, recipient=tree.department)
    cs.create_campaign(by=city_officer, unit=tree.city, year=2027, title="清河市2027年扶贫日活动方案")
    log_in(page, live_server, "city_officer")
    page.goto(url(live_server, f"/campaigns/{campaign.pk}/"))
    page.get_by_role("button", name="复制为2027年活动").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "清河市教育局已有2027年的活动「清河市2027年扶贫日活动方案」(草稿)"
    )
    shoot(page, "campaign-copy-confirm")
    page.get_by_role("button", name="仍要复制").click()
    expect(page.locator(".messages")).to_contain_text("已复制为2027年的草稿")
    expect(page.locator("main")).to_contain_text("市教育局扶贫办")  # the copy keeps the requirement's recipient
