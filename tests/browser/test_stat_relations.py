"""An office builds its own statistics table on the page and declares that 「其中:学生」 never exceeds 参与人数 and
that the morning and afternoon sessions add up to it; a school filling a row that breaks both is refused with
each cell named, and its figures are kept. Pages are saved at desktop and phone width in test-artifacts/."""

import pytest
from playwright.sync_api import expect

from fupin.campaigns.models import StatTable, Task
from fupin.campaigns.services import campaigns as campaign_services
from fupin.campaigns.services import stats as stat_services
from fupin.campaigns.tests.stat_factories import stat_campaign

from .conftest import PHONE
from .test_pages import log_in, snap, url


@pytest.mark.browser
def test_an_office_declares_column_relations_and_a_breaking_row_is_refused_naming_the_cells(
    live_server, page, tree, city_officer, school_reporter
):
    campaign, _ready = stat_campaign(city_officer, tree.city)
    requirement = campaign_services.add_requirement(
        by=city_officer, campaign=campaign, kind="stat_table", title="宣讲统计", due_text="10月19日前"
    )
    campaign_services.update_requirement(by=city_officer, requirement=requirement, unit_kinds=["school"])
    log_in(page, live_server, "city_officer")
    page.goto(url(live_server, f"/campaigns/{campaign.pk}/stat-tables/build/"))
    page.get_by_label("表名").fill("宣讲活动统计表")
    columns = [("参与人数", "", ""), ("其中:学生", "1", ""), ("上午场", "", "1"), ("下午场", "", "1")]
    for n, (label, within, part_of) in enumerate(columns):
        fieldset = page.locator("fieldset").nth(n)
        fieldset.get_by_label("列名").fill(label)
        fieldset.get_by_label("是第几列的「其中」").fill(within)
        fieldset.get_by_label("是第几列的组成部分").fill(part_of)
    snap(page, "stat-build-relations")
    page.get_by_role("button", name="保存统计表").click()
    expect(page.locator("main")).to_contain_text("宣讲活动统计表")
    table = StatTable.objects.get(title="宣讲活动统计表")
    stat_services.attach_table(by=city_officer, requirement=requirement, table=table)
    task = Task.objects.get(requirement=requirement, unit=tree.school1)

    page.context.clear_cookies()
    log_in(page, live_server, "school_reporter")
    page.set_viewport_size(PHONE)
    page.goto(url(live_server, f"/tasks/{task.pk}/stat/"))
    for label, value in (("参与人数", "100"), ("其中:学生", "120"), ("上午场", "60"), ("下午场", "30")):
        page.get_by_label(label, exact=True).fill(value)
    page.get_by_role("button", name="保存并报送").click()
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("参与人数: 100 不等于「上午场」、「下午场」之和 90")
    expect(alert).to_contain_text("其中:学生: 「其中」120 超过「参与人数」100")
    expect(page.get_by_label("其中:学生", exact=True)).to_have_value("120")
    snap(page, "stat-fill-relations-refused")
    page.get_by_label("其中:学生", exact=True).fill("80")
    page.get_by_label("下午场", exact=True).fill("40")
    page.get_by_role("button", name="保存并报送").click()
    expect(page.locator(".messages")).to_contain_text("已报送「宣讲活动统计表」")
