"""A large progress export in a browser: the export link opens the export's page with a progress bar, the
page follows the job by itself until it reads 完成, then the workbook downloads. Pages are saved at desktop
and phone width in test-artifacts/."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from playwright.sync_api import expect

from fupin.documents.tests.word_factories import full_campaign
from fupin.jobs.models import ExportJob
from fupin.jobs.services import run_export_job

from .test_pages import log_in, snap


@pytest.mark.browser
def test_a_large_progress_export_shows_its_progress_and_downloads_when_done(
    live_server, page, tree, city_officer, settings
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    settings.FUPIN_EXPORT_BACKGROUND_ROWS = 1
    campaign = full_campaign(city_officer, tree)
    log_in(page, live_server, "city_officer")
    page.goto(f"{live_server.url}{reverse('campaign_progress', args=[campaign.pk])}")
    page.get_by_role("link", name="导出本页进度(Excel)").click()

    expect(page.get_by_role("heading", name="导出报送进度")).to_be_visible()
    expect(page.locator(".import-status")).to_have_text("排队中")
    expect(page.get_by_role("progressbar", name="导出进度")).to_be_visible()
    snap(page, "export-job-queued")

    run_export_job(job_id=ExportJob.objects.get().pk)  # what `fupin worker` does with the queued task

    expect(page.locator(".import-status")).to_have_text("完成")  # the page notices by itself
    expect(page.locator("main")).to_contain_text("文件:清河市教育系统2026年扶贫日活动实施方案 报送进度(按单位).xlsx")
    link = page.get_by_role("link", name="下载表格")
    snap(page, "export-job-done")
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename == "清河市教育系统2026年扶贫日活动实施方案 报送进度(按单位).xlsx"
    book = load_workbook(io.BytesIO(download.value.path().read_bytes()))
    assert book.sheetnames == ["报送进度(按单位)", "各项报送要求"]
