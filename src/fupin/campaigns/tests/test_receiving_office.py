"""「报送至」: the unit a requirement is handed in to sees, reviews and chases what is sent to it; the issuing
office keeps its view; a copy keeps each recipient; a second campaign of a unit and year is asked about."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from fupin.audit.models import AuditEvent
from fupin.campaigns.models import Campaign, Reminder, Review, Task, TaskStatus
from fupin.campaigns.selectors.progress import campaign_progress, default_root
from fupin.campaigns.selectors.tasks import review_queue
from fupin.campaigns.services import campaigns as cs
from fupin.campaigns.services import reminders as rs
from fupin.campaigns.services import tasks as ts
from fupin.campaigns.tests.factories import campaign_with_requirements


@pytest.fixture
def coordinator(tree, make_user):
    """The 扶贫办 coordinator: her role is on the department, not on the bureau that issues."""
    return make_user("fpb_coordinator", tree.department, "coordinator")


@pytest.fixture
def campaign(tree, city_officer):
    return campaign_with_requirements(city_officer, tree.city, recipient=tree.department)


def school1_task(campaign, tree) -> Task:
    return Task.objects.get(requirement__campaign=campaign, unit=tree.school1)


def test_the_receiving_office_reviews_what_is_handed_in_to_it(campaign, tree, coordinator, school_reporter):
    task = school1_task(campaign, tree)
    ts.submit_task(by=school_reporter, task=task, text="活动总结正文")
    assert list(review_queue(coordinator)) == [task]
    ts.approve_submission(by=coordinator, task=task)
    task.refresh_from_db()
    assert task.status == TaskStatus.APPROVED
    assert Review.objects.get(task=task).by == coordinator


def test_a_review_records_the_status_it_changed_from_and_to(campaign, tree, coordinator, school_reporter):
    task = school1_task(campaign, tree)
    ts.submit_task(by=school_reporter, task=task, text="活动总结正文")
    ts.approve_submission(by=coordinator, task=task)
    event = AuditEvent.objects.filter(target_type="campaigns.task", target_id=str(task.pk)).latest("id")
    assert event.changes["status"] == ["submitted", "approved"]


def test_the_issuing_office_keeps_its_review_queue_when_a_department_receives(
    campaign, tree, city_officer, school_reporter
):
    task = school1_task(campaign, tree)
    ts.submit_task(by=school_reporter, task=task, text="活动总结正文")
    assert list(review_queue(city_officer)) == [task]


def test_a_department_that_does_not_receive_cannot_review(tree, city_officer, coordinator, school_reporter):
    campaign = campaign_with_requirements(city_officer, tree.city)  # handed in to the bureau itself
    task = school1_task(campaign, tree)
    ts.submit_task(by=school_reporter, task=task, text="活动总结正文")
    assert list(review_queue(coordinator)) == []
    with pytest.raises(PermissionDenied, match="只有发文单位、报送接收单位或其上级单位可以审核"):
        ts.approve_submission(by=coordinator, task=task)
    assert not Review.objects.exists()


def test_the_receiving_office_sees_the_whole_count_on_the_progress_page(campaign, tree, coordinator, login):
    assert default_root(coordinator, campaign) == tree.city
    counts = campaign_progress(coordinator, campaign, root=tree.city).totals
    assert (counts.total, counts.missing) == (2, 2)
    page = login(coordinator).get(reverse("campaign_progress", args=[campaign.pk]), {"unit": tree.county1.pk})
    assert page.status_code == 200 and tree.school1.name in page.content.decode()


def test_the_receiving_office_chases_the_units_that_have_not_handed_in(campaign, tree, coordinator):
    reminders = rs.remind_missing(by=coordinator, requirement=campaign.requirements.get())
    assert sorted(r.task.unit.name for r in reminders) == sorted([tree.school1.name, tree.school2.name])


def test_a_department_that_does_not_receive_cannot_chase(tree, city_officer, coordinator):
    campaign = campaign_with_requirements(city_officer, tree.city)
    with pytest.raises(PermissionDenied, match="只有发文单位或报送接收单位可以催报"):
        rs.remind_missing(by=coordinator, requirement=campaign.requirements.get())
    assert not Reminder.objects.exists()


def test_the_receiving_office_opens_a_task_and_approves_it_from_its_page(
    campaign, tree, coordinator, school_reporter, login
):
    task = school1_task(campaign, tree)
    ts.submit_task(by=school_reporter, task=task, text="活动总结正文")
    client = login(coordinator)
    assert "报送至市教育局扶贫办" in client.get(reverse("review_queue")).content.decode()
    assert client.post(reverse("approve_submission", args=[task.pk]), {"comment": ""}).status_code == 302
    task.refresh_from_db()
    assert task.status == TaskStatus.APPROVED


def test_another_county_officer_cannot_open_a_task_handed_in_to_the_department(campaign, tree, outsider, login):
    task = school1_task(campaign, tree)
    assert login(outsider).get(reverse("task_detail", args=[task.pk])).status_code == 404


def test_copying_a_campaign_keeps_each_requirements_recipient(campaign, tree, city_officer):
    copy = cs.copy_campaign(by=city_officer, source=campaign, year=2027)
    assert [r.recipient for r in copy.requirements.all()] == [tree.department]


def test_copying_into_a_year_the_unit_already_has_asks_first_naming_the_existing_campaign(campaign, tree, city_officer):
    existing = cs.create_campaign(by=city_officer, unit=tree.city, year=2027, title="清河市2027年扶贫日活动方案")
    with pytest.raises(ValidationError) as refused:
        cs.copy_campaign(by=city_officer, source=campaign, year=2027)
    assert refused.value.messages == [
        "清河市教育局已有2027年的活动「清河市2027年扶贫日活动方案」(草稿),确认仍要再建一个吗?"
    ]
    assert list(Campaign.objects.filter(year=2027)) == [existing]
    cs.copy_campaign(by=city_officer, source=campaign, year=2027, allow_duplicate=True)
    assert Campaign.objects.filter(year=2027).count() == 2


def test_creating_a_second_campaign_of_the_same_unit_and_year_asks_first(campaign, tree, city_officer, login):
    client = login(city_officer)
    form = {"unit": tree.city.pk, "year": 2026, "title": "又一个2026年方案"}
    page = client.post(reverse("campaign_create"), form)
    assert page.status_code == 200
    assert "清河市教育局已有2026年的活动「2026年教育系统扶贫日活动实施方案」(已发布)" in page.content.decode()
    assert Campaign.objects.count() == 1
    assert client.post(reverse("campaign_create"), form | {"allow_duplicate": "on"}).status_code == 302
    assert Campaign.objects.count() == 2


def test_copying_from_the_page_into_an_existing_year_shows_the_question(campaign, tree, city_officer, login):
    cs.create_campaign(by=city_officer, unit=tree.city, year=2027, title="清河市2027年扶贫日活动方案")
    client = login(city_officer)
    page = client.post(reverse("copy_campaign", args=[campaign.pk]), {"year": 2027})
    assert "「清河市2027年扶贫日活动方案」(草稿),确认仍要再建一个吗?" in page.content.decode()
    assert Campaign.objects.filter(year=2027).count() == 1
    events = AuditEvent.objects.count()
    client.post(reverse("copy_campaign", args=[campaign.pk]), {"year": 2027, "allow_duplicate": "on"})
    assert Campaign.objects.filter(year=2027).count() == 2 and AuditEvent.objects.count() > events
