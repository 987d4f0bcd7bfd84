"""The campaign's task list as .xlsx: the rows the filters select, a title and a filter row, Chinese headers."""

import io
from datetime import timedelta
from urllib.parse import quote

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from fupin.campaigns.models import Task
from fupin.campaigns.services import tasks as task_services
from fupin.campaigns.tests.factories import campaign_with_requirements

from .word_factories import full_campaign

ID_VIEWS = [("export_campaign_tasks", "get", "campaign")]


@pytest.fixture
def campaign(tree, city_officer, school_reporter):
    """Both schools have three tasks; 东阳一中 handed in its plan late, its summary is still open."""
    campaign = full_campaign(city_officer, tree)
    plan = Task.objects.get(unit=tree.school1, requirement__kind="plan")
    at = plan.requirement.due_at + timedelta(days=2, hours=3)
    task_services.submit_task(by=school_reporter, task=plan, text="方案", at=at)
    return campaign


def sheet_rows(response) -> list[tuple]:
    book = load_workbook(io.BytesIO(response.content))
    return [tuple(c if c is not None else "" for c in row) for row in book.active.iter_rows(values_only=True)]


def export(client, campaign, **query):
    url = reverse("export_campaign_tasks", args=[campaign.pk])
    return client.get(url, query)


def test_the_office_exports_every_task_of_its_campaign(campaign, city_officer, login):
    response = export(login(city_officer), campaign)
    assert response.status_code == 200
    assert quote("清河市教育系统2026年扶贫日活动实施方案-报送任务.xlsx") in response["Content-Disposition"]
    rows = sheet_rows(response)
    assert rows[0][0] == "清河市教育系统2026年扶贫日活动实施方案 报送任务清单"
    assert rows[1][0].startswith("范围：清河市教育局及所属单位；报送要求：全部；状态：全部；导出时间：")
    assert rows[2] == ("单位", "报送要求", "截止时间", "状态", "报送时间", "逾期情况")
    assert len(rows) == 3 + 6
    assert rows[3] == (
        "东阳县第一中学",
        "活动方案",
        "2026年10月12日(周一)15:00",
        "已报送",
        "2026-10-14 18:00",
        "逾期2天3小时",
    )


def test_filters_are_applied_and_named(campaign, tree, city_officer, login):
    summary = campaign.requirements.get(kind="summary")
    rows = sheet_rows(export(login(city_officer), campaign, unit=tree.county1.pk, requirement=summary.pk))
    assert "范围：东阳县教育局及所属单位；报送要求：活动总结" in rows[1][0]
    assert [r[:2] for r in rows[3:]] == [("东阳县第一中学", "活动总结")]
    submitted = sheet_rows(export(login(city_officer), campaign, status="submitted"))
    assert [r[:4] for r in submitted[3:]] == [("东阳县第一中学", "活动方案", "2026年10月12日(周一)15:00", "已报送")]


def test_overdue_lists_what_is_missing_after_its_deadline(campaign, city_officer, login, monkeypatch):
    later = campaign.requirements.get(kind="photos").due_at + timedelta(hours=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    rows = sheet_rows(export(login(city_officer), campaign, status="overdue"))
    assert "状态：已逾期未报" in rows[1][0]
    assert sorted((r[0], r[1]) for r in rows[3:]) == sorted(
        [("东阳县第一中学", "活动照片"), ("西川县第一中学", "活动方案"), ("西川县第一中学", "活动照片")]
    )
    assert all(r[5].startswith("未报，逾期") for r in rows[3:])


def test_a_school_sees_only_its_own_rows(campaign, school_reporter, login):
    rows = sheet_rows(export(login(school_reporter), campaign))
    assert "范围：东阳县第一中学及所属单位" in rows[1][0]
    assert {r[0] for r in rows[3:]} == {"东阳县第一中学"}


def test_cell_text_that_looks_like_a_formula_stays_text(tree, city_officer, login):
    campaign = campaign_with_requirements(city_officer, tree.city, title='=HYPERLINK("http://x")')
    book = load_workbook(io.BytesIO(export(login(city_officer), campaign).content))
    cell = book.active.cell(4, 2)
    assert cell.value == '=HYPERLINK("http://x")' and cell.data_type == "s"


@pytest.mark.parametrize(
    "query", [{"unit": "school2"}, {"unit": "x"}, {"requirement": "other"}, {"status": "lost"}, {"requirement": "x"}]
)
def test_bad_or_foreign_filters_answer_404(query, campaign, tree, county_officer, outsider, login):
    other = campaign_with_requirements(outsider, tree.county2)
    values = {"school2": tree.school2.pk, "other": other.requirements.get().pk}
    query = {k: values.get(v, v) for k, v in query.items()}
    assert export(login(county_officer), campaign, **query).status_code == 404


@pytest.mark.parametrize(("name", "method", "target"), ID_VIEWS)
def test_another_countys_campaign_answers_404(name, method, target, tree, county_officer, outsider, login):
    other = campaign_with_requirements(outsider, tree.county2)
    assert getattr(login(county_officer), method)(reverse(name, args=[other.pk])).status_code == 404
