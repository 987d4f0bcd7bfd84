"""The pages where offices review: approve, return, reopen, the review queue, the files, and scope."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from fupin.campaigns.models import Submission, SubmissionFile, Task, TaskStatus
from fupin.campaigns.services import tasks as ts
from fupin.campaigns.tests.factories import campaign_with_requirements, jpeg, photo
from fupin.lib.tests.documents import pdf as blank_pdf
from fupin.orgs.tests.factories import make_user

from . import task_pages
from .task_pages import page_of, task_of

# the shared fixtures, used by name
media_to_tmp = task_pages.media_to_tmp  # autouse: uploads go to a temporary folder
summary = task_pages.summary
photos_task = task_pages.photos_task

# Review


def test_the_office_approves_and_the_task_is_locked(summary, city_officer, school_reporter, login):
    ts.submit_task(by=school_reporter, task=summary, text="总结")
    client = login(city_officer)
    page = page_of(client.get(reverse("task_detail", args=[summary.pk])))
    assert "审核第1版" in page and "代为报送" in page
    response = client.post(reverse("approve_submission", args=[summary.pk]), {"approve-comment": "材料齐全"})
    assert response.status_code == 302
    page = page_of(login(school_reporter).get(reverse("task_detail", args=[summary.pk])))
    assert "已通过,已锁定" in page and 'name="text"' not in page and "材料齐全" in page


def test_an_approved_task_refuses_a_new_hand_in(summary, city_officer, school_reporter, login):
    ts.submit_task(by=school_reporter, task=summary, text="总结")
    ts.approve_submission(by=city_officer, task=summary)
    page = page_of(login(school_reporter).post(reverse("submit_task", args=[summary.pk]), {"text": "改一下"}))
    assert "已锁定" in page and Submission.objects.count() == 1


def test_returning_needs_a_comment_which_the_school_then_sees(summary, city_officer, school_reporter, login):
    ts.submit_task(by=school_reporter, task=summary, text="第一稿")
    client = login(city_officer)
    page = page_of(client.post(reverse("return_submission", args=[summary.pk]), {"return-comment": "  "}))
    assert "退回时请写明原因" in page and Task.objects.get(pk=summary.pk).status == TaskStatus.SUBMITTED
    client.post(reverse("return_submission", args=[summary.pk]), {"return-comment": "请补充参与人数"})
    page = page_of(login(school_reporter).get(reverse("task_detail", args=[summary.pk])))
    assert "已退回,请按意见修改后重新报送" in page and "请补充参与人数" in page
    assert "第一稿</textarea>" in page  # the last version's text, ready to edit


def test_reopening_needs_a_reason_and_unlocks_the_task(summary, city_officer, school_reporter, login):
    ts.submit_task(by=school_reporter, task=summary, text="总结")
    ts.approve_submission(by=city_officer, task=summary)
    client = login(city_officer)
    page = page_of(client.post(reverse("reopen_task", args=[summary.pk]), {"reopen-comment": ""}))
    assert "重新打开须写明原因" in page and Task.objects.get(pk=summary.pk).status == TaskStatus.APPROVED
    client.post(reverse("reopen_task", args=[summary.pk]), {"reopen-comment": "参与人数有误"})
    assert Task.objects.get(pk=summary.pk).status == TaskStatus.RETURNED
    page = page_of(login(school_reporter).get(reverse("task_detail", args=[summary.pk])))
    assert "已重新打开" in page and "参与人数有误" in page and 'name="text"' in page


def test_the_school_sees_no_review_buttons_and_cannot_review_its_own_task(summary, school_reporter, login):
    ts.submit_task(by=school_reporter, task=summary, text="总结")
    client = login(school_reporter)
    assert "审核第" not in page_of(client.get(reverse("task_detail", args=[summary.pk])))
    assert client.post(reverse("approve_submission", args=[summary.pk])).status_code == 404
    assert Task.objects.get(pk=summary.pk).status == TaskStatus.SUBMITTED


def test_the_review_queue_lists_hand_ins_awaiting_review(tree, summary, city_officer, school_reporter, login):
    other = task_of(summary.requirement.campaign, tree.school2)
    ts.submit_task(by=school_reporter, task=summary, text="总结")
    page = page_of(login(city_officer).get(reverse("review_queue")))
    assert tree.school1.name in page and tree.school2.name not in page  # school 2 has not handed in
    assert reverse("task_detail", args=[summary.pk]) in page
    assert reverse("task_detail", args=[other.pk]) not in page
    ts.approve_submission(by=city_officer, task=summary)
    assert tree.school1.name not in page_of(login(city_officer).get(reverse("review_queue")))


def test_the_review_queue_shows_county_campaigns_only_when_asked(tree, city_officer, county_officer, login):
    from fupin.campaigns.services import campaigns as cs

    parent = campaign_with_requirements(city_officer, tree.city)
    child = cs.derive_child_campaign(by=county_officer, parent=parent, unit=tree.county1)
    cs.add_requirement(
        by=county_officer, campaign=child, kind="plan", title="县级方案", due_text="10月10日前", unit_kinds=["school"]
    )
    cs.publish_campaign(by=county_officer, campaign=child)
    county_task = Task.objects.get(requirement__title="县级方案", unit=tree.school1)
    ts.submit_task(by=make_user("reporter", tree.school1, "reporter"), task=county_task, text="方案")
    client = login(city_officer)
    assert "县级方案" not in page_of(client.get(reverse("review_queue")))
    assert "县级方案" in page_of(client.get(reverse("review_queue"), {"all": "1"}))
    assert "县级方案" in page_of(login(county_officer).get(reverse("review_queue")))


def test_the_review_queue_makes_a_bounded_number_of_queries(
    tree, city_officer, login, make_user, django_assert_max_num_queries
):
    reporter2 = make_user("reporter2", tree.school2, "reporter")
    reporter1 = make_user("reporter1", tree.school1, "reporter")
    for n in range(6):
        campaign = campaign_with_requirements(city_officer, tree.city, title=f"报送{n}")
        ts.submit_task(by=reporter1, task=task_of(campaign, tree.school1), text="总结")
        ts.submit_task(by=reporter2, task=task_of(campaign, tree.school2), text="总结")
    client = login(city_officer)
    client.get(reverse("review_queue"))
    with django_assert_max_num_queries(8):
        assert page_of(client.get(reverse("review_queue"))).count("报送") >= 12


def test_a_reporter_has_no_review_queue(school_reporter, login):
    assert login(school_reporter).get(reverse("review_queue")).status_code == 404


# Files


def test_a_photo_is_served_inline_as_jpeg_without_sniffing(photos_task, school_reporter, login):
    ts.submit_task(by=school_reporter, task=photos_task, uploads=[photo("扶贫日 班会.png")])
    file = SubmissionFile.objects.get()
    response = login(school_reporter).get(reverse("submission_file", args=[file.pk]))
    assert response["Content-Type"] == "image/jpeg" and response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == (
        "inline; filename=\"download\"; filename*=UTF-8''%E6%89%B6%E8%B4%AB%E6%97%A5%20%E7%8F%AD%E4%BC%9A.jpg"
    )
    assert b"".join(response.streaming_content)[:3] == b"\xff\xd8\xff"


def test_a_handed_in_photo_gets_its_thumbnail_once_and_a_document_none(photos_task, summary, school_reporter, login):
    from PIL import Image

    ts.submit_task(by=school_reporter, task=photos_task, uploads=[photo("班会.jpg")])
    ts.submit_task(by=school_reporter, task=summary, uploads=[ts.Upload("活动总结.pdf", blank_pdf())])
    shot, document = SubmissionFile.objects.order_by("pk")
    response = login(school_reporter).get(reverse("submission_thumbnail", args=[shot.pk]))
    assert response["Content-Type"] == "image/jpeg"
    assert max(Image.open(io.BytesIO(b"".join(response.streaming_content))).size) <= 480
    assert not document.thumbnail
    assert login(school_reporter).get(reverse("submission_thumbnail", args=[document.pk])).status_code == 404


def test_a_document_is_downloaded_as_an_attachment(summary, school_reporter, city_officer, login):
    pdf = blank_pdf()
    ts.submit_task(by=school_reporter, task=summary, uploads=[ts.Upload("活动总结.pdf", pdf)])
    file = SubmissionFile.objects.get()
    response = login(city_officer).get(reverse("submission_file", args=[file.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "filename*=UTF-8''%E6%B4%BB%E5%8A%A8%E6%80%BB%E7%BB%93.pdf" in response["Content-Disposition"]
    page = page_of(login(city_officer).get(reverse("task_detail", args=[summary.pk])))
    assert reverse("submission_file", args=[file.pk]) in page and "活动总结.pdf" in page


def test_uploaded_photos_lose_their_exif_location(photos_task, school_reporter, login):
    from PIL import Image

    data = jpeg(2400, 1600, exif_gps=True)
    upload = SimpleUploadedFile("gps.jpg", data)
    login(school_reporter).post(reverse("submit_task", args=[photos_task.pk]), {"photo_0": upload, "caption_0": "x"})
    stored = SubmissionFile.objects.get().file.read()
    assert 0x8825 not in Image.open(io.BytesIO(stored)).getexif()


# Scope: another subtree's task and file ids answer 404, for GET and POST alike

ID_VIEWS = [
    ("task_detail", "get", "task"),
    ("submit_task", "post", "task"),
    ("approve_submission", "post", "task"),
    ("return_submission", "post", "task"),
    ("reopen_task", "post", "task"),
    ("mark_paper_received", "post", "task"),
    ("submission_file", "get", "file"),
    ("submission_thumbnail", "get", "file"),
]


@pytest.fixture
def sibling_objects(tree, city_officer):
    campaign = campaign_with_requirements(city_officer, tree.city, kind="plan", title="活动方案")
    task = task_of(campaign, tree.school2)
    school2 = make_user("school2_reporter", tree.school2, "reporter")
    ts.submit_task(by=school2, task=task, text="方案", uploads=[photo("西川.jpg")])
    return {"task": task.pk, "file": SubmissionFile.objects.get().pk}


@pytest.mark.parametrize(("name", "method", "target"), ID_VIEWS)
def test_another_subtrees_ids_answer_404(name, method, target, county_officer, sibling_objects, login):
    client = login(county_officer)
    response = getattr(client, method)(reverse(name, args=[sibling_objects[target]]), {"text": "x"})
    assert response.status_code == 404
    assert Submission.objects.count() == 1


@pytest.mark.parametrize(("name", "method", "target"), ID_VIEWS)
def test_missing_ids_answer_404_too(name, method, target, county_officer, login):
    assert getattr(login(county_officer), method)(reverse(name, args=[999999])).status_code == 404


def test_every_task_view_that_takes_an_id_is_in_the_scope_test():
    from fupin.campaigns.views import tasks as views

    named = {p.name for p in views.urlpatterns if "<int:pk>" in str(p.pattern)}
    assert named == {name for name, _m, _t in ID_VIEWS}


def test_anonymous_visitors_are_sent_to_login(summary, client):
    for name, args in [("my_tasks", []), ("task_detail", [summary.pk]), ("review_queue", [])]:
        response = client.get(reverse(name, args=args))
        assert response.status_code == 302 and response["Location"].startswith("/login/")
    response = client.post(reverse("submit_task", args=[summary.pk]), {"text": "x"})
    assert response.status_code == 302 and not Submission.objects.exists()


def test_approving_twice_says_why_the_second_did_nothing(summary, city_officer, school_reporter, login):
    ts.submit_task(by=school_reporter, task=summary, text="总结")
    client = login(city_officer)
    client.post(reverse("approve_submission", args=[summary.pk]), {"approve-comment": ""})
    page = page_of(client.post(reverse("approve_submission", args=[summary.pk]), {"approve-comment": ""}))
    assert "只能审核已报送、待审核的材料" in page and "已通过,已锁定" in page
    assert summary.reviews.count() == 1
