"""An import runs as a background job: the upload page answers at once, the sheet is kept privately until the
job ends, a progress bar follows it, and the job ends with everything written or nothing and every reason."""

import io
import socket

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.tasks import TaskResultStatus
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from openpyxl import Workbook
from tests.test_worker import DATABASE_BACKEND, _dead_pid, _run_worker

from fupin.audit.models import AuditEvent
from fupin.households.models import Household
from fupin.jobs import services
from fupin.jobs.models import ImportJob
from fupin.jobs.services import run_import_job
from fupin.jobs.tests.flow import run_upload

HEADER = ["村代码", "户主姓名", "户主身份证号", "户类别", "致贫原因"]
GOOD = [
    ["QH-DY-T1-V1", "王大山", "430524199006071213", "建档立卡户", "因病"],
    ["QH-DY-T1-V1", "李四海", "430524196511220845", "边缘户", "缺劳力"],
]


def ledger(rows) -> SimpleUploadedFile:
    book = Workbook()
    book.active.append(HEADER)
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile("石桥东村台账.xlsx", out.getvalue())


@pytest.fixture
def queued(transactional_db, tree, county_officer, login, settings, tmp_path):
    """The county office uploaded a good ledger; with the database backend its job waits for the worker."""
    settings.TASKS = DATABASE_BACKEND
    settings.MEDIA_ROOT = tmp_path / "media"  # where `fupin worker` (FUPIN_VAR_DIR=tmp_path) finds the upload
    client = login(county_officer)
    response = client.post(reverse("household_import"), {"file": ledger(GOOD)})
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("import_job", args=[job.pk])
    return client, job


def test_the_upload_page_answers_at_once_and_the_sheet_waits_in_private_storage(queued, tree):
    client, job = queued

    assert (job.status, job.kind, job.unit, job.filename) == (
        "queued",
        "household_ledger",
        tree.county1,
        "石桥东村台账.xlsx",
    )
    assert job.file.name.startswith("imports/") and default_storage.exists(job.file.name)
    assert not job.file.name.endswith("石桥东村台账.xlsx")  # stored under a random name
    assert Household.objects.count() == 0
    assert DBTaskResult.objects.get().args_kwargs == {"args": [job.pk], "kwargs": {}}
    status = client.get(reverse("import_job_status", args=[job.pk])).json()
    assert status == {
        "status": "queued",
        "status_display": "排队中",
        "done": 0,
        "total": 0,
        "percent": 0,
        "count_display": "",
    }
    page = client.get(reverse("import_job", args=[job.pk])).content.decode()
    assert "排队中" in page and 'data-status="queued"' in page and "jobs/import_job.js" in page


def test_the_worker_process_imports_the_sheet_and_drops_the_file(queued, tmp_path):
    client, job = queued
    stored = job.file.name

    _run_worker(tmp_path)

    job.refresh_from_db()
    assert (job.status, job.done, job.total, job.summary) == ("done", 2, 2, [["新增帮扶户", 2]])
    assert sorted(Household.objects.values_list("head_name", flat=True)) == ["李四海", "王大山"]
    assert not job.file and not default_storage.exists(stored)
    assert DBTaskResult.objects.get().status == TaskResultStatus.SUCCESSFUL
    status = client.get(reverse("import_job_status", args=[job.pk])).json()
    assert (status["status"], status["percent"], status["count_display"]) == ("done", 100, "已检查 2/2 行")


def test_a_job_whose_worker_was_killed_is_run_again_and_written_once(queued, tmp_path):
    _client, job = queued
    killed = f"{socket.gethostname()[:40]}:{_dead_pid()}:k1ll3d00"
    DBTaskResult.objects.update(status=TaskResultStatus.RUNNING, started_at=timezone.now(), worker_ids=[killed])
    ImportJob.objects.filter(pk=job.pk).update(status="running", attempt=1, started_at=timezone.now())

    _run_worker(tmp_path)

    job.refresh_from_db()
    assert (job.status, job.attempt) == ("done", 2)
    assert Household.objects.count() == 2
    assert AuditEvent.objects.filter(action="import").count() == 1


def test_another_subtrees_job_answers_404(queued, make_user, login, tree):
    _client, job = queued
    sibling = login(make_user("xc_office", tree.county2, "office_admin"))
    for name in ("import_job", "import_job_status"):
        assert sibling.get(reverse(name, args=[job.pk])).status_code == 404
    missing = sibling.get(reverse("import_job", args=[job.pk + 1000]))
    assert missing.status_code == 404


def test_a_unit_in_the_subtree_without_the_import_right_gets_404(queued, school_reporter, login):
    _client, job = queued
    assert login(school_reporter).get(reverse("import_job_status", args=[job.pk])).status_code == 404


def test_a_run_that_lost_its_job_to_another_keeps_nothing(queued, monkeypatch):
    _client, job = queued
    original = services.JobProgress.rows

    def taken_over(self, done, total):  # another run takes the job while this one checks the rows
        ImportJob.objects.filter(pk=self.job.pk).update(attempt=self.job.attempt + 1)
        original(self, done, total)

    monkeypatch.setattr(services.JobProgress, "rows", taken_over)
    run_import_job(job_id=job.pk)

    assert Household.objects.count() == 0
    assert not AuditEvent.objects.filter(action="import").exists()
    assert ImportJob.objects.get().status == "running"  # left to the run that took it


def test_a_run_that_loses_its_job_while_writing_rolls_its_rows_back(queued, monkeypatch):
    _client, job = queued
    original = services.JobProgress.written

    def taken_over(self, outcome):
        ImportJob.objects.filter(pk=self.job.pk).update(attempt=self.job.attempt + 1)
        original(self, outcome)

    monkeypatch.setattr(services.JobProgress, "written", taken_over)
    run_import_job(job_id=job.pk)

    assert Household.objects.count() == 0
    assert not AuditEvent.objects.filter(action="import").exists()


def test_an_unexpected_error_fails_the_job_with_a_chinese_reason_and_writes_nothing(queued, monkeypatch):
    _client, job = queued

    def broken(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr("fupin.households.ledger_sheet._check_registry", broken)
    run_import_job(job_id=job.pk)

    job.refresh_from_db()
    assert job.status == "failed"
    assert job.errors == ["导入时发生内部错误,未导入任何数据;请稍后重新上传,或联系管理员"]
    assert Household.objects.count() == 0 and not job.file


def test_an_ended_job_is_not_run_again(queued):
    _client, job = queued
    assert run_import_job(job_id=job.pk).status == "done"

    assert run_import_job(job_id=job.pk).status == "done"
    assert Household.objects.count() == 2


def test_the_job_page_of_a_refused_sheet_lists_every_row_and_field(queued, login, county_officer):
    client, _job = queued
    bad = [["QH-DY-T1-V1", "王大山", "430524199006071214", "建档立卡户", "因病"], ["QH-XC", "", "", "其他", ""]]
    client.post(reverse("household_import"), {"file": ledger(bad)})
    job = ImportJob.objects.latest("pk")
    run_import_job(job_id=job.pk)

    page = client.get(reverse("import_job", args=[job.pk])).content.decode()
    assert "发现 4 处问题,未导入任何数据" in page
    assert ImportJob.objects.get(pk=job.pk).errors == [
        "第2行 户主身份证号: 身份证号校验码不正确,请核对是否输错",
        "第3行 户主姓名: 不能为空",
        "第3行 户主身份证号: 不能为空",
        "第3行 村代码: QH-XC 不是您管辖范围内的村",
    ]
    assert Household.objects.count() == 0


def test_the_upload_page_lists_the_subtrees_recent_imports_only(queued, make_user, login, tree):
    client, job = queued
    page = client.get(reverse("household_import")).content.decode()
    assert "最近的导入" in page and reverse("import_job", args=[job.pk]) in page and "石桥东村台账.xlsx" in page

    sibling = login(make_user("xc_office", tree.county2, "office_admin")).get(reverse("household_import"))
    assert "石桥东村台账.xlsx" not in sibling.content.decode() and "最近的导入" not in sibling.content.decode()


def _hidden_ledger() -> SimpleUploadedFile:
    book = Workbook()
    book.active.append(HEADER)
    for row in GOOD:
        book.active.append(row)
    book.active.row_dimensions[3].hidden = True
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile("台账.xlsx", out.getvalue())


def test_hidden_rows_are_refused_by_the_job_unless_the_person_ticked_the_box(
    tree, county_officer, login, django_capture_on_commit_callbacks
):
    client = login(county_officer)
    page, job = run_upload(client, "household_import", {"file": _hidden_ledger()}, django_capture_on_commit_callbacks)
    assert job.errors == [
        "表格中有隐藏且有内容的行或列:第3行。请取消隐藏并核对;确认要导入时,勾选「导入隐藏的行和列」后重新上传"
    ]
    assert "未导入" in page.content.decode() and Household.objects.count() == 0

    data = {"file": _hidden_ledger(), "include_hidden": "on"}
    _page, job = run_upload(client, "household_import", data, django_capture_on_commit_callbacks)
    assert job.status == "done" and Household.objects.count() == 2
