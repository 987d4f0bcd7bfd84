"""The pages where units hand in: 我的任务, the task page, the hand-in form and the bad input it must survive."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from fupin.campaigns.models import Submission, SubmissionFile, Task, TaskStatus
from fupin.campaigns.services import tasks as ts
from fupin.campaigns.tests.factories import campaign_with_requirements, jpeg, photo
from fupin.campaigns.tests.stat_factories import template

from . import task_pages
from .task_pages import due_in, jpg, page_of, task_of

# the shared fixtures, used by name
media_to_tmp = task_pages.media_to_tmp  # autouse: uploads go to a temporary folder
summary = task_pages.summary
photos_task = task_pages.photos_task

# 我的任务


def test_my_tasks_lists_the_units_tasks_by_deadline_with_the_time_left(tree, city_officer, school_reporter, login):
    later = campaign_with_requirements(city_officer, tree.city, title="活动总结(终稿)")
    sooner = campaign_with_requirements(city_officer, tree.city, title="活动方案", kind="plan")
    due_in(later, timedelta(days=9, hours=1))
    due_in(sooner, timedelta(hours=5, minutes=30))
    page = page_of(login(school_reporter).get(reverse("my_tasks")))
    assert page.index("活动方案") < page.index("活动总结(终稿)")
    assert "还剩5小时" in page and "还剩9天" in page
    assert "周" in page and "待报送" in page
    assert tree.school2.name not in page


def test_an_overdue_task_says_how_many_days_overdue(tree, city_officer, school_reporter, login):
    campaign = campaign_with_requirements(city_officer, tree.city)
    due_in(campaign, -timedelta(days=3, hours=2))
    assert "已逾期3天" in page_of(login(school_reporter).get(reverse("my_tasks")))


def test_my_tasks_hides_approved_tasks_until_asked(summary, city_officer, school_reporter, login):
    ts.submit_task(by=school_reporter, task=summary, text="总结")
    ts.approve_submission(by=city_officer, task=summary)
    client = login(school_reporter)
    assert "活动总结" not in page_of(client.get(reverse("my_tasks")))
    shown = page_of(client.get(reverse("my_tasks"), {"done": "1"}))
    assert "活动总结" in shown and "已通过" in shown


def test_a_county_offices_list_is_its_own_tasks_not_its_schools(tree, city_officer, county_officer, login):
    campaign_with_requirements(city_officer, tree.city, unit_kinds=["school"])
    page = page_of(login(county_officer).get(reverse("my_tasks")))
    assert "没有待办任务" in page and tree.school1.name not in page


def test_my_tasks_makes_a_bounded_number_of_queries(
    tree, city_officer, school_reporter, login, django_assert_max_num_queries
):
    for n in range(12):
        campaign_with_requirements(city_officer, tree.city, title=f"报送{n}")
    client = login(school_reporter)
    client.get(reverse("my_tasks"))
    with django_assert_max_num_queries(8):
        assert page_of(client.get(reverse("my_tasks"))).count("报送1") >= 3


def test_the_menu_and_the_workbench_show_the_next_deadlines(summary, school_reporter, login):
    page = page_of(login(school_reporter).get(reverse("home")))
    assert 'href="/tasks/"' in page and "我的任务" in page
    assert "报送任务" in page and "活动总结" in page and "还剩5天" in page
    assert "审核报送" not in page


# The task page and handing in


def test_the_task_page_shows_the_requirement_resolved(photos_task, school_reporter, login):
    page = page_of(login(school_reporter).get(reverse("task_detail", args=[photos_task.pk])))
    assert "截止时间" in page and "周" in page
    assert "至少 1 张" in page and "每张不低于 3 百万像素(如 2000×1500)" in page and "每张须配文字说明" in page
    assert "报送至" in page and "清河市教育局" in page
    assert 'name="photo_0"' in page and 'name="caption_2"' in page
    assert "审核第" not in page


def test_a_plan_written_in_the_browser_is_handed_in_as_version_1(summary, school_reporter, login):
    client = login(school_reporter)
    form = page_of(client.get(reverse("task_detail", args=[summary.pk])))
    assert 'name="text"' in form and 'name="files"' in form and 'name="photo_0"' in form
    response = client.post(reverse("submit_task", args=[summary.pk]), {"text": "我校于10月17日开展主题班会。"})
    assert response.status_code == 302 and response["Location"] == reverse("task_detail", args=[summary.pk])
    page = page_of(client.get(response["Location"]))
    assert "已报送(第 1 版)" in page and "我校于10月17日开展主题班会。" in page and "按时" in page
    assert Task.objects.get(pk=summary.pk).status == TaskStatus.SUBMITTED


def test_photos_with_captions_are_handed_in_and_shown_as_thumbnails(photos_task, school_reporter, login):
    client = login(school_reporter)
    data = {
        "photo_0": jpg("班会.jpg"),
        "caption_0": "七年级主题班会",
        "photo_4": jpg("升旗.png", 2400, 1800),
        "caption_4": "升旗仪式",
    }
    assert client.post(reverse("submit_task", args=[photos_task.pk]), data).status_code == 302
    files = SubmissionFile.objects.filter(submission__task=photos_task).order_by("id")
    assert [(f.original_name, f.caption) for f in files] == [("班会.jpg", "七年级主题班会"), ("升旗.png", "升旗仪式")]
    page = page_of(client.get(reverse("task_detail", args=[photos_task.pk])))
    assert f'<img src="{reverse("submission_file", args=[files[0].pk])}"' in page and "2400×1600" in page


def test_a_one_megapixel_photo_is_refused_with_the_reason_and_the_input_kept(photos_task, school_reporter, login):
    data = {"text": "升旗仪式和主题班会", "photo_0": jpg("班会.jpg", 1200, 800), "caption_0": "主题班会"}
    response = login(school_reporter).post(reverse("submit_task", args=[photos_task.pk]), data)
    page = page_of(response)
    assert response.status_code == 200
    assert "「班会.jpg」只有 1200×800(1.0 百万像素),要求不低于 3 百万像素" in page
    assert "升旗仪式和主题班会</textarea>" in page and 'value="主题班会"' in page
    assert "浏览器不会保留已选择的文件" in page
    assert not Submission.objects.exists()


def test_a_photo_without_its_caption_is_refused_naming_the_file(photos_task, school_reporter, login):
    response = login(school_reporter).post(reverse("submit_task", args=[photos_task.pk]), {"photo_0": jpg("升旗.jpg")})
    assert "「升旗.jpg」缺少文字说明" in page_of(response) and not Submission.objects.exists()


def test_a_caption_without_its_photo_is_pointed_out(photos_task, school_reporter, login):
    data = {"photo_0": jpg("班会.jpg"), "caption_0": "班会", "caption_1": "升旗仪式"}
    page = page_of(login(school_reporter).post(reverse("submit_task", args=[photos_task.pk]), data))
    assert "已填写文字说明,但没有选择照片文件" in page and not Submission.objects.exists()


@pytest.mark.parametrize(
    ("upload", "reason"),
    [
        (SimpleUploadedFile("班会.jpg", b"<html><script>alert(1)</script></html>"), "「班会.jpg」不是可识别的照片"),
        (SimpleUploadedFile("升旗.jpg", jpeg(2400, 1600)[:6000]), "「升旗.jpg」不是可识别的照片,或文件已损坏"),
        (SimpleUploadedFile("空.jpg", b""), "文件「空.jpg」是空的"),
    ],
    ids=["html-renamed-jpg", "truncated-jpeg", "empty"],
)
def test_a_file_that_is_not_a_photo_is_refused_and_nothing_written(upload, reason, photos_task, school_reporter, login):
    data = {"photo_0": upload, "caption_0": "说明"}
    page = page_of(login(school_reporter).post(reverse("submit_task", args=[photos_task.pk]), data))
    assert reason in page and "未报送" in page
    assert not Submission.objects.exists() and Task.objects.get(pk=photos_task.pk).status == TaskStatus.PENDING


def test_a_document_is_checked_by_content_not_by_name(summary, school_reporter, login):
    fake = SimpleUploadedFile("总结.pdf", b"MZ\x90\x00 not a pdf")
    page = page_of(login(school_reporter).post(reverse("submit_task", args=[summary.pk]), {"files": [fake]}))
    assert "「总结.pdf」不是 PDF、Word(.docx)或 Excel(.xlsx)文件" in page and not Submission.objects.exists()


def test_a_text_too_long_for_the_text_area_is_a_field_error(summary, school_reporter, login):
    page = page_of(login(school_reporter).post(reverse("submit_task", args=[summary.pk]), {"text": "字" * 20_001}))
    assert "正文最多 20000 字,现在有 20001 字" in page and not Submission.objects.exists()


def test_a_body_over_the_request_cap_gets_a_clear_message(summary, school_reporter, login, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2**20
    text = "字" * 400_000  # 1.2 MB in UTF-8
    response = login(school_reporter).post(reverse("submit_task", args=[summary.pk]), {"text": text})
    assert response.status_code == 413
    assert "提交的文字超过 1 MB 上限,未报送" in page_of(response)
    assert not Submission.objects.exists()


def test_too_many_files_get_a_clear_message(photos_task, school_reporter, login, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FILES = 3
    data = {f"photo_{i}": jpg(f"{i}.jpg", 100, 100) for i in range(4)}
    response = login(school_reporter).post(reverse("submit_task", args=[photos_task.pk]), data)
    assert response.status_code == 400 and "一次最多上传 3 个文件,未报送" in page_of(response)
    assert not Submission.objects.exists()


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(summary, school_reporter, login, monkeypatch):
    monkeypatch.setattr("fupin.campaigns.forms.tasks.MAX_DOCUMENT_BYTES", 2**20)
    big = SimpleUploadedFile("总结.pdf", b"%PDF-1.4\n" + b"0" * 2**20)
    page = page_of(login(school_reporter).post(reverse("submit_task", args=[summary.pk]), {"files": [big]}))
    assert "文件「总结.pdf」超过 1 MB 上限" in page and not Submission.objects.exists()


def test_the_hand_in_form_still_checks_csrf(summary, school_reporter):
    client = Client(enforce_csrf_checks=True)
    client.force_login(school_reporter)
    response = client.post(reverse("submit_task", args=[summary.pk]), {"text": "总结"})
    assert response.status_code == 403 and not Submission.objects.exists()
    client.get(reverse("task_detail", args=[summary.pk]))
    token = client.cookies["csrftoken"].value
    response = client.post(reverse("submit_task", args=[summary.pk]), {"text": "总结", "csrfmiddlewaretoken": token})
    assert response.status_code == 302 and Submission.objects.count() == 1


def test_a_late_hand_in_is_accepted_and_labelled_with_how_late(summary, school_reporter, login):
    due_in(summary.requirement.campaign, -timedelta(hours=5, minutes=10))
    client = login(school_reporter)
    assert "已逾期5小时" in page_of(client.get(reverse("task_detail", args=[summary.pk])))
    client.post(reverse("submit_task", args=[summary.pk]), {"text": "迟交的总结"})
    page = page_of(client.get(reverse("task_detail", args=[summary.pk])))
    assert "逾期5小时10分钟" in page or "逾期5小时11分钟" in page
    assert Task.objects.get(pk=summary.pk).status == TaskStatus.SUBMITTED


def test_after_entry_closes_the_page_says_so_and_shows_no_form(tree, city_officer, school_reporter, login):
    campaign = campaign_with_requirements(city_officer, tree.city, close_after_days=2)
    due_in(campaign, -timedelta(days=3))
    task = task_of(campaign, tree.school1)
    client = login(school_reporter)
    page = page_of(client.get(reverse("task_detail", args=[task.pk])))
    assert "停止接收" in page and 'name="text"' not in page
    page = page_of(client.post(reverse("submit_task", args=[task.pk]), {"text": "太迟了"}))
    assert "停止接收" in page and not Submission.objects.exists()


def test_a_stat_table_task_is_handed_in_on_its_fill_page(tree, city_officer, school_reporter, login):
    table = template("fupin_day_activity")
    campaign = campaign_with_requirements(city_officer, tree.city, kind="stat_table", title="统计表", stat_table=table)
    page = page_of(login(school_reporter).get(reverse("task_detail", args=[task_of(campaign, tree.school1).pk])))
    try:
        fill = reverse("stat_fill", args=[task_of(campaign, tree.school1).pk])
    except NoReverseMatch:  # the fill page is another part of the product; until it is there, the form is
        assert 'name="files"' in page
    else:
        assert f'href="{fill}"' in page and 'name="text"' not in page


def test_a_stat_table_without_a_table_takes_an_uploaded_one(tree, city_officer, school_reporter, login):
    campaign = campaign_with_requirements(city_officer, tree.city, kind="stat_table", title="扶贫日活动情况统计表")
    page = page_of(login(school_reporter).get(reverse("task_detail", args=[task_of(campaign, tree.school1).pk])))
    assert "尚未附上在线填写的表格" in page and 'name="files"' in page


def test_a_hand_in_with_nothing_in_it_is_refused(summary, school_reporter, login):
    page = page_of(login(school_reporter).post(reverse("submit_task", args=[summary.pk]), {"text": "  \n "}))
    assert "请填写内容或上传文件" in page and not Submission.objects.exists()


def test_a_double_click_records_one_version(summary, school_reporter, login):
    client = login(school_reporter)
    for _ in range(2):
        client.post(reverse("submit_task", args=[summary.pk]), {"text": "同一份总结"})
    assert Submission.objects.count() == 1


@pytest.mark.parametrize(
    ("delta", "text", "level"),
    [
        (timedelta(days=9, hours=5), "还剩9天", "ok"),
        (timedelta(days=2, hours=5, minutes=10), "还剩2天5小时", "soon"),
        (timedelta(hours=5, minutes=59), "还剩5小时", "soon"),
        (timedelta(seconds=20), "还剩1分钟", "soon"),
        (-timedelta(days=3, hours=23), "已逾期3天", "overdue"),
        (-timedelta(hours=5, minutes=10), "已逾期5小时", "overdue"),
        (-timedelta(minutes=7), "已逾期7分钟", "overdue"),
    ],
)
def test_time_left_is_said_in_days_hours_or_minutes(delta, text, level):
    from fupin.campaigns.selectors.tasks import TimeLeft, time_left

    now = timezone.now()
    assert time_left(now + delta, now) == TimeLeft(text, level)


def test_the_task_page_does_not_query_per_version(
    photos_task, city_officer, school_reporter, login, django_assert_max_num_queries
):
    for n in range(4):
        ts.submit_task(by=school_reporter, task=photos_task, uploads=[photo(f"{n}.jpg", 2400, 1600 + n)])
        ts.return_submission(by=city_officer, task=photos_task, comment=f"第{n + 1}次退回")
    client = login(city_officer)
    client.get(reverse("task_detail", args=[photos_task.pk]))
    with django_assert_max_num_queries(12):
        assert page_of(client.get(reverse("task_detail", args=[photos_task.pk]))).count("第4次退回") == 2
