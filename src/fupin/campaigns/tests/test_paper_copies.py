"""纸质版: a requirement can ask for paper copies (how many, stamped or not, where to); the receiving office
ticks each unit's copy as received and the progress page counts it."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from fupin.audit.models import AuditEvent
from fupin.campaigns.models import Requirement, Task
from fupin.campaigns.selectors.progress import campaign_progress
from fupin.campaigns.services import campaigns as cs
from fupin.campaigns.services import tasks as ts
from fupin.campaigns.tests.factories import campaign_with_requirements

PLACE = "市教育局扶贫办(行政中心5楼512室)"


@pytest.fixture
def coordinator(tree, make_user):
    return make_user("fpb_coordinator", tree.department, "coordinator")


@pytest.fixture
def campaign(tree, city_officer):
    return campaign_with_requirements(
        city_officer,
        tree.city,
        recipient=tree.department,
        paper_copies=2,
        paper_stamped=True,
        paper_deliver_to=PLACE,
    )


def test_the_receiving_office_ticks_a_units_paper_copy_and_progress_counts_it(campaign, tree, coordinator):
    task = Task.objects.get(unit=tree.school1)
    ts.mark_paper_received(by=coordinator, task=task)
    task.refresh_from_db()
    assert task.paper_received_by == coordinator and task.paper_received_at is not None
    row = campaign_progress(coordinator, campaign, root=tree.city).requirements[0]
    assert (row.paper_received, row.counts.total) == (1, 2)
    assert AuditEvent.objects.filter(note="纸质版已收到").count() == 1
    ts.mark_paper_received(by=coordinator, task=task, received=False)
    assert campaign_progress(coordinator, campaign, root=tree.city).requirements[0].paper_received == 0


def test_paper_copies_without_a_place_to_deliver_them_are_refused(tree, city_officer):
    campaign = campaign_with_requirements(city_officer, tree.city, publish=False)
    with pytest.raises(ValidationError) as refused:
        cs.add_requirement(
            by=city_officer,
            campaign=campaign,
            kind="summary",
            title="活动总结(纸质版)",
            due_text="10月19日前",
            unit_kinds=["school"],
            paper_copies=2,
        )
    assert refused.value.messages == ["要求报送纸质版时,请填写纸质版送达地点"]
    assert Requirement.objects.filter(campaign=campaign).count() == 1


def test_a_paper_copy_cannot_be_ticked_where_none_is_asked(tree, city_officer):
    campaign_with_requirements(city_officer, tree.city)
    task = Task.objects.get(unit=tree.school1)
    with pytest.raises(ValidationError) as refused:
        ts.mark_paper_received(by=city_officer, task=task)
    assert refused.value.messages == ["本项不要求报送纸质版"]
    task.refresh_from_db()
    assert task.paper_received_at is None


def test_a_unit_cannot_tick_its_own_paper_copy(campaign, tree, school_reporter):
    task = Task.objects.get(unit=tree.school1)
    with pytest.raises(PermissionDenied):
        ts.mark_paper_received(by=school_reporter, task=task)
    task.refresh_from_db()
    assert task.paper_received_at is None


def test_the_task_page_says_what_paper_is_asked_and_the_office_ticks_it_there(
    campaign, tree, coordinator, school_reporter, login, client
):
    task = Task.objects.get(unit=tree.school1)
    page = login(school_reporter).get(reverse("task_detail", args=[task.pk])).content.decode()
    assert f"另需报送纸质版 2 份(加盖公章),送至{PLACE}" in page and "纸质版未收到" in page
    assert "纸质版已收到</button>" not in page
    office = login(coordinator)
    assert office.post(reverse("mark_paper_received", args=[task.pk]), {"received": "1"}).status_code == 302
    assert "纸质版已收到(" in office.get(reverse("task_detail", args=[task.pk])).content.decode()
    progress = office.get(reverse("campaign_progress", args=[campaign.pk])).content.decode()
    assert "纸质版已收 1/2" in progress
