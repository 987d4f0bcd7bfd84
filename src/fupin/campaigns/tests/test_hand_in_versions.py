"""A new version of a returned hand-in starts with the previous version's files, which the unit keeps or
replaces; files of another hand-in cannot be slipped in."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from fupin.campaigns.models import Submission, SubmissionFile, Task
from fupin.campaigns.services import tasks as ts
from fupin.campaigns.tests.factories import campaign_with_requirements, photo


@pytest.fixture
def returned(tree, city_officer, school_reporter):
    """School 1 handed in two photos; the office returned them asking for a better second one."""
    campaign = campaign_with_requirements(
        city_officer, tree.city, kind="photos", title="活动照片", photo_min_count=2, caption_required=True
    )
    task = Task.objects.get(requirement__campaign=campaign, unit=tree.school1)
    ts.submit_task(by=school_reporter, task=task, uploads=[photo("升旗.jpg"), photo("班会.jpg", 2400, 1700)])
    ts.return_submission(by=city_officer, task=task, comment="第二张照片看不清,请更换")
    return task


def test_a_new_version_keeps_the_files_the_unit_keeps_and_adds_the_new_ones(returned, school_reporter):
    first = {f.original_name: f for f in SubmissionFile.objects.filter(submission__version=1)}
    ts.submit_task(
        by=school_reporter, task=returned, keep=[first["升旗.jpg"].pk], uploads=[photo("班会新.jpg", 2400, 1800)]
    )
    second = Submission.objects.get(task=returned, version=2)
    names = sorted(f.original_name for f in second.files.all())
    assert names == ["升旗.jpg", "班会新.jpg"]
    kept = second.files.get(original_name="升旗.jpg")
    assert kept.file.name == first["升旗.jpg"].file.name and kept.caption == first["升旗.jpg"].caption


def test_the_kept_photos_count_towards_the_photos_required(returned, school_reporter):
    with pytest.raises(ValidationError) as refused:
        ts.submit_task(by=school_reporter, task=returned, keep=[])
    assert refused.value.messages == ["本项要求至少 2 张照片,现在只有 0 张"]
    first = SubmissionFile.objects.filter(submission__version=1).order_by("pk")
    with pytest.raises(ValidationError) as refused:
        ts.submit_task(by=school_reporter, task=returned, keep=[first[0].pk])
    assert refused.value.messages == ["本项要求至少 2 张照片,现在只有 1 张"]
    assert not Submission.objects.filter(version=2).exists()


def test_a_file_of_another_hand_in_cannot_be_kept(returned, tree, school_reporter, make_user):
    other = Task.objects.get(requirement=returned.requirement, unit=tree.school2)
    ts.submit_task(
        by=make_user("r2", tree.school2, "reporter"), task=other, uploads=[photo("a.jpg"), photo("b.jpg", 2400, 1900)]
    )
    foreign = SubmissionFile.objects.filter(submission__task=other).first()
    with pytest.raises(ValidationError) as refused:
        ts.submit_task(by=school_reporter, task=returned, keep=[foreign.pk], uploads=[photo("c.jpg")])
    assert refused.value.messages == ["要保留的文件不在上一版中,请刷新页面后重新选择"]
    assert not Submission.objects.filter(task=returned, version=2).exists()


def test_the_hand_in_form_offers_the_previous_files_ticked_and_keeps_what_is_ticked(returned, school_reporter, login):
    client = login(school_reporter)
    page = client.get(reverse("task_detail", args=[returned.pk])).content.decode()
    assert "上一版的文件" in page and "升旗.jpg" in page and "班会.jpg" in page
    keep = SubmissionFile.objects.get(submission__version=1, original_name="升旗.jpg")
    upload = photo("班会新.jpg", 2400, 1800)
    data = {
        "keep": [keep.pk],
        "photo_0": SimpleUploadedFile("班会新.jpg", upload.data, "image/jpeg"),
        "caption_0": "新班会照片",
    }
    response = client.post(reverse("submit_task", args=[returned.pk]), data)
    assert response.status_code == 302
    second = Submission.objects.get(task=returned, version=2)
    assert sorted(f.original_name for f in second.files.all()) == ["升旗.jpg", "班会新.jpg"]
