"""A 一日捐 / 一元捐 sheet is imported by the worker: the upload page answers at once with the import's page, whose
progress bar follows the job to the gifts and their receipts or to every 「第N行 字段: 原因」; a worker killed
mid-import is run again and the gifts are recorded once."""

import socket

import pytest
from django.tasks import TaskResultStatus
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from tests.test_worker import DATABASE_BACKEND, _dead_pid, _run_worker

from fupin.audit.models import AuditEvent
from fupin.donations import ledger
from fupin.donations.models import Donation, LedgerTransaction, Receipt
from fupin.jobs.models import ImportJob
from fupin.jobs.services import run_import_job
from fupin.orgs.tests.factories import make_user

from .staff_data import import_sheet, sheet, staffed_drive

ROWS = [("一日捐", "张三", "QH-DY-S01", "300", ""), ("一元捐", "李四", "QH-DY-S01", "1,234.50", "是")]


@pytest.fixture
def queued(transactional_db, tree, login, settings, tmp_path):
    """Finance uploaded a good sheet; with the database backend its job waits for the worker."""
    settings.TASKS = DATABASE_BACKEND
    settings.MEDIA_ROOT = tmp_path / "media"  # where `fupin worker` (FUPIN_VAR_DIR=tmp_path) finds the upload
    staffed = staffed_drive(tree.county1, "dy")
    client = login(staffed.finance)
    response = client.post(reverse("donation_import", args=[staffed.drive.pk]), {"file": sheet(ROWS)})
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("import_job", args=[job.pk])
    return client, job, staffed


def test_a_sheet_upload_answers_at_once_and_records_nothing_until_the_worker_runs(queued, tree):
    client, job, staffed = queued
    assert (job.status, job.kind, job.unit, job.options["drive"]) == (
        "queued",
        "donation_sheet",
        tree.county1,
        staffed.drive.pk,
    )
    assert not Donation.objects.exists()
    page = client.get(reverse("import_job", args=[job.pk])).content.decode()
    assert "导入一日捐/一元捐" in page and "排队中" in page and "jobs/import_job.js" in page


def test_a_worker_killed_mid_import_is_run_again_and_records_each_gift_once(queued, tmp_path):
    client, job, staffed = queued
    killed = f"{socket.gethostname()[:40]}:{_dead_pid()}:k1ll3d00"
    DBTaskResult.objects.update(status=TaskResultStatus.RUNNING, started_at=timezone.now(), worker_ids=[killed])
    ImportJob.objects.filter(pk=job.pk).update(status="running", attempt=1, started_at=timezone.now())

    _run_worker(tmp_path)

    job.refresh_from_db()
    assert (job.status, job.attempt, job.done, job.total) == ("done", 2, 2, 2)
    assert job.summary == [["登记捐款 1,534.50 元,笔数", 2]]
    assert sorted(Donation.objects.values_list("donor_name", "amount_fen")) == [("张三", 30000), ("李四", 123450)]
    assert list(Receipt.objects.order_by("number").values_list("number", flat=True)) == [1, 2]
    assert LedgerTransaction.objects.count() == 2 and ledger.balance_fen(staffed.drive) == 153450
    assert AuditEvent.objects.filter(action="import").count() == 1
    assert run_import_job(job_id=job.pk).status == "done" and Donation.objects.count() == 2
    page = client.get(reverse("import_job", args=[job.pk])).content.decode()
    assert "登记捐款 1,534.50 元,笔数:2" in page and "一元捐 匿名 1,234.50 元" in page
    assert reverse("drive_detail", args=[staffed.drive.pk]) in page
    assert reverse("donation_import", args=[staffed.drive.pk]) in page


def test_another_counties_finance_gets_404_for_the_sheets_job(queued, tree, login):
    _client, job, _staffed = queued
    sibling = login(make_user("xc_finance", tree.county2, "finance"))
    for name in ("import_job", "import_job_status"):
        assert sibling.get(reverse(name, args=[job.pk])).status_code == 404


def test_the_import_page_lists_this_drives_recent_sheets_only(queued, tree):
    client, job, staffed = queued
    other = staffed_drive(tree.county1, "dy2")
    page = client.get(reverse("donation_import", args=[staffed.drive.pk])).content.decode()
    assert "最近的导入" in page and reverse("import_job", args=[job.pk]) in page and "一日捐.xlsx" in page
    elsewhere = client.get(reverse("donation_import", args=[other.drive.pk])).content.decode()
    assert "最近的导入" not in elsewhere


def test_a_job_whose_uploader_lost_the_right_to_record_fails_with_the_reason_and_records_nothing(queued):
    _client, job, staffed = queued
    staffed.finance.memberships.all().delete()

    run_import_job(job_id=job.pk)

    job.refresh_from_db()
    assert (job.status, job.errors) == ("failed", ["找不到这个募捐活动,或您已无权为它登记捐款"])
    assert not Donation.objects.exists() and not Receipt.objects.exists() and ledger.balance_fen(staffed.drive) == 0


@pytest.mark.django_db
def test_a_refused_sheets_job_page_names_every_row_and_field(tree, login, django_capture_on_commit_callbacks):
    staffed = staffed_drive(tree.county1, "dy", channels=("one_day_pay",))
    rows = [("一元捐", "甲", "QH-DY-S01", "1", ""), ("一日捐", "乙", "QH-DY-S01", "1.005", "")]
    capture = django_capture_on_commit_callbacks
    page, job = import_sheet(login(staffed.finance), staffed.drive, capture, sheet(rows))
    assert job.errors == [
        "第2行 方式: 本募捐活动没有「一元捐」方式",
        "第3行 金额(元): 金额「1.005」超过两位小数(元以下只到分)",
    ]
    assert "发现 2 处问题,未导入任何数据" in page.content.decode() and "改正后重新上传" in page.content.decode()
    assert not Donation.objects.exists() and not Receipt.objects.exists() and ledger.balance_fen(staffed.drive) == 0
