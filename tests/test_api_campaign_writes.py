"""Campaigns written through the REST API: issue, add a requirement, publish, hand in, approve, return, reopen.

The same doors and services as the pages: an id outside the caller's scope answers 404 and writes nothing; a
rule that refuses answers 400 with its Chinese reason and writes nothing.
"""

import pytest
from django.test import Client

from fupin.audit.models import AuditEvent
from fupin.campaigns.models import Campaign, Requirement, Review, Submission, Task
from fupin.campaigns.services.tasks import submit_task
from fupin.campaigns.tests.factories import campaign_with_requirements
from fupin.orgs.tokens import issue_token

SUMMARY = {"kind": "summary", "title": "活动总结", "due_text": "10月19日前", "unit_kinds": ["school"]}


def api_as(user) -> Client:
    """A client that checks CSRF like a browser, authenticated by the user's personal token."""
    return Client(enforce_csrf_checks=True, headers={"Authorization": f"Token {issue_token(by=user, name='对接')}"})


def post(client: Client, path: str, data: dict | None = None):
    return client.post(f"/api/v1{path}", data or {}, content_type="application/json")


@pytest.fixture
def published(city_officer, tree):
    """The city's published campaign: a summary from every school, by 10月19日."""
    return campaign_with_requirements(city_officer, tree.city)


@pytest.fixture
def handed_in(published, tree, school_reporter):
    task = Task.objects.get(requirement__campaign=published, unit=tree.school1)
    submit_task(by=school_reporter, task=task, text="我校开展了扶贫日主题班会,参与师生 1200 人。")
    return task


def test_an_office_issues_a_campaign_over_the_api(city_officer, tree):
    response = post(
        api_as(city_officer), "/campaigns", {"unit_id": tree.city.pk, "year": 2026, "title": "2026年扶贫日活动方案"}
    )

    assert response.status_code == 201
    body = response.json()
    assert (body["status"], body["edition"], body["unit_name"]) == ("draft", 13, "清河市教育局")
    assert (
        AuditEvent.objects.filter(target_type="campaigns.campaign", target_id=str(body["id"]), action="create").count()
        == 1
    )


def test_a_campaign_for_a_unit_outside_scope_answers_404(county_officer, tree):
    response = post(api_as(county_officer), "/campaigns", {"unit_id": tree.county2.pk, "year": 2026, "title": "越权"})

    assert response.status_code == 404
    assert not Campaign.objects.exists()


def test_a_requirement_with_a_notice_deadline_is_added_over_the_api(city_officer, tree):
    campaign = campaign_with_requirements(city_officer, tree.city, publish=False)

    response = post(
        api_as(city_officer),
        f"/campaigns/{campaign.pk}/requirements",
        SUMMARY
        | {"title": "活动方案", "kind": "plan", "due_text": "9月30日下午下班前", "recipient_id": tree.department.pk},
    )

    assert response.status_code == 201
    body = response.json()
    assert body["due_display"] == "2026年9月30日(周三)17:30"
    assert body["recipient_id"] == tree.department.pk and body["task_count"] == 0


def test_a_requirement_cannot_name_a_recipient_outside_the_issuers_direct_units(city_officer, tree):
    campaign = campaign_with_requirements(city_officer, tree.city, publish=False)

    response = post(
        api_as(city_officer), f"/campaigns/{campaign.pk}/requirements", SUMMARY | {"recipient_id": tree.school1.pk}
    )

    assert response.status_code == 400
    assert response.json() == {"detail": f"不是发文单位的直属单位:{tree.school1.pk}"}
    assert campaign.requirements.count() == 1


def test_a_county_cannot_add_a_requirement_to_the_citys_campaign(county_officer, published):
    response = post(api_as(county_officer), f"/campaigns/{published.pk}/requirements", SUMMARY)

    assert response.status_code == 404
    assert Requirement.objects.filter(campaign=published).count() == 1


def test_publishing_over_the_api_gives_every_school_its_task(city_officer, tree):
    campaign = campaign_with_requirements(city_officer, tree.city, publish=False)

    response = post(api_as(city_officer), f"/campaigns/{campaign.pk}/publish")

    assert response.status_code == 200
    assert response.json() == {"campaign_id": campaign.pk, "tasks_given": 2}
    assert sorted(Task.objects.values_list("unit__name", flat=True)) == ["东阳县第一中学", "西川县第一中学"]


def test_a_published_campaign_cannot_be_published_again(city_officer, published):
    response = post(api_as(city_officer), f"/campaigns/{published.pk}/publish")

    assert response.status_code == 400
    assert response.json() == {"detail": "只有草稿可以发布"}
    assert Task.objects.count() == 2


def test_a_sibling_county_cannot_publish_the_citys_campaign(outsider, city_officer, tree):
    campaign = campaign_with_requirements(city_officer, tree.city, publish=False)

    assert post(api_as(outsider), f"/campaigns/{campaign.pk}/publish").status_code == 404
    assert not Task.objects.exists()


def test_a_school_hands_in_its_summary_over_the_api(published, tree, school_reporter):
    task = Task.objects.get(requirement__campaign=published, unit=tree.school1)

    response = api_as(school_reporter).post(f"/api/v1/tasks/{task.pk}/submissions", {"text": "主题班会 1200 人参加"})

    assert response.status_code == 201
    assert (response.json()["version"], response.json()["text"]) == (1, "主题班会 1200 人参加")
    task.refresh_from_db()
    assert task.status == "submitted"


def test_an_empty_hand_in_is_refused_with_the_reason(published, tree, school_reporter):
    task = Task.objects.get(requirement__campaign=published, unit=tree.school1)

    response = api_as(school_reporter).post(f"/api/v1/tasks/{task.pk}/submissions", {"text": "  "})

    assert response.status_code == 400
    assert response.json() == {"detail": "请填写内容或上传文件"}
    assert not Submission.objects.exists()


def test_a_school_cannot_hand_in_another_schools_task(published, tree, school_reporter):
    other = Task.objects.get(requirement__campaign=published, unit=tree.school2)

    response = api_as(school_reporter).post(f"/api/v1/tasks/{other.pk}/submissions", {"text": "越权报送"})

    assert response.status_code == 404
    assert not Submission.objects.exists()


def test_the_office_approves_a_hand_in_over_the_api(handed_in, city_officer):
    response = post(api_as(city_officer), f"/tasks/{handed_in.pk}/approve", {"comment": "材料齐全,同意"})

    assert response.status_code == 200
    assert (response.json()["decision"], response.json()["task_status"]) == ("approve", "approved")
    handed_in.refresh_from_db()
    assert handed_in.status == "approved"


def test_a_school_cannot_approve_its_own_hand_in(handed_in, school_reporter):
    response = post(api_as(school_reporter), f"/tasks/{handed_in.pk}/approve")

    assert response.status_code == 404
    assert not Review.objects.exists()


def test_a_sibling_county_cannot_return_a_hand_in(handed_in, outsider):
    response = post(api_as(outsider), f"/tasks/{handed_in.pk}/return", {"comment": "请补充照片"})

    assert response.status_code == 404
    assert not Review.objects.exists()


def test_returning_without_a_comment_is_refused_with_the_reason(handed_in, city_officer):
    response = post(api_as(city_officer), f"/tasks/{handed_in.pk}/return", {"comment": ""})

    assert response.status_code == 400
    assert response.json() == {"detail": "comment: 退回时请写明原因,便于对方修改"}
    assert not Review.objects.exists()
    handed_in.refresh_from_db()
    assert handed_in.status == "submitted"


def test_the_office_returns_a_hand_in_with_a_comment(handed_in, city_officer):
    response = post(api_as(city_officer), f"/tasks/{handed_in.pk}/return", {"comment": "请补充参与师生人数"})

    assert response.status_code == 200
    assert (response.json()["decision"], response.json()["comment"]) == ("return", "请补充参与师生人数")
    handed_in.refresh_from_db()
    assert handed_in.status == "returned"


def test_the_office_reopens_an_approved_hand_in_with_a_reason(handed_in, city_officer):
    client = api_as(city_officer)
    post(client, f"/tasks/{handed_in.pk}/approve")

    response = post(client, f"/tasks/{handed_in.pk}/reopen", {"comment": "人数有误,需更正"})

    assert response.status_code == 200 and response.json()["task_status"] == "returned"
