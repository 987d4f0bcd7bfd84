"""A list page's 「导出 Excel」 in a browser: the office opens the review queue with a filter, clicks the link, and
the download is the queue as .xlsx, titled with the filter, the typed text still text."""

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from fupin.campaigns.models import Task
from fupin.campaigns.services import tasks as ts
from fupin.campaigns.tests.factories import campaign_with_requirements

from .test_pages import log_in, snap, url

FORMULA = '=HYPERLINK("http://x")'


@pytest.mark.browser
def test_the_office_exports_the_review_queue_from_its_page(
    live_server, page: Page, tree, city_officer, school_reporter, tmp_path
):
    campaign = campaign_with_requirements(city_officer, tree.city, title=FORMULA)
    task = Task.objects.get(requirement__campaign=campaign, unit=tree.school1)
    ts.submit_task(by=school_reporter, task=task, text="活动总结")

    log_in(page, live_server, "city_officer")
    page.goto(url(live_server, "/reviews/?all=1"))
    expect(page.locator("main table tbody")).to_contain_text(tree.school1.name)
    snap(page, "list-export-review-queue")
    with page.expect_download() as download:
        page.get_by_role("link", name="导出 Excel").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    saved = tmp_path / "queue.xlsx"
    download.value.save_as(saved)

    rows = [list(r) for r in load_workbook(saved).active.iter_rows(values_only=True)]
    assert rows[0][0] == "清河市教育局 · 审核报送 · 活动范围:含下级单位发布的活动"
    assert rows[1][:3] == ["报送单位", "任务", "活动"]
    assert rows[2][:2] == [tree.school1.name, FORMULA]
    assert load_workbook(saved).active["B3"].data_type == "s"
