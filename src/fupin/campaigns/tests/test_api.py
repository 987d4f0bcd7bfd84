"""Campaigns over REST: the same scope as the pages, and progress per requirement."""

import pytest

from fupin.campaigns.models import Task
from fupin.campaigns.services import tasks as ts
from fupin.campaigns.tests.factories import campaign_with_requirements


@pytest.fixture
def campaign(tree, city_officer):
    return campaign_with_requirements(city_officer, tree.city)


def test_campaigns_items_and_requirements_are_listed(campaign, school_reporter, login):
    client = login(school_reporter)
    listed = client.get("/api/v1/campaigns").json()
    assert [c["edition"] for c in listed["items"]] == [13]
    requirement = client.get(f"/api/v1/campaigns/{campaign.pk}/requirements").json()[0]
    assert requirement["due_display"] == "2026年10月19日(周一)24:00" and requirement["task_count"] == 2
    assert client.get(f"/api/v1/campaigns/{campaign.pk}/items").json()[0]["number"] == 1


def test_a_school_lists_only_its_own_tasks(campaign, tree, school_reporter, login):
    tasks = login(school_reporter).get("/api/v1/tasks").json()["items"]
    assert [t["unit_id"] for t in tasks] == [tree.school1.pk]


def test_progress_counts_per_requirement(campaign, tree, city_officer, school_reporter, login):
    task = Task.objects.get(unit=tree.school1)
    ts.submit_task(by=school_reporter, task=task, text="总结")
    row = login(city_officer).get(f"/api/v1/campaigns/{campaign.pk}/progress").json()[0]
    assert row["counts"]["total"] == 2 and row["counts"]["submitted"] == 1 and row["counts"]["missing"] == 1


def test_submissions_are_readable_by_the_unit_and_the_office(campaign, tree, city_officer, school_reporter, login):
    task = Task.objects.get(unit=tree.school1)
    submission = ts.submit_task(by=school_reporter, task=task, text="总结")
    assert login(city_officer).get(f"/api/v1/tasks/{task.pk}/submissions").json()[0]["version"] == 1
    assert login(city_officer).get(f"/api/v1/submissions/{submission.pk}").json()["text"] == "总结"


@pytest.mark.parametrize(
    "template",
    [
        "/api/v1/campaigns/{c}",
        "/api/v1/campaigns/{c}/requirements",
        "/api/v1/campaigns/{c}/items",
        "/api/v1/campaigns/{c}/progress",
        "/api/v1/tasks/{t}",
        "/api/v1/tasks/{t}/submissions",
        "/api/v1/submissions/{s}",
    ],
)
def test_another_countys_objects_answer_404(template, tree, county_officer, outsider, make_user, login):
    other = campaign_with_requirements(outsider, tree.county2, publish=True)
    task = Task.objects.get(requirement__campaign=other)
    submission = ts.submit_task(by=make_user("r2", tree.school2, "reporter"), task=task, text="x")
    url = template.format(c=other.pk, t=task.pk, s=submission.pk)
    assert login(county_officer).get(url).status_code == 404
