"""方案细化 without duplicate tasks: a county's derived requirement takes over the city's task for its units,
the city counts it in place of its own, both see one status; 「下级截止时间不得晚于上级」 in both directions."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from fupin.audit.models import AuditEvent
from fupin.campaigns.deadlines import describe
from fupin.campaigns.models import Requirement, Task, TaskStatus
from fupin.campaigns.selectors.progress import campaign_progress
from fupin.campaigns.selectors.tasks import my_tasks
from fupin.campaigns.services import campaigns as cs
from fupin.campaigns.services import reminders as rs
from fupin.campaigns.services import tasks as ts
from fupin.campaigns.tests.factories import campaign_with_requirements, due
from fupin.documents.selectors import campaign_tasks


@pytest.fixture
def city_campaign(tree, city_officer):
    """Every school hands in a summary by the end of 19 October."""
    return campaign_with_requirements(city_officer, tree.city)


@pytest.fixture
def county_plan(city_campaign, tree, county_officer):
    """The county's own plan: the same summary, two days earlier (end of 17 October), published."""
    child = cs.derive_child_campaign(by=county_officer, parent=city_campaign, unit=tree.county1)
    cs.publish_campaign(by=county_officer, campaign=child)
    return child


def test_a_school_has_one_task_when_the_county_derives_the_citys_requirement(county_plan, tree, school_reporter):
    tasks = list(my_tasks(school_reporter))
    assert len(tasks) == 1
    assert tasks[0].requirement.campaign == county_plan
    assert describe(tasks[0].requirement.due_at) == "2026年10月17日(周六)24:00"
    assert Task.objects.filter(unit=tree.school1).count() == 1


def test_the_city_counts_the_derived_task_in_place_of_its_own(city_campaign, county_plan, tree, city_officer):
    counts = campaign_progress(city_officer, city_campaign, root=tree.city).requirements[0].counts
    assert (counts.total, counts.missing) == (2, 2)
    by_county = {
        r.unit.name: r.counts.total for r in campaign_progress(city_officer, city_campaign, root=tree.city).units
    }
    assert by_county == {"东阳县教育局": 1, "西川县教育局": 1}


def test_city_and_county_see_the_same_status_of_the_one_task(
    city_campaign, county_plan, tree, city_officer, county_officer, school_reporter
):
    task = Task.objects.get(unit=tree.school1)
    ts.submit_task(by=school_reporter, task=task, text="活动总结正文", at=due(10, 16, 9))
    ts.approve_submission(by=county_officer, task=task)
    city = campaign_progress(city_officer, city_campaign, root=tree.county1).requirements[0].counts
    county = campaign_progress(county_officer, county_plan, root=tree.county1).requirements[0].counts
    assert (city.total, city.approved, city.on_time) == (1, 1, 1)
    assert (county.total, county.approved, county.on_time) == (1, 1, 1)


def test_the_city_does_not_count_schools_only_the_county_asked(tree, city_officer, county_officer):
    city_campaign = campaign_with_requirements(city_officer, tree.city, unit_kinds=["county_bureau"], direct_only=True)
    child = cs.derive_child_campaign(by=county_officer, parent=city_campaign, unit=tree.county1)
    cs.update_requirement(by=county_officer, requirement=child.requirements.get(), unit_kinds=["school"])
    cs.publish_campaign(by=county_officer, campaign=child)
    assert campaign_progress(city_officer, city_campaign, root=tree.city).totals.total == 2
    assert campaign_progress(county_officer, child, root=tree.county1).totals.total == 1
    assert Task.objects.get(unit=tree.school1).requirement.campaign == child


def test_a_second_task_for_the_same_requirement_and_unit_is_refused_by_the_database(county_plan, tree):
    task = Task.objects.get(unit=tree.school1)
    duplicate = Task(requirement=task.origin, origin=task.origin, unit=tree.school1)
    with pytest.raises(ValidationError) as refused:
        duplicate.validate_constraints()
    assert "同一单位对同一项报送要求只能有一项任务" in refused.value.messages


def test_moving_the_citys_deadline_earlier_brings_the_derived_deadline_forward_and_tells_the_county(
    city_campaign, county_plan, city_officer
):
    city_requirement = city_campaign.requirements.get()
    cs.update_requirement(by=city_officer, requirement=city_requirement, due_text="10月15日前")
    derived = Requirement.objects.get(campaign=county_plan)
    assert describe(derived.due_at) == "2026年10月15日(周四)24:00"
    assert derived.parent_change == (
        "清河市教育局将「活动总结」的截止时间提前至 2026年10月15日(周四)24:00,"
        "本单位的截止时间已由 2026年10月17日(周六)24:00 相应提前"
    )
    assert AuditEvent.objects.filter(note=derived.parent_change, unit_name="东阳县教育局").count() == 1


def test_moving_the_citys_deadline_earlier_leaves_an_earlier_derived_deadline_alone(
    city_campaign, county_plan, city_officer
):
    cs.update_requirement(by=city_officer, requirement=city_campaign.requirements.get(), due_text="10月18日前")
    derived = Requirement.objects.get(campaign=county_plan)
    assert describe(derived.due_at) == "2026年10月17日(周六)24:00" and derived.parent_change == ""


def test_a_derived_deadline_later_than_the_citys_is_refused(county_plan, county_officer):
    derived = Requirement.objects.get(campaign=county_plan)
    with pytest.raises(ValidationError) as refused:
        cs.update_requirement(by=county_officer, requirement=derived, due_text="10月25日前")
    assert refused.value.messages == ["不能晚于上级要求的截止时间 2026年10月19日(周一)24:00"]
    derived.refresh_from_db()
    assert describe(derived.due_at) == "2026年10月17日(周六)24:00"


def test_the_city_chases_a_school_whose_task_the_county_took_over(city_campaign, county_plan, city_officer, tree):
    reminders = rs.remind_missing(by=city_officer, requirement=city_campaign.requirements.get())
    assert sorted(r.task.unit.name for r in reminders) == sorted([tree.school1.name, tree.school2.name])
    assert Task.objects.get(unit=tree.school1).status == TaskStatus.PENDING


def test_a_school_chased_by_the_city_is_told_the_countys_earlier_deadline(
    city_campaign, county_plan, city_officer, tree
):
    reminders = rs.remind_missing(by=city_officer, requirement=city_campaign.requirements.get())
    told = {r.task.unit.name: r.message for r in reminders}
    assert "2026年10月17日(周六)24:00" in told[tree.school1.name]
    assert "2026年10月19日(周一)24:00" in told[tree.school2.name]


def test_the_citys_task_export_lists_the_task_the_county_took_over(city_campaign, county_plan, city_officer, tree):
    tasks = campaign_tasks(city_officer, city_campaign, root=tree.city, now=timezone.now())
    assert sorted(t.unit.name for t in tasks) == sorted([tree.school1.name, tree.school2.name])
