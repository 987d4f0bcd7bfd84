"""The office's progress dashboard: counts per requirement by child unit, drill-down, the missing-units list."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from fupin.campaigns.models import Reminder, Task, TaskStatus
from fupin.campaigns.selectors.progress import campaign_progress, default_root, missing_tasks
from fupin.campaigns.services import tasks as ts
from fupin.campaigns.tests.factories import campaign_with_requirements
from fupin.orgs.tests.factories import school


def hand_in(task: Task, by, at) -> None:
    ts.submit_task(by=by, task=task, text="活动总结正文", at=at)


@pytest.fixture
def campaign(tree, city_officer, school_reporter, make_user):
    """Due three days ago. school1 on time, approved; school3 late; school4 returned; school2, school5 missing."""
    due_at = timezone.now() - timedelta(days=3)
    extra = {
        "school3": school(tree.county1, "东阳县第二小学", code="QH-DY-S03"),
        "school4": school(tree.county1, "东阳县第三小学", code="QH-DY-S04"),
        "school5": school(
            tree.county2, "西川县实验小学", code="QH-XC-S05", contact_person="李老师", contact_phone="13800138005"
        ),
    }
    campaign = campaign_with_requirements(city_officer, tree.city, due_at=due_at, due_text="")
    tasks = {t.unit.code: t for t in Task.objects.filter(requirement__campaign=campaign).select_related("unit")}
    hand_in(tasks["QH-DY-S01"], school_reporter, due_at - timedelta(days=1))
    ts.approve_submission(by=city_officer, task=tasks["QH-DY-S01"])
    hand_in(tasks["QH-DY-S03"], make_user("r3", extra["school3"], "reporter"), due_at + timedelta(hours=5))
    hand_in(tasks["QH-DY-S04"], make_user("r4", extra["school4"], "reporter"), due_at - timedelta(hours=1))
    ts.return_submission(by=city_officer, task=tasks["QH-DY-S04"], comment="缺少照片说明")
    return campaign


def test_a_returned_hand_in_is_counted_once_as_returned_not_as_submitted_or_missing(campaign, city_officer, tree):
    progress = campaign_progress(city_officer, campaign, root=tree.city)
    counts = progress.requirements[0].counts
    assert (counts.total, counts.awaiting, counts.approved, counts.returned, counts.missing) == (5, 1, 1, 1, 2)
    assert (counts.submitted, counts.on_time, counts.late, counts.overdue) == (2, 1, 1, 3)
    assert counts.to_chase == 3 and counts.percent == 40


def test_overdue_is_computed_from_the_deadline_not_stored(campaign, city_officer, tree):
    before = timezone.now() - timedelta(days=4)
    counts = campaign_progress(city_officer, campaign, root=tree.city, now=before).requirements[0].counts
    assert counts.to_chase == 3 and counts.overdue == 0
    assert not campaign_progress(city_officer, campaign, root=tree.city, now=before).requirements[0].is_past_due


def test_the_city_sees_its_counties_and_the_county_its_schools(campaign, city_officer, tree):
    by_county = {r.unit.name: r.counts for r in campaign_progress(city_officer, campaign, root=tree.city).units}
    assert set(by_county) == {tree.county1.name, tree.county2.name}
    assert (by_county[tree.county1.name].total, by_county[tree.county1.name].to_chase) == (3, 1)
    assert (by_county[tree.county2.name].total, by_county[tree.county2.name].missing) == (2, 2)
    by_school = {r.unit.name: r.counts for r in campaign_progress(city_officer, campaign, root=tree.county1).units}
    assert set(by_school) == {tree.school1.name, "东阳县第二小学", "东阳县第三小学"}
    assert by_school["东阳县第二小学"].late == 1


def test_a_county_officer_starts_at_its_own_county_on_the_citys_campaign(campaign, county_officer, tree, login):
    assert default_root(county_officer, campaign) == tree.county1
    page = login(county_officer).get(reverse("campaign_progress", args=[campaign.pk])).content.decode()
    assert tree.school1.name in page and tree.school2.name not in page


def test_a_county_officer_cannot_drill_into_another_county(campaign, county_officer, tree, login):
    client = login(county_officer)
    url = reverse("campaign_progress", args=[campaign.pk])
    assert client.get(url, {"unit": tree.county2.pk}).status_code == 404
    assert client.get(url, {"unit": tree.school2.pk}).status_code == 404
    assert client.get(url, {"unit": tree.city.pk}).status_code == 404
    assert client.get(url, {"unit": tree.school1.pk}).status_code == 200


@pytest.mark.parametrize("query", [{"unit": "x"}, {"requirement": "999999"}, {"unit": "999999"}])
def test_a_bad_drill_down_answers_404(campaign, city_officer, login, query):
    assert login(city_officer).get(reverse("campaign_progress", args=[campaign.pk]), query).status_code == 404


def test_the_missing_units_list_shows_contact_person_and_phone(campaign, city_officer, tree, login):
    requirement = campaign.requirements.get()
    missing = missing_tasks(city_officer, requirement, root=tree.city)
    assert [t.unit.name for t in missing] == ["东阳县第三小学", tree.school2.name, "西川县实验小学"]  # tree order
    page = (
        login(city_officer)
        .get(reverse("campaign_progress", args=[campaign.pk]), {"requirement": requirement.pk})
        .content.decode()
    )
    assert "李老师" in page and 'href="tel:13800138005"' in page
    assert "逾期未报单位" in page and "一键催报" in page


def test_before_the_deadline_the_list_is_of_units_not_yet_reported(tree, city_officer, login):
    campaign = campaign_with_requirements(
        city_officer, tree.city, due_at=timezone.now() + timedelta(days=2), due_text=""
    )
    requirement = campaign.requirements.get()
    page = (
        login(city_officer)
        .get(reverse("campaign_progress", args=[campaign.pk]), {"requirement": requirement.pk})
        .content.decode()
    )
    assert "尚未报送的单位" in page and "逾期未报单位" not in page


def test_the_dashboard_shows_counts_and_the_chart(campaign, city_officer, login):
    page = login(city_officer).get(reverse("campaign_progress", args=[campaign.pk])).content.decode()
    assert 'id="progress-chart"' in page and 'id="progress-chart-data"' in page
    assert "vendor/chartjs/chart.umd.min.js" in page and "fupin/stacked-bar-chart.js" in page
    assert "40%" in page and '<progress max="100" value="40"' in page


def test_a_reporter_sees_no_remind_button(campaign, school_reporter, tree, login):
    page = login(school_reporter).get(
        reverse("campaign_progress", args=[campaign.pk]), {"requirement": campaign.requirements.get().pk}
    )
    assert page.status_code == 200 and "一键催报" not in page.content.decode()


# Scope: another subtree's campaign and requirement ids answer 404, for GET and POST alike

ID_VIEWS = [
    ("campaign_progress", "get", "campaign"),
    ("remind_missing", "post", "requirement"),
]


@pytest.fixture
def sibling_ids(tree, outsider):
    other = campaign_with_requirements(outsider, tree.county2)
    return {"campaign": other.pk, "requirement": other.requirements.get().pk}


@pytest.mark.parametrize(("name", "method", "target"), ID_VIEWS)
def test_another_countys_campaign_answers_404(name, method, target, county_officer, sibling_ids, login):
    response = getattr(login(county_officer), method)(reverse(name, args=[sibling_ids[target]]))
    assert response.status_code == 404
    assert not Reminder.objects.exists()


@pytest.mark.parametrize(("name", "method", "target"), ID_VIEWS)
def test_missing_ids_answer_404_too(name, method, target, county_officer, login):
    assert getattr(login(county_officer), method)(reverse(name, args=[999999])).status_code == 404


def test_every_dashboard_view_that_takes_an_id_is_in_the_scope_test():
    from fupin.campaigns.views import dashboard as views

    named = {p.name for p in views.urlpatterns if "<int:pk>" in str(p.pattern)}
    assert named == {name for name, _m, _t in ID_VIEWS}


def test_reminding_with_a_unit_outside_the_subtree_answers_404(tree, county_officer, login):
    own = campaign_with_requirements(county_officer, tree.county1)
    url = reverse("remind_missing", args=[own.requirements.get().pk])
    assert login(county_officer).post(url, {"unit": tree.school2.pk}).status_code == 404
    assert not Reminder.objects.exists()


def test_a_draft_campaign_has_no_dashboard_below_the_issuing_office(tree, city_officer, county_officer, login):
    draft = campaign_with_requirements(city_officer, tree.city, publish=False)
    assert login(county_officer).get(reverse("campaign_progress", args=[draft.pk])).status_code == 404


def _grow(tree, county_count: int, schools_per_county: int) -> None:
    from fupin.orgs.tests.factories import UnitFactory

    for c in range(county_count):
        county = UnitFactory(parent=tree.city, name=f"增设县{c}", code=f"QH-X{c}", kind="county_bureau")
        for s in range(schools_per_county):
            school(
                county, f"增设县{c}学校{s}", code=f"QH-X{c}-S{s}", contact_person="王老师", contact_phone="13900139000"
            )


@pytest.mark.parametrize(("counties", "schools"), [(1, 2), (6, 8)])
def test_the_dashboard_query_count_does_not_grow_with_units(
    tree, city_officer, login, django_assert_max_num_queries, counties, schools
):
    _grow(tree, counties, schools)
    campaign = campaign_with_requirements(city_officer, tree.city)
    assert Task.objects.filter(requirement__campaign=campaign).count() == 2 + counties * schools
    Task.objects.filter(requirement__campaign=campaign, unit__code__endswith="S1").update(
        status=TaskStatus.SUBMITTED, first_submitted_at=timezone.now()
    )
    client = login(city_officer)
    url = reverse("campaign_progress", args=[campaign.pk])
    requirement = campaign.requirements.get()
    pages = [
        ({}, 11),
        ({"requirement": requirement.pk}, 15),
        ({"unit": tree.county1.pk, "requirement": requirement.pk}, 17),
    ]
    for query, most in pages:
        with django_assert_max_num_queries(most):
            assert client.get(url, query).status_code == 200


def test_the_office_sees_its_campaigns_progress_on_the_workbench(campaign, city_officer, login):
    page = login(city_officer).get(reverse("home")).content.decode()
    assert reverse("campaign_progress", args=[campaign.pk]) in page and "40%" in page
