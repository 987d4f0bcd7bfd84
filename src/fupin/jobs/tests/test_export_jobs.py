"""A long export runs in the worker: the export link answers with the job's page, the workbook is built from
the same filters as the page would build it, kept privately and downloaded by the person who asked."""

import io
import socket
from datetime import UTC, datetime, timedelta

import pytest
from django.core.files.storage import default_storage
from django.tasks import TaskResultStatus
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from openpyxl import load_workbook
from tests.test_worker import DATABASE_BACKEND, _dead_pid, _run_worker

from fupin.audit.models import AuditEvent
from fupin.campaigns.models import Task
from fupin.campaigns.services import tasks as task_services
from fupin.documents.tests.word_factories import full_campaign
from fupin.jobs import services
from fupin.jobs.models import ExportJob
from fupin.jobs.services import run_export_job

NOW = datetime(2026, 10, 20, 2, 0, tzinfo=UTC)  # 2026-10-20 10:00 in Beijing


@pytest.fixture
def campaign(tree, city_officer, school_reporter, monkeypatch):
    """Six tasks (both schools, three requirements); 东阳一中 handed in its plan two days and three hours late."""
    campaign = full_campaign(city_officer, tree)
    plan = Task.objects.get(unit=tree.school1, requirement__kind="plan")
    task_services.submit_task(by=school_reporter, task=plan, text="方案", at=plan.requirement.due_at + timedelta(2))
    monkeypatch.setattr(timezone, "now", lambda: NOW)
    return campaign


def cells(content: bytes) -> list[tuple]:
    book = load_workbook(io.BytesIO(content))
    return [row for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)]


def tasks_url(campaign) -> str:
    return reverse("export_campaign_tasks", args=[campaign.pk])


def queue(client, url: str, settings, capture=None):
    settings.FUPIN_EXPORT_BACKGROUND_ROWS = 5
    if capture is None:
        return client.get(url)
    with capture(execute=True):
        return client.get(url)


def test_a_small_task_list_export_downloads_in_the_request(campaign, city_officer, login, settings):
    settings.FUPIN_EXPORT_BACKGROUND_ROWS = 6
    response = login(city_officer).get(tasks_url(campaign))
    assert response.status_code == 200 and response["Content-Type"].endswith("spreadsheetml.sheet")
    assert ExportJob.objects.count() == 0


def test_a_large_task_list_export_runs_in_the_worker_and_downloads_when_done(
    campaign, city_officer, login, settings, django_capture_on_commit_callbacks
):
    client = login(city_officer)
    direct = client.get(tasks_url(campaign)).content
    response = queue(client, tasks_url(campaign), settings, django_capture_on_commit_callbacks)

    job = ExportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("export_job", args=[job.pk])
    assert (job.status, job.kind, job.unit.name, job.done, job.total) == (
        "done",
        "campaign_tasks",
        "清河市教育局",
        6,
        6,
    )
    assert job.title == "清河市教育系统2026年扶贫日活动实施方案 报送任务清单(清河市教育局)"
    assert job.file.name.startswith("exports/") and default_storage.exists(job.file.name)
    page = client.get(response["Location"]).content.decode()
    assert "完成" in page and reverse("export_job_download", args=[job.pk]) in page
    download = client.get(reverse("export_job_download", args=[job.pk]))
    assert download.status_code == 200
    assert "filename*=UTF-8''%E6%B8%85%E6%B2%B3" in download["Content-Disposition"]
    assert cells(download.content) == cells(direct)
    assert cells(download.content)[3] == (
        "东阳县第一中学",
        "活动方案",
        "2026年10月12日(周一)15:00",
        "已报送",
        "2026-10-14 15:00",
        "逾期2天",
    )
    assert AuditEvent.objects.filter(target_type="jobs.exportjob", action="create").count() == 1


def test_an_export_download_is_404_outside_scope(
    campaign, city_officer, tree, make_user, login, settings, django_capture_on_commit_callbacks
):
    queue(login(city_officer), tasks_url(campaign), settings, django_capture_on_commit_callbacks)
    job = ExportJob.objects.get()
    strangers = [
        make_user("xc_office", tree.county2, "office_admin"),  # another subtree
        make_user("city_colleague", tree.city, "office_admin"),  # same office, but not who asked
    ]
    for user in strangers:
        client = Client()
        client.force_login(user)
        for name in ("export_job", "export_job_status", "export_job_download"):
            assert client.get(reverse(name, args=[job.pk])).status_code == 404, (user, name)


def test_the_download_is_404_until_the_file_is_built(campaign, city_officer, login, settings):
    settings.TASKS = DATABASE_BACKEND
    client = login(city_officer)
    response = queue(client, tasks_url(campaign), settings)
    job = ExportJob.objects.get()
    assert client.get(reverse("export_job_download", args=[job.pk])).status_code == 404
    status = client.get(reverse("export_job_status", args=[job.pk])).json()
    assert status == {
        "status": "queued",
        "status_display": "排队中",
        "done": 0,
        "total": 0,
        "percent": 0,
        "count_display": "",
    }
    assert "排队中" in client.get(response["Location"]).content.decode()


def test_a_run_that_lost_its_export_to_another_keeps_no_file(campaign, city_officer, login, settings, monkeypatch):
    settings.TASKS = DATABASE_BACKEND
    queue(login(city_officer), tasks_url(campaign), settings)
    stored = []
    original = services.default_storage.save

    def taken_over(name, content):  # another run takes the job while this one stores its file
        stored.append(original(name, content))
        ExportJob.objects.update(attempt=99)
        return stored[-1]

    monkeypatch.setattr(services.default_storage, "save", taken_over)
    job = run_export_job(job_id=ExportJob.objects.get().pk)

    assert (job.status, job.file.name) == ("running", "")
    assert len(stored) == 1 and not default_storage.exists(stored[0])


def test_an_export_that_breaks_fails_with_a_chinese_reason_and_keeps_no_file(
    campaign, city_officer, login, settings, monkeypatch
):
    settings.TASKS = DATABASE_BACKEND
    client = login(city_officer)
    queue(client, tasks_url(campaign), settings)

    def broken(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr("fupin.documents.task_sheet.write_table", broken)
    job = run_export_job(job_id=ExportJob.objects.get().pk)

    assert (job.status, job.file.name) == ("failed", "")
    assert job.error == "生成导出文件时发生内部错误,未生成文件;请稍后重新导出,或联系管理员"
    page = client.get(reverse("export_job", args=[job.pk])).content.decode()
    assert "未生成" in page and "生成导出文件时发生内部错误" in page


@pytest.fixture
def queued_for_worker(transactional_db, campaign, city_officer, settings, tmp_path):
    settings.TASKS = DATABASE_BACKEND
    settings.MEDIA_ROOT = tmp_path / "media"  # where `fupin worker` (FUPIN_VAR_DIR=tmp_path) keeps the file
    client = Client()
    client.force_login(city_officer)
    response = queue(client, tasks_url(campaign), settings)
    assert response.status_code == 302
    return client, ExportJob.objects.get()


def test_the_worker_process_builds_the_export_and_the_person_downloads_it(queued_for_worker, tmp_path):
    client, job = queued_for_worker

    _run_worker(tmp_path)

    job.refresh_from_db()
    assert (job.status, job.done, job.total, job.attempt) == ("done", 6, 6, 1)
    assert DBTaskResult.objects.get().status == TaskResultStatus.SUCCESSFUL
    rows = cells(client.get(reverse("export_job_download", args=[job.pk])).content)
    assert rows[2] == ("单位", "报送要求", "截止时间", "状态", "报送时间", "逾期情况")
    assert len(rows) == 3 + 6


def test_an_export_whose_worker_was_killed_is_built_again(queued_for_worker, tmp_path):
    _client, job = queued_for_worker
    killed = f"{socket.gethostname()[:40]}:{_dead_pid()}:k1ll3d00"
    DBTaskResult.objects.update(status=TaskResultStatus.RUNNING, started_at=NOW, worker_ids=[killed])
    ExportJob.objects.filter(pk=job.pk).update(status="running", attempt=1, started_at=NOW)

    _run_worker(tmp_path)

    job.refresh_from_db()
    assert (job.status, job.attempt, job.total) == ("done", 2, 6)
    assert default_storage.exists(job.file.name)


def progress_url(campaign, **query) -> str:
    requirement = f"&requirement={query['requirement']}" if query else ""
    return reverse("campaign_progress", args=[campaign.pk]) + "?format=xlsx" + requirement


def test_a_large_progress_export_runs_in_the_worker_and_downloads_when_done(
    campaign, city_officer, login, settings, django_capture_on_commit_callbacks
):
    summary = campaign.requirements.get(kind="summary")
    client = login(city_officer)
    direct = client.get(progress_url(campaign, requirement=summary.pk))
    assert direct.status_code == 200 and ExportJob.objects.count() == 0
    settings.FUPIN_EXPORT_BACKGROUND_ROWS = 3
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(progress_url(campaign, requirement=summary.pk))

    job = ExportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("export_job", args=[job.pk])
    assert (job.status, job.kind, job.title) == (
        "done",
        "campaign_progress",
        "清河市教育系统2026年扶贫日活动实施方案 报送进度(清河市教育局)",
    )
    download = client.get(reverse("export_job_download", args=[job.pk]))
    assert download["Content-Disposition"] == direct["Content-Disposition"]
    assert cells(download.content) == cells(direct.content)
    book = load_workbook(io.BytesIO(download.content))
    assert book.sheetnames == ["报送进度(按单位)", "尚未报送的单位", "各项报送要求"]
    missing = [row[0] for row in book["尚未报送的单位"].iter_rows(min_row=3, values_only=True)]
    assert missing == ["东阳县第一中学", "西川县第一中学"]


def test_a_large_statistics_table_export_runs_in_the_worker_and_downloads_when_done(
    tree, city_officer, school_reporter, login, settings, django_capture_on_commit_callbacks
):
    from fupin.campaigns.services import stats as stat_services
    from fupin.campaigns.tests.stat_factories import simple_columns, stat_campaign, task_of

    kinds = ["county_bureau", "school"]
    table = stat_campaign(city_officer, tree.city, columns=simple_columns(), unit_kinds=kinds)[1]
    rows = [{"activities": "3", "people": "120", "money": "1234.5", "rate": "85", "day": "2026-10-17"}]
    stat_services.fill_report(by=school_reporter, task=task_of(table, tree.school1), rows=rows)
    client = login(city_officer)
    url = reverse("stat_export", args=[table.pk])
    direct = client.get(url)
    assert direct.status_code == 200 and ExportJob.objects.count() == 0
    settings.FUPIN_EXPORT_BACKGROUND_ROWS = 2
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(url)

    job = ExportJob.objects.get()
    assert response["Location"] == reverse("export_job", args=[job.pk])
    assert (job.status, job.kind, job.title, job.total) == ("done", "stat_table", "测试统计表 汇总(清河市教育局)", 4)
    download = client.get(reverse("export_job_download", args=[job.pk]))
    assert download["Content-Disposition"] == direct["Content-Disposition"]
    assert cells(download.content) == cells(direct.content)
    units = [row[1] for row in cells(download.content) if isinstance(row[0], int)]
    assert units == ["东阳县教育局", "东阳县第一中学", "西川县教育局", "西川县第一中学"]
