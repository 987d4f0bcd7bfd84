"""The rules of the notices for issuing, handing in and reviewing, each test named after its rule."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from fupin.campaigns.deadlines import late_by
from fupin.campaigns.models import Review, Task, TaskStatus
from fupin.campaigns.selectors.tasks import is_overdue, lateness
from fupin.campaigns.services import campaigns as cs
from fupin.campaigns.services import tasks as ts
from fupin.campaigns.tests.factories import campaign_with_requirements, due, photo
from fupin.orgs.tests.factories import make_user


def test_publishing_gives_every_applicable_unit_its_task(tree, city_officer):
    campaign = campaign_with_requirements(city_officer, tree.city)
    tasks = Task.objects.filter(requirement__campaign=campaign)
    assert {t.unit for t in tasks} == {tree.school1, tree.school2}
    assert all(t.status == TaskStatus.PENDING for t in tasks)


def test_direct_only_asks_the_counties_and_city_schools_not_county_schools(tree, city_officer):
    campaign = campaign_with_requirements(
        city_officer, tree.city, unit_kinds=["county_bureau", "school"], direct_only=True
    )
    assert {t.unit for t in Task.objects.filter(requirement__campaign=campaign)} == {tree.county1, tree.county2}


def test_a_notice_phrase_resolves_to_the_exact_deadline(tree, city_officer):
    campaign = campaign_with_requirements(city_officer, tree.city, due_text="10月18日下午三点前", publish=False)
    assert campaign.requirements.get().due_at == due(10, 18, 15)


def test_a_child_campaigns_deadline_cannot_be_later_than_its_parents(tree, city_officer, county_officer):
    parent = campaign_with_requirements(city_officer, tree.city)
    child = cs.derive_child_campaign(by=county_officer, parent=parent, unit=tree.county1)
    inherited = child.requirements.get()
    assert inherited.inherited_from == parent.requirements.get()
    assert inherited.due_at == due(10, 20) - timedelta(days=2)
    with pytest.raises(ValidationError, match="不能晚于上级要求的截止时间"):
        cs.update_requirement(by=county_officer, requirement=inherited, due_text="10月25日前")


def test_a_derived_campaign_gives_its_own_schools_the_countys_extra_task(tree, city_officer, county_officer):
    parent = campaign_with_requirements(city_officer, tree.city)
    child = cs.derive_child_campaign(by=county_officer, parent=parent, unit=tree.county1)
    cs.add_requirement(
        by=county_officer,
        campaign=child,
        kind="photos",
        title="活动照片",
        due_text="10月17日前",
        unit_kinds=["school"],
        photo_min_count=2,
    )
    cs.publish_campaign(by=county_officer, campaign=child)
    child_tasks = Task.objects.filter(requirement__campaign=child)
    assert {t.unit for t in child_tasks} == {tree.school1}
    assert child.items.get().title == "开展集中宣传活动"


def test_a_sibling_county_cannot_derive_into_another_subtree(tree, city_officer, outsider):
    parent = campaign_with_requirements(city_officer, tree.city)
    cs.derive_child_campaign(by=outsider, parent=parent, unit=tree.county2)
    with pytest.raises(ValidationError, match="已经细化过"):
        cs.derive_child_campaign(by=outsider, parent=parent, unit=tree.county2)


def test_overdue_and_late_are_computed_from_due_at_in_shanghai(tree, city_officer, school_reporter):
    campaign = campaign_with_requirements(city_officer, tree.city)
    task = Task.objects.get(requirement__campaign=campaign, unit=tree.school1)
    assert not is_overdue(task, now=due(10, 19, 23, 59))
    assert is_overdue(task, now=due(10, 20, 0, 1))
    ts.submit_task(
        by=school_reporter,
        task=task,
        text="我校开展了主题班会。",
        at=due(
            10,
            20,
            0,
            0,
        )
        + timedelta(hours=3),
    )
    task.refresh_from_db()
    assert lateness(task) == timedelta(hours=3)
    assert not hasattr(Task, "is_late") and "overdue" not in TaskStatus.values


def test_a_hand_in_at_2359_is_on_time_and_at_0001_late():
    deadline = due(10, 20)  # 「10月19日前」 = the end of 19 October, 16:00 UTC
    assert deadline.utcoffset() == timedelta(hours=8)
    assert late_by(due(10, 19, 23, 59) + timedelta(seconds=59), deadline) is None
    assert late_by(deadline + timedelta(seconds=1), deadline) == timedelta(seconds=1)


def test_a_returned_submission_keeps_the_old_version(tree, city_officer, school_reporter):
    task = Task.objects.get(
        requirement__campaign=campaign_with_requirements(city_officer, tree.city), unit=tree.school1
    )
    first = ts.submit_task(by=school_reporter, task=task, text="第一稿")
    ts.return_submission(by=city_officer, task=task, comment="请补充参与人数")
    second = ts.submit_task(by=school_reporter, task=task, text="第二稿,参与师生520人")
    assert (first.version, second.version) == (1, 2)
    assert list(task.submissions.values_list("text", flat=True)) == ["第二稿,参与师生520人", "第一稿"]
    assert Review.objects.get(task=task).comment == "请补充参与人数"


def test_returning_needs_a_reason(tree, city_officer, school_reporter):
    task = Task.objects.get(
        requirement__campaign=campaign_with_requirements(city_officer, tree.city), unit=tree.school1
    )
    ts.submit_task(by=school_reporter, task=task, text="总结")
    with pytest.raises(ValidationError, match="退回时请写明原因"):
        ts.return_submission(by=city_officer, task=task, comment="  ")


def test_approval_is_by_a_reviewer_of_the_issuing_unit_or_above_only(
    tree, city_officer, county_officer, school_reporter
):
    task = Task.objects.get(
        requirement__campaign=campaign_with_requirements(city_officer, tree.city), unit=tree.school1
    )
    ts.submit_task(by=school_reporter, task=task, text="总结")
    for not_allowed in (school_reporter, county_officer):
        with pytest.raises(PermissionDenied):
            ts.approve_submission(by=not_allowed, task=task)
    reviewer = make_user("reviewer", tree.city, "reviewer")
    ts.approve_submission(by=reviewer, task=task)
    assert Task.objects.get(pk=task.pk).status == TaskStatus.APPROVED


def test_an_approved_submission_is_locked(tree, city_officer, school_reporter):
    task = Task.objects.get(
        requirement__campaign=campaign_with_requirements(city_officer, tree.city), unit=tree.school1
    )
    ts.submit_task(by=school_reporter, task=task, text="总结")
    ts.approve_submission(by=city_officer, task=task)
    with pytest.raises(ValidationError, match="已锁定"):
        ts.submit_task(by=school_reporter, task=task, text="改一下")
    assert task.submissions.count() == 1


def test_only_the_level_above_can_reopen_an_approved_hand_in_with_a_recorded_reason(
    tree, city_officer, school_reporter
):
    task = Task.objects.get(
        requirement__campaign=campaign_with_requirements(city_officer, tree.city), unit=tree.school1
    )
    ts.submit_task(by=school_reporter, task=task, text="总结")
    ts.approve_submission(by=city_officer, task=task)
    with pytest.raises(PermissionDenied):
        ts.reopen_task(by=school_reporter, task=task, reason="想改")
    with pytest.raises(ValidationError, match="重新打开须写明原因"):
        ts.reopen_task(by=city_officer, task=task, reason="")
    ts.reopen_task(by=city_officer, task=task, reason="参与人数统计有误,请更正")
    assert task.reviews.first().get_decision_display() == "重新打开"
    assert ts.submit_task(by=school_reporter, task=task, text="更正后的总结").version == 2


def test_a_requirement_may_close_entry_days_after_its_deadline(tree, city_officer, school_reporter):
    campaign = campaign_with_requirements(city_officer, tree.city, close_after_days=3)
    task = Task.objects.get(requirement__campaign=campaign, unit=tree.school1)
    ts.submit_task(by=school_reporter, task=task, text="迟交但还在期限内", at=due(10, 22, 12))
    with pytest.raises(ValidationError, match="停止接收"):
        ts.submit_task(by=school_reporter, task=task, text="太迟了", at=due(10, 23, 0, 1))


def test_photos_below_the_minimum_megapixels_are_refused_naming_the_file(tree, city_officer, school_reporter):
    campaign = campaign_with_requirements(
        city_officer,
        tree.city,
        kind="photos",
        title="活动照片",
        photo_min_count=1,
        photo_min_megapixels=3,
        caption_required=True,
    )
    task = Task.objects.get(requirement__campaign=campaign, unit=tree.school1)
    with pytest.raises(ValidationError) as err:
        ts.submit_task(by=school_reporter, task=task, uploads=[photo("班会.jpg", 1200, 800)])
    assert "「班会.jpg」只有 1200×800(1.0 百万像素),要求不低于 3 百万像素" in str(err.value)
    assert task.submissions.count() == 0


def test_photos_without_a_caption_are_refused(tree, city_officer, school_reporter):
    campaign = campaign_with_requirements(
        city_officer,
        tree.city,
        kind="photos",
        title="活动照片",
        photo_min_count=1,
        photo_min_megapixels=3,
        caption_required=True,
    )
    task = Task.objects.get(requirement__campaign=campaign, unit=tree.school1)
    with pytest.raises(ValidationError, match=r"「升旗仪式\.jpg」缺少文字说明"):
        ts.submit_task(by=school_reporter, task=task, uploads=[photo("升旗仪式.jpg", caption="")])
    submission = ts.submit_task(by=school_reporter, task=task, uploads=[photo("升旗仪式.jpg")])
    assert submission.files.get().width == 2400


def test_too_few_photos_are_refused(tree, city_officer, school_reporter):
    campaign = campaign_with_requirements(city_officer, tree.city, kind="photos", title="活动照片", photo_min_count=4)
    task = Task.objects.get(requirement__campaign=campaign, unit=tree.school1)
    with pytest.raises(ValidationError, match="至少 4 张照片,现在只有 1 张"):
        ts.submit_task(by=school_reporter, task=task, uploads=[photo("a.jpg")])


def test_a_repeated_hand_in_records_once(tree, city_officer, school_reporter):
    task = Task.objects.get(
        requirement__campaign=campaign_with_requirements(city_officer, tree.city), unit=tree.school1
    )
    first = ts.submit_task(by=school_reporter, task=task, text="总结")
    again = ts.submit_task(by=school_reporter, task=task, text="总结")
    assert first == again and task.submissions.count() == 1


def test_an_empty_hand_in_is_refused(tree, city_officer, school_reporter):
    task = Task.objects.get(
        requirement__campaign=campaign_with_requirements(city_officer, tree.city), unit=tree.school1
    )
    with pytest.raises(ValidationError, match="请填写内容或上传文件"):
        ts.submit_task(by=school_reporter, task=task, text="   ")


def test_a_draft_can_be_published_once_and_needs_a_requirement(tree, city_officer):
    campaign = cs.create_campaign(by=city_officer, unit=tree.city, year=2026, title="草稿")
    with pytest.raises(ValidationError, match="至少添加一项报送要求"):
        cs.publish_campaign(by=city_officer, campaign=campaign)
    published = campaign_with_requirements(city_officer, tree.city)
    with pytest.raises(ValidationError, match="只有草稿可以发布"):
        cs.publish_campaign(by=city_officer, campaign=published)


def test_copying_last_years_campaign_moves_deadlines_a_year_on(tree, city_officer):
    last_year = campaign_with_requirements(city_officer, tree.city, publish=False)
    copy = cs.copy_campaign(by=city_officer, source=last_year, year=2027)
    assert copy.status == "draft" and copy.edition == 14 and copy.international_edition == 35
    assert copy.requirements.get().due_at == due(10, 20, year=2027)
    assert copy.items.get().title == "开展集中宣传活动"


def test_an_unreadable_deadline_phrase_is_refused(tree, city_officer):
    campaign = cs.create_campaign(by=city_officer, unit=tree.city, year=2026, title="草稿")
    with pytest.raises(ValidationError, match="看不懂「尽快」中的日期"):
        cs.add_requirement(by=city_officer, campaign=campaign, kind="plan", title="方案", due_text="尽快")
