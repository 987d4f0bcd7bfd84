"""A village ledger imported in the background, in a browser: the upload answers at once with a progress bar,
the page follows the job by itself until it reads 完成, then lists what was created. Pages are saved at desktop
and phone width in test-artifacts/."""

from pathlib import Path

import pytest
from openpyxl import Workbook
from playwright.sync_api import expect

from fupin.households.models import Household
from fupin.jobs.models import ImportJob
from fupin.jobs.services import run_import_job

from .test_pages import log_in, snap

ROWS = [
    ["QH-DY-T1-V1", "王大山", "430524199006071213", "建档立卡户", "因病、缺技术"],
    ["QH-DY-T1-V1", "李四海", "430524196511220845", "边缘户", "缺劳力"],
    ["QH-DY-T1-V1", "赵老五", "430524198812033313", "脱贫监测户", "因学"],
]


def _ledger(path: Path) -> Path:
    book = Workbook()
    book.active.append(["石桥东村帮扶户台账"])
    book.active.append(["村代码", "户主姓名", "户主身份证号", "户类别", "致贫原因"])
    for row in ROWS:
        book.active.append(row)
    book.save(path)
    return path


@pytest.mark.browser
def test_a_ledger_import_shows_its_progress_until_done_and_lists_what_was_created(
    live_server, page, tree, county_officer, settings, tmp_path
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    log_in(page, live_server, "county_officer")
    page.get_by_role("navigation", name="主菜单").get_by_role("link", name="帮扶户").click()
    page.get_by_role("link", name="从 Excel 台账导入").click()
    page.get_by_label("Excel 表格(.xlsx)").set_input_files(_ledger(tmp_path / "石桥东村台账.xlsx"))
    page.get_by_role("button", name="上传并导入").click()

    expect(page.locator(".import-status")).to_have_text("排队中")
    expect(page.get_by_role("progressbar", name="导入进度")).to_be_visible()
    snap(page, "import-job-queued")

    run_import_job(job_id=ImportJob.objects.get().pk)  # what `fupin worker` does with the queued task

    expect(page.locator(".import-status")).to_have_text("完成")  # the page notices by itself
    expect(page.locator(".messages")).to_contain_text("新增帮扶户:3")
    items = page.locator(".import-items li")
    expect(items).to_have_text(
        ["石桥东村 王*山 4305**********1213", "石桥东村 李*海 4305**********0845", "石桥东村 赵*五 4305**********3313"]
    )
    expect(page.get_by_role("progressbar", name="导入进度")).to_have_attribute("value", "100")
    snap(page, "import-job-done")
    assert Household.objects.count() == 3
    page.get_by_role("link", name="继续导入").click()
    expect(page.locator(".recent-imports")).to_contain_text("石桥东村台账.xlsx")
    expect(page.locator(".recent-imports")).to_contain_text("完成")
    snap(page, "import-upload-recent")
    page.get_by_role("navigation", name="主菜单").get_by_role("link", name="帮扶户").click()
    expect(page.locator("main")).to_contain_text("4305**********3313")
