"""A build whose runner was killed is taken over: its heartbeat stops, cron or the page queue it again from
nothing, the partial file goes, and a runner that wakes up after the takeover keeps nothing."""

import glob
import os
import tempfile
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from fupin.documents.archive import contents, services
from fupin.documents.archive.services import request_archive, run_archive_job, take_over_stale_jobs
from fupin.documents.models import ArchiveJob, ArchiveStatus

from . import archive_data

archived = archive_data.archived  # the fixture


def _archive_files(settings) -> list[str]:
    return [p for p in glob.glob(os.path.join(settings.MEDIA_ROOT, "archives", "**", "*"), recursive=True)]


@pytest.fixture
def killed(archived, tree, city_officer):
    """A build that was running when its process was killed 10 minutes ago, leaving half a file behind."""
    job = request_archive(by=city_officer, campaign=archived, unit=tree.city)
    long_ago = timezone.now() - timedelta(minutes=10)
    ArchiveJob.objects.filter(pk=job.pk).update(
        status=ArchiveStatus.RUNNING, attempt=1, started_at=long_ago, heartbeat_at=long_ago, done=3
    )
    handle, partial = tempfile.mkstemp(prefix=f"archive-{job.pk}-", suffix=".zip.part")
    with os.fdopen(handle, "wb") as out:
        out.write(b"PK\x03\x04 half an archive")
    job.partial = partial
    return job


def test_cron_takes_over_a_build_whose_heartbeat_stopped_and_finishes_it(killed, capsys, settings):
    call_command("archive", "pending")
    job = ArchiveJob.objects.get(pk=killed.pk)
    assert job.status == ArchiveStatus.DONE and job.attempt == 2 and job.done == job.total
    assert not os.path.exists(killed.partial)
    assert job.heartbeat_at >= job.started_at
    assert "已中断" in capsys.readouterr().out
    with job.file.open("rb") as f:
        assert archive_data.open_zip([f.read()]).testzip() is None  # whole, not the half file


def test_a_build_with_a_fresh_heartbeat_is_left_alone(archived, tree, city_officer):
    job = request_archive(by=city_officer, campaign=archived, unit=tree.city)
    ArchiveJob.objects.filter(pk=job.pk).update(
        status=ArchiveStatus.RUNNING, attempt=1, started_at=timezone.now(), heartbeat_at=timezone.now()
    )
    assert take_over_stale_jobs() == []
    assert ArchiveJob.objects.get(pk=job.pk).status == ArchiveStatus.RUNNING


def test_the_page_offers_rebuild_for_a_stalled_build_and_the_button_restarts_it(
    killed, archived, tree, city_officer, login, django_capture_on_commit_callbacks
):
    client = login(city_officer)
    page = client.get(reverse("campaign_archive", args=[archived.pk])).content.decode()
    assert "重新生成" in page and "已中断" in page and 'data-status="stale"' in page
    assert client.get(reverse("archive_job_status", args=[killed.pk])).json()["status"] == "stale"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("build_archive", args=[archived.pk]), {"unit": tree.city.pk})
    assert response.status_code == 302
    job = ArchiveJob.objects.get()  # the same job, taken over, not a second one
    assert (job.pk, job.status, job.attempt) == (killed.pk, ArchiveStatus.DONE, 2)
    assert not os.path.exists(killed.partial)
    page = client.get(reverse("campaign_archive", args=[archived.pk])).content.decode()
    assert "重新生成" not in page


def test_a_failed_build_offers_rebuild_which_builds_a_new_archive(
    archived, tree, city_officer, login, monkeypatch, django_capture_on_commit_callbacks
):
    job = request_archive(by=city_officer, campaign=archived, unit=tree.city)
    with monkeypatch.context() as patch:
        patch.setattr(contents, "export_table", lambda table, unit: 1 / 0)
        assert run_archive_job(job_id=job.pk).status == ArchiveStatus.FAILED
    client = login(city_officer)
    assert "重新生成" in client.get(reverse("campaign_archive", args=[archived.pk])).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("build_archive", args=[archived.pk]), {"unit": tree.city.pk})
    assert list(ArchiveJob.objects.values_list("status", flat=True)) == [ArchiveStatus.DONE, ArchiveStatus.FAILED]
    assert "重新生成" not in client.get(reverse("campaign_archive", args=[archived.pk])).content.decode()


def test_a_runner_that_lost_its_job_while_stalled_keeps_nothing(archived, tree, city_officer, monkeypatch, settings):
    job = request_archive(by=city_officer, campaign=archived, unit=tree.city)
    real = contents.export_table

    def taken_over_meanwhile(table, unit):  # another runner took the job over and claimed it again
        ArchiveJob.objects.filter(pk=job.pk).update(attempt=5)
        return real(table, unit)

    monkeypatch.setattr(contents, "export_table", taken_over_meanwhile)
    monkeypatch.setattr(services, "PROGRESS_EVERY", 0)
    before = set(glob.glob(os.path.join(tempfile.gettempdir(), f"archive-{job.pk}-*")))
    result = run_archive_job(job_id=job.pk)
    assert (result.status, result.attempt, result.file.name) == (ArchiveStatus.RUNNING, 5, "")
    assert _archive_files(settings) == []
    assert set(glob.glob(os.path.join(tempfile.gettempdir(), f"archive-{job.pk}-*"))) == before


def test_the_heartbeat_is_written_while_a_big_upload_is_copied(archived, tree, city_officer, monkeypatch):
    job = request_archive(by=city_officer, campaign=archived, unit=tree.city)
    job = services._claim(job.pk)
    long_ago = timezone.now() - timedelta(minutes=3)
    ArchiveJob.objects.filter(pk=job.pk).update(heartbeat_at=long_ago)
    monkeypatch.setattr(services, "HEARTBEAT_EVERY", 0)
    services._Progress(job).beat()
    assert ArchiveJob.objects.get(pk=job.pk).heartbeat_at > long_ago
