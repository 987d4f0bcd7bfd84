"""An import's progress bar moves while its rows are written: each chunk's progress is seen outside the
import's transaction (another database connection, the job's status page), and the rows only at its end."""

import io

import pytest
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.urls import reverse
from openpyxl import Workbook
from tests.test_worker import DATABASE_BACKEND

from fupin.households import ledger_sheet
from fupin.households.models import Household
from fupin.jobs import live_progress, services
from fupin.jobs.models import ImportJob
from fupin.jobs.services import run_import_job
from fupin.lib.id_numbers import check_digit

HEADER = ["村代码", "户主姓名", "户主身份证号", "户类别"]


def _id_number(n: int) -> str:
    first17 = f"43052419900607{n:03d}"
    return first17 + check_digit(first17)


def _ledger(count: int) -> bytes:
    book = Workbook()
    book.active.append(HEADER)
    for n in range(count):
        book.active.append(["QH-DY-T1-V1", f"户主{n}", _id_number(n), "建档立卡户"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.fixture
def five_row_job(transactional_db, tree, county_officer, login, settings, tmp_path, monkeypatch):
    """A queued ledger of five households, read two rows at a time, its progress written at every chunk."""
    settings.TASKS = DATABASE_BACKEND
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.VAR_DIR = tmp_path / "var"
    monkeypatch.setattr(ledger_sheet, "CHUNK", 2)
    monkeypatch.setattr(services, "PROGRESS_EVERY", 0)
    client = login(county_officer)
    upload = io.BytesIO(_ledger(5))
    upload.name = "五户台账.xlsx"
    client.post(reverse("household_import"), {"file": upload})
    return client, ImportJob.objects.get()


def _seen_while_writing(monkeypatch, look) -> list:
    """What `look()` answers each time the import starts writing a chunk (inside its transaction)."""
    seen, write = [], ledger_sheet._write

    def watched(*args, **kwargs):
        seen.append(look())
        write(*args, **kwargs)

    monkeypatch.setattr(ledger_sheet, "_write", watched)
    return seen


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a second connection beside an open transaction")
def test_import_progress_is_visible_from_another_connection_while_the_transaction_is_open(five_row_job, monkeypatch):
    _client, job = five_row_job
    other = connections.create_connection(DEFAULT_DB_ALIAS)

    def look() -> tuple:
        with other.cursor() as cursor:
            cursor.execute("SELECT done, total FROM jobs_importjob WHERE id = %s", [job.pk])
            done, total = cursor.fetchone()
            cursor.execute("SELECT count(*) FROM households_household")
            return done, total, cursor.fetchone()[0]

    try:
        seen = _seen_while_writing(monkeypatch, look)
        run_import_job(job_id=job.pk)
        after = look()
    finally:
        other.close()

    # (rows checked, rows in the sheet, households another connection sees): progress moves, rows wait
    assert seen == [(2, 6, 0), (4, 6, 0), (5, 6, 0)]
    assert after == (5, 5, 5)


def test_the_job_status_page_follows_each_chunk_while_the_import_writes(five_row_job, monkeypatch, tmp_path):
    client, job = five_row_job
    status = reverse("import_job_status", args=[job.pk])
    seen = _seen_while_writing(monkeypatch, lambda: client.get(status).json()["count_display"])

    run_import_job(job_id=job.pk)

    assert seen == ["已检查 2/6 行", "已检查 4/6 行", "已检查 5/6 行"]
    assert client.get(status).json()["count_display"] == "已检查 5/5 行"
    assert Household.objects.count() == 5
    assert not (tmp_path / "var" / "import-progress" / f"{job.pk}.json").exists()  # gone with the run


def test_an_import_whose_progress_cannot_be_put_aside_is_still_imported_whole(five_row_job, monkeypatch):
    client, job = five_row_job

    def refused(self, done, total):
        raise OSError("no room left on the disk")

    monkeypatch.setattr(live_progress.LiveProgress, "_put", refused)
    run_import_job(job_id=job.pk)

    status = client.get(reverse("import_job_status", args=[job.pk])).json()
    assert (status["status"], status["count_display"]) == ("done", "已检查 5/5 行")
    assert Household.objects.count() == 5
