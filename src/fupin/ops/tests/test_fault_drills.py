"""Fault drills on real processes over PostgreSQL: a `fupin worker` killed with SIGKILL in the middle of a background
import leaves nothing half-written and the job, picked up again, writes once; killed in the middle of an archive
build it leaves no archive, and the build taken over is whole. The ledger check and the audit trail's verification
stay clean. A gunicorn worker killed while it pays a disbursement (the request waiting inside its transaction) loses
the whole payment, and the approval sent again pays once.

Each drill holds a table lock from a connection of its own, so the process under test is caught waiting inside its
transaction (seen in pg_stat_activity) when it is killed: the kill lands mid-write, not before or after."""

import glob
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

import psycopg
import pytest
import requests
from django.core.management import call_command
from django.db import connection
from django.tasks import TaskResultStatus
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from tests.servers import PASSWORD, app_server, environment, ready, servers_password
from tests.test_worker import DATABASE_BACKEND, _run_worker

from fupin.audit.models import AuditEvent
from fupin.documents.archive.services import request_archive
from fupin.documents.models import ArchiveJob, ArchiveStatus
from fupin.documents.tests import archive_data
from fupin.donations import ledger
from fupin.donations.models import Disbursement, LedgerTransaction
from fupin.donations.services import receive_donation, request_disbursement
from fupin.donations.tests.staff_data import photo_upload, staffed_drive
from fupin.households.models import Household
from fupin.jobs.models import ImportJob
from fupin.jobs.tests.test_import_jobs import GOOD
from fupin.jobs.tests.test_import_jobs import ledger as household_sheet

archived = archive_data.archived  # the fixture: a campaign with hand-ins, photos and a statistics table

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="processes killed over one PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]


@contextmanager
def locked(table: str, mode: str = "SHARE ROW EXCLUSIVE") -> Iterator[None]:
    """`table` locked (by default against writes, not reads) from a connection of the drill's own, until the block
    ends."""
    with psycopg.connect(environment_url()) as holder:
        holder.execute(f"LOCK TABLE {table} IN {mode} MODE")
        yield
        holder.rollback()


def environment_url() -> str:
    db = connection.settings_dict
    return f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


def wait_until_blocked_on(table: str) -> int:
    """The process id (the PostgreSQL backend's client) caught waiting for the lock on `table` (bounded at 60 s)."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pid FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query ILIKE %s",
                [f"%{table}%"],
            )
            if row := cursor.fetchone():
                return row[0]
        threading.Event().wait(0.2)
    raise AssertionError(f"nothing waited for {table} within 60 s")


def wait_until_gone(backend: int) -> None:
    """PostgreSQL has ended the killed client's backend (its transaction rolled back), bounded at 60 s."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE pid = %s", [backend])
            if cursor.fetchone()[0] == 0:
                return
        threading.Event().wait(0.2)
    raise AssertionError(f"backend {backend} still there 60 s after its client was killed")


def worker(tmp_path) -> subprocess.Popen:
    """`fupin worker` over the test database, its uploads and files under tmp_path (as the test's MEDIA_ROOT)."""
    args = [sys.executable, "-m", "fupin.cli", "worker", "--no-reload", "--no-startup-delay", "--interval", "0.2"]
    with open(tmp_path / "worker.log", "ab") as log:
        return subprocess.Popen(args, env=environment(tmp_path), stdout=log, stderr=subprocess.STDOUT)


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.kill()
        process.wait(30)


@pytest.fixture
def shared_media(settings, tmp_path):
    """The test's files where the worker (FUPIN_VAR_DIR=tmp_path) finds them; requested before any upload."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.TASKS = DATABASE_BACKEND


def kill_9(process: subprocess.Popen) -> None:
    os.kill(process.pid, signal.SIGKILL)
    assert process.wait(30) == -signal.SIGKILL


def assert_books_clean() -> None:
    call_command("ledger", "check")  # raises CommandError with every problem
    call_command("audit", "verify")


def test_a_worker_killed_mid_import_leaves_nothing_half_written_and_the_job_runs_again_once(
    shared_media, tree, county_officer, login, tmp_path
):
    client = login(county_officer)
    assert client.post(reverse("household_import"), {"file": household_sheet(GOOD)}).status_code == 302
    job = ImportJob.objects.get()
    running = worker(tmp_path)
    try:
        with locked("households_household"):
            backend = wait_until_blocked_on("households_household")
            kill_9(running)
        wait_until_gone(backend)
    finally:
        stop(running)
    job.refresh_from_db()
    assert job.status == "running" and job.attempt == 1  # what the killed worker left
    assert Household.objects.count() == 0
    assert not AuditEvent.objects.filter(action="import").exists()
    assert_books_clean()

    _run_worker(tmp_path)  # a worker on the same machine sees the dead one's task and runs it again

    job.refresh_from_db()
    assert (job.status, job.attempt) == ("done", 2)
    assert sorted(Household.objects.values_list("head_name", flat=True)) == ["李四海", "王大山"]
    assert AuditEvent.objects.filter(action="import").count() == 1
    assert DBTaskResult.objects.get().status == TaskResultStatus.SUCCESSFUL
    assert_books_clean()


def test_a_worker_killed_mid_archive_build_keeps_no_archive_and_the_build_taken_over_is_whole(
    shared_media, archived, tree, city_officer, tmp_path
):
    job = request_archive(by=city_officer, campaign=archived, unit=tree.city)
    running = worker(tmp_path)
    try:
        # the build reads the audit trail for its last index, after the notices, tables and hand-ins are written
        with locked("audit_auditevent", "ACCESS EXCLUSIVE"):
            backend = wait_until_blocked_on("audit_auditevent")
            kill_9(running)
        wait_until_gone(backend)
    finally:
        stop(running)
    job.refresh_from_db()
    assert (job.status, job.attempt, job.file.name) == (ArchiveStatus.RUNNING, 1, "")
    partials = glob.glob(os.path.join(tempfile.gettempdir(), f"archive-{job.pk}-*.zip.part"))
    assert len(partials) == 1 and os.path.getsize(partials[0]) > 0  # what the killed build had written
    assert not (tmp_path / "media" / "archives").exists()
    assert_books_clean()

    ten_minutes_ago = timezone.now() - timedelta(minutes=10)  # its heartbeat stopped: cron takes it over
    ArchiveJob.objects.filter(pk=job.pk).update(heartbeat_at=ten_minutes_ago, started_at=ten_minutes_ago)
    call_command("archive", "pending")

    job.refresh_from_db()
    assert (job.status, job.attempt) == (ArchiveStatus.DONE, 2)
    assert not os.path.exists(partials[0])
    with job.file.open("rb") as built:
        whole = archive_data.open_zip([built.read()])
    assert whole.testzip() is None and "manifest.csv" in whole.namelist()
    assert_books_clean()


def _gunicorn_worker(master: int) -> int:
    """The one worker process of a gunicorn master (FUPIN_WEB_WORKERS=1)."""
    with open(f"/proc/{master}/task/{master}/children") as listed:
        children = listed.read().split()
    assert len(children) == 1, children
    return int(children[0])


def _signed_in(address: str, username: str) -> requests.Session:
    browser = requests.Session()
    browser.get(f"{address}/login/", timeout=60)
    form = {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": browser.cookies["csrftoken"]}
    assert browser.post(f"{address}/login/", data=form, allow_redirects=False, timeout=60).status_code == 302
    return browser


def _approve(browser: requests.Session, address: str, disbursement: Disbursement) -> requests.Response:
    data = {"is_redacted": "on", "csrfmiddlewaretoken": browser.cookies["csrftoken"]}
    files = {"proof": ("回单.jpg", photo_upload().getvalue(), "image/jpeg")}
    url = f"{address}/donations/disbursements/{disbursement.pk}/approve/"
    return browser.post(url, data=data, files=files, allow_redirects=False, timeout=120)


def test_a_server_worker_killed_while_paying_a_disbursement_loses_the_whole_payment_and_a_retry_pays_once(
    tree, tmp_path
):
    staffed = staffed_drive(tree.county1, "dy")
    receive_donation(
        by=staffed.finance,
        drive=staffed.drive,
        channel="transfer",
        amount_fen=100000,
        donor_type="enterprise",
        donor_name="东阳建材",
    )
    asked = request_disbursement(
        by=staffed.finance, drive=staffed.drive, recipient="石桥东村", purpose="购置冬衣", amount_fen=30000
    )
    servers_password(staffed.office)
    entries = LedgerTransaction.objects.count()
    address, server = app_server(environment(tmp_path))
    try:
        ready(address, server)
        browser = _signed_in(address, staffed.office.username)
        lost: list[BaseException] = []

        def approve() -> None:
            try:
                _approve(browser, address, asked)
            except requests.ConnectionError as exc:  # the worker serving it was killed
                lost.append(exc)

        sending = threading.Thread(target=approve)
        with locked("donations_ledgertransaction"):
            sending.start()
            backend = wait_until_blocked_on("donations_ledgertransaction")
            os.kill(_gunicorn_worker(server.popen.pid), signal.SIGKILL)
            sending.join(60)
        wait_until_gone(backend)
        assert len(lost) == 1
        asked.refresh_from_db()
        assert (asked.status, asked.approved_by, asked.proof.name) == ("requested", None, "")
        assert LedgerTransaction.objects.count() == entries and ledger.balance_fen(staffed.drive) == 100000
        assert not AuditEvent.objects.filter(target_id=str(asked.pk), changes__status=["requested", "paid"]).exists()
        assert_books_clean()

        again = _approve(browser, address, asked)  # the master has started a new worker
        assert again.status_code == 302, again.text[:500]
    finally:
        server.stop()
    asked.refresh_from_db()
    assert asked.status == "paid" and asked.approved_by == staffed.office and asked.proof.name
    assert LedgerTransaction.objects.count() == entries + 1 and ledger.balance_fen(staffed.drive) == 70000
    assert_books_clean()
