"""存档备查 in the background and on the page: jobs, progress, downloads, scope, failure."""

import glob
import os
import tempfile

import pytest
from django.core.management import call_command
from django.urls import reverse

from fupin.documents.archive import contents
from fupin.documents.archive.services import request_archive, run_archive_job
from fupin.documents.models import ArchiveJob, ArchiveStatus

from . import archive_data
from .archive_data import open_zip

archived = archive_data.archived  # the fixture


def _archive_files(settings) -> list[str]:
    return glob.glob(os.path.join(settings.MEDIA_ROOT, "archives", "**", "*"), recursive=True)


def _temp_parts() -> set[str]:
    return set(glob.glob(os.path.join(tempfile.gettempdir(), "archive-*.zip.part")))


def test_an_office_queues_a_build_and_downloads_the_finished_archive(
    archived, tree, county_officer, login, django_capture_on_commit_callbacks
):
    client = login(county_officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("build_archive", args=[archived.pk]), {"unit": tree.county1.pk})
    assert response.status_code == 302
    job = ArchiveJob.objects.get()
    assert (job.status, job.unit, job.done) == (ArchiveStatus.DONE, tree.county1, job.total)
    status = client.get(reverse("archive_job_status", args=[job.pk])).json()
    assert status["percent"] == 100 and status["download"] == reverse("archive_job_download", args=[job.pk])
    download = client.get(status["download"])
    archive = open_zip(download.streaming_content)
    assert "manifest.csv" in archive.namelist()
    assert any(n.startswith("01 东阳县教育局/") for n in archive.namelist())
    page = client.get(reverse("campaign_archive", args=[archived.pk]), {"unit": tree.county1.pk}).content.decode()
    assert "<progress" in page and status["download"] in page and "style=" not in page


def test_a_small_archive_streams_at_once(archived, tree, city_officer, login):
    response = login(city_officer).get(reverse("campaign_archive_download", args=[archived.pk]))
    assert response.streaming and response["Content-Type"] == "application/zip"
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    assert "README.txt" in open_zip(response.streaming_content).namelist()


def test_a_large_archive_is_sent_to_the_background(archived, city_officer, login, settings):
    settings.FUPIN_ARCHIVE_DIRECT_MAX_BYTES = 10
    response = login(city_officer).get(reverse("campaign_archive_download", args=[archived.pk]))
    assert response.status_code == 302 and response.url.startswith(reverse("campaign_archive", args=[archived.pk]))


def test_another_subtree_gets_404_for_the_unit_the_job_and_its_download(
    archived, tree, county_officer, make_user, login
):
    job = request_archive(by=county_officer, campaign=archived, unit=tree.county1)
    run_archive_job(job_id=job.pk)
    outsider = make_user("outsider2", tree.county2, "office_admin")
    client = login(outsider)
    assert client.get(reverse("campaign_archive", args=[archived.pk]), {"unit": tree.county1.pk}).status_code == 404
    assert (
        client.get(reverse("campaign_archive_download", args=[archived.pk]), {"unit": tree.county1.pk}).status_code
        == 404
    )
    assert client.post(reverse("build_archive", args=[archived.pk]), {"unit": tree.school1.pk}).status_code == 404
    assert client.get(reverse("archive_job_status", args=[job.pk])).status_code == 404
    assert client.get(reverse("archive_job_download", args=[job.pk])).status_code == 404
    assert client.get(reverse("campaign_archive", args=[archived.pk])).status_code == 200  # its own county


def test_a_reporter_cannot_build_or_download_archives(archived, school_reporter, login):
    client = login(school_reporter)
    assert client.get(reverse("campaign_archive", args=[archived.pk])).status_code == 404
    assert client.get(reverse("campaign_archive_download", args=[archived.pk])).status_code == 404


def test_a_campaign_the_user_cannot_see_is_404(tree, outsider, city_officer, login):
    from fupin.campaigns.tests.factories import campaign_with_requirements

    draft = campaign_with_requirements(city_officer, tree.city, publish=False)
    assert login(outsider).get(reverse("campaign_archive", args=[draft.pk])).status_code == 404


def test_a_failed_build_leaves_no_file_and_says_why(archived, tree, city_officer, settings, monkeypatch):
    job = request_archive(by=city_officer, campaign=archived, unit=tree.city)
    before = _temp_parts()

    def broken(table, unit):
        raise RuntimeError("统计表导出失败")

    monkeypatch.setattr(contents, "export_table", broken)
    job = run_archive_job(job_id=job.pk)
    assert job.status == ArchiveStatus.FAILED and "统计表导出失败" in job.error
    assert not job.file and job.finished_at
    assert _archive_files(settings) == [] and _temp_parts() == before


def test_a_missing_upload_fails_the_build_naming_the_file(archived, tree, city_officer, settings):
    from fupin.campaigns.models import SubmissionFile

    upload = SubmissionFile.objects.filter(submission__task__unit=tree.school1).first()
    upload.file.storage.delete(upload.file.name)
    job = run_archive_job(job_id=request_archive(by=city_officer, campaign=archived, unit=tree.city).pk)
    assert job.status == ArchiveStatus.FAILED and upload.original_name in job.error
    assert _archive_files(settings) == []


def test_a_second_request_while_one_is_queued_returns_the_same_job(archived, tree, city_officer):
    first = request_archive(by=city_officer, campaign=archived, unit=tree.city)
    assert request_archive(by=city_officer, campaign=archived, unit=tree.city) == first


def test_cron_builds_the_queued_jobs_once(archived, tree, city_officer, county_officer, capsys):
    jobs = [
        request_archive(by=city_officer, campaign=archived, unit=tree.city),
        request_archive(by=county_officer, campaign=archived, unit=tree.county1),
    ]
    call_command("archive", "pending")
    assert {j.status for j in ArchiveJob.objects.all()} == {ArchiveStatus.DONE}
    call_command("archive", "build", str(jobs[0].pk))  # already built: nothing happens twice
    assert ArchiveJob.objects.get(pk=jobs[0].pk).status == ArchiveStatus.DONE


@pytest.mark.parametrize("role", ["office_admin", "coordinator", "auditor"])
def test_office_roles_and_auditors_may_archive(archived, tree, make_user, login, role):
    user = make_user(f"u_{role}", tree.county1, role)
    assert login(user).get(reverse("campaign_archive", args=[archived.pk])).status_code == 200
