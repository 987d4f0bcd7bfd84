"""年度考核 in a browser: the city office chooses the rules with their weights, scores, sees the county ranking,
opens one school's lines and follows one to its evidence; the school queries a line of its draft, the office
answers and publishes, and the school sees its frozen result. Pages are saved at desktop and phone width."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from fupin.assessment.tests.factories import LATE, add_requirement, city_campaign, hand_in, task_of

from .test_pages import log_in, snap

NARROW_PHONE = {"width": 375, "height": 812}


def _switch(page: Page, live_server, username: str) -> None:
    page.context.clear_cookies()
    log_in(page, live_server, username)


def configure_and_rank(page: Page, campaign) -> None:
    page.get_by_role("navigation", name="主菜单").get_by_role("link", name="年度考核").click()
    page.locator("tr", has_text=campaign.title).get_by_role("link", name="考核方案").click()
    page.get_by_label("按时报送 分值").fill("40")
    page.get_by_role("checkbox", name="照片规范").uncheck()
    page.get_by_label("开展活动 上限").fill("3")
    until = timezone.localtime() + timedelta(days=7)
    page.get_by_label("异议截止时间").fill(until.strftime("%Y-%m-%dT%H:%M"))
    snap(page, "assessment-scheme")
    page.get_by_role("button", name="保存考核方案").click()
    expect(page.locator(".messages")).to_contain_text("考核方案已保存")
    page.get_by_role("button", name="计分").click()
    expect(page.locator(".messages")).to_contain_text("已按最新数据重新计分")
    expect(page.get_by_role("link", name="县(区)教育局(2)")).to_have_attribute("aria-current", "page")
    expect(page.locator("#ranking tbody tr").first).to_contain_text("东阳县教育局")
    snap(page, "assessment-county-ranking")
    page.get_by_role("link", name="学校(中学)(2)").click()
    expect(page.locator("#ranking tbody tr").nth(1)).to_contain_text("西川县第一中学")
    snap(page, "assessment-school-ranking")


def follow_evidence(page: Page) -> None:
    page.get_by_role("link", name="西川县第一中学").click()
    line = page.locator("section", has_text="按时报送")
    expect(line).to_contain_text("应报 1 项:按时 0 项得全分,逾期 1 项得一半,未报 0 项不得分")
    expect(line).to_contain_text("20.00 分")
    snap(page, "assessment-result-office")
    line.get_by_role("link", name="查看依据:逾期或未报的任务").click()
    expect(page.locator("main")).to_contain_text("西川县第一中学")
    expect(page.locator("main")).to_contain_text("活动总结")


def query_draft(page: Page) -> None:
    page.set_viewport_size(NARROW_PHONE)
    page.get_by_role("navigation", name="主菜单").get_by_role("link", name="年度考核").click()
    page.get_by_role("link", name="2026年教育系统扶贫日活动实施方案").click()
    expect(page.locator("#draft-note")).to_contain_text("考核初稿")
    expect(page.locator("#rank")).to_have_text("2/2")
    line = page.locator("section", has_text="按时报送")
    line.get_by_text("对本项提出异议").click()
    line.get_by_label("异议内容").fill("活动总结10月19日已通过邮件报送扶贫办,请核实")
    snap(page, "assessment-query")
    line.get_by_role("button", name="提交异议").click()
    expect(page.locator(".messages")).to_contain_text("异议已提交")


def answer_and_publish(page: Page, campaign) -> None:
    page.get_by_role("navigation", name="主菜单").get_by_role("link", name="年度考核").click()
    page.locator("tr", has_text=campaign.title).get_by_role("link", name="考核方案").click()
    page.get_by_role("link", name="西川县第一中学 · 按时报送").click()
    page.get_by_label("答复").fill("邮件不属于系统报送,按系统首次报送时间计分,维持原分")
    page.get_by_role("button", name="答复").click()
    expect(page.locator(".messages")).to_contain_text("已答复异议")
    page.get_by_role("link", name="得分排名").click()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="发布考核结果").click()
    expect(page.locator(".messages")).to_contain_text("考核结果已发布")
    expect(page.locator("#published-note")).to_contain_text("已于")


@pytest.mark.browser
def test_the_city_scores_ranks_and_publishes_and_the_school_sees_its_frozen_result(
    live_server, page, tree, make_user, city_officer
):
    city_officer.set_password("Fupin@2026")
    city_officer.save()
    school2 = make_user("school2_reporter", tree.school2, "reporter", name="西川一中报送员")
    campaign = city_campaign(city_officer, tree.city)
    add_requirement(city_officer, campaign, kind="plan", title="县级活动方案", unit_kinds=["county_bureau"])
    hand_in(make_user("s1", tree.school1, "reporter"), task_of(campaign, tree.school1))
    hand_in(school2, task_of(campaign, tree.school2), at=LATE)
    hand_in(make_user("dy", tree.county1, "office_admin"), task_of(campaign, tree.county1, "plan"))
    log_in(page, live_server, "city_officer")
    configure_and_rank(page, campaign)
    follow_evidence(page)
    _switch(page, live_server, "school2_reporter")
    query_draft(page)
    page.set_viewport_size({"width": 1280, "height": 800})
    _switch(page, live_server, "city_officer")
    answer_and_publish(page, campaign)
    _switch(page, live_server, "school2_reporter")
    page.set_viewport_size(NARROW_PHONE)
    page.get_by_role("navigation", name="主菜单").get_by_role("link", name="年度考核").click()
    page.get_by_role("link", name="2026年教育系统扶贫日活动实施方案").click()
    expect(page.locator("#frozen-note")).to_contain_text("最终结果")
    expect(page.locator("#frozen-note")).to_contain_text("不再变动")
    expect(page.locator("main")).to_contain_text("邮件不属于系统报送")
    expect(page.get_by_text("对本项提出异议")).to_have_count(0)
    snap(page, "assessment-frozen-result")
