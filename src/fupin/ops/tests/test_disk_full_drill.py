"""Fault drill: the disk holding uploads is full while the office approves a disbursement with its 拨付证明. The
page answers a Chinese 507 naming the file; nothing is half-written (no payment, no ledger entry, no partial file,
the audit trail and the ledger check clean); once space is freed, the same approval sent again pays once.

Run as root where tmpfs can be mounted, the disk is a real 256 KiB tmpfs filled up; elsewhere, the file system's
writes fail with ENOSPC part-way through the file, as a full disk's do."""

import errno
import os
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from fupin.audit.models import AuditEvent
from fupin.donations import ledger
from fupin.donations.models import LedgerTransaction
from fupin.donations.services import receive_donation, request_disbursement
from fupin.donations.tests.staff_data import photo_upload, staffed_drive

pytestmark = pytest.mark.django_db


def _mounted_tmpfs(folder: Path) -> bool:
    if os.geteuid() != 0:
        return False
    folder.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(folder)], capture_output=True)
    return done.returncode == 0


def _fill(folder: Path) -> Path:
    filler = folder / "filler"
    with open(filler, "wb", buffering=0) as out:
        try:
            while True:
                out.write(b"\0" * 4096)
        except OSError as exc:
            assert exc.errno == errno.ENOSPC
    return filler


class _FullDiskFile:
    """A file whose writes fail as on a full disk, after the first few bytes reached it."""

    def __init__(self, real):
        self.real = real

    def write(self, data):
        self.real.write(data[:16])
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def __getattr__(self, name):
        return getattr(self.real, name)


@pytest.fixture
def full_disk(settings, tmp_path, monkeypatch):
    """Uploads go to a folder on a full disk; calling the fixture's value frees the space."""
    media = tmp_path / "media"
    settings.MEDIA_ROOT = media
    if _mounted_tmpfs(media):
        try:
            yield _fill(media).unlink
        finally:
            subprocess.run(["umount", str(media)], check=True)
        return
    media.mkdir(parents=True, exist_ok=True)
    real_fdopen = os.fdopen
    monkeypatch.setattr(os, "fdopen", lambda fd, *a, **kw: _FullDiskFile(real_fdopen(fd, *a, **kw)))
    yield monkeypatch.undo


def _files(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file() and p.name != "filler")


def test_a_full_disk_during_an_upload_answers_in_chinese_naming_the_file_and_a_retry_after_freeing_space_pays(
    full_disk, tree, login, settings
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
    client, url = login(staffed.office), reverse("approve_disbursement", args=[asked.pk])
    entries, events = LedgerTransaction.objects.count(), AuditEvent.objects.count()

    refused = client.post(url, {"proof": photo_upload("十月回单.jpg"), "is_redacted": "on"})

    assert refused.status_code == 507
    text = refused.content.decode()
    assert "服务器存储空间已满,文件「十月回单.jpg」没有保存,本次提交的其他内容也没有保存。" in text
    asked.refresh_from_db()
    assert (asked.status, asked.approved_by, asked.proof.name) == ("requested", None, "")
    assert LedgerTransaction.objects.count() == entries and ledger.balance_fen(staffed.drive) == 100000
    assert AuditEvent.objects.count() == events
    assert _files(Path(settings.MEDIA_ROOT)) == []  # no partial file
    call_command("ledger", "check")
    call_command("audit", "verify")

    full_disk()  # the administrator frees space
    paid = client.post(url, {"proof": photo_upload("十月回单.jpg"), "is_redacted": "on"})

    assert paid.status_code == 302
    asked.refresh_from_db()
    assert asked.status == "paid" and asked.approved_by == staffed.office
    assert _files(Path(settings.MEDIA_ROOT)) == [asked.proof.name]
    assert ledger.balance_fen(staffed.drive) == 70000
    call_command("ledger", "check")
    call_command("audit", "verify")
