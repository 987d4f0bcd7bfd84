"""The statistics pages: thin views over the rules, scoped so another subtree's ids give 404."""

import pytest
from django.urls import reverse

from fupin.campaigns.models import StatReport, StatTable, TaskStatus
from fupin.campaigns.services import stats as ss
from fupin.campaigns.services import tasks as ts
from fupin.campaigns.tests.stat_factories import simple_columns, stat_campaign, task_of, template

GOOD = {
    "r0_activities": "3",
    "r0_people": "120",
    "r0_money": "1234.5",
    "r0_rate": "85",
    "r0_day": "2026-10-17",
    "r0_form": "线下",
    "r0_remark": "主题班会",
    "row_count": "1",
}


@pytest.fixture
def table(tree, city_officer):
    return stat_campaign(city_officer, tree.city, columns=simple_columns(), unit_kinds=["county_bureau", "school"])[1]


def test_a_school_fills_its_table_in_the_browser_form(tree, table, school_reporter, login):
    client = login(school_reporter)
    task = task_of(table, tree.school1)
    page = client.get(reverse("stat_fill", args=[task.pk]))
    assert page.status_code == 200 and 'name="r0_money"' in page.text and 'inputmode="decimal"' in page.text
    response = client.post(reverse("stat_fill", args=[task.pk]), GOOD)
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.status == TaskStatus.SUBMITTED
    assert StatReport.objects.get(unit=tree.school1).values.get(column__key="money").number == 123450
    assert "1234.50" in client.get(reverse("stat_fill", args=[task.pk])).text


def test_a_bad_cell_is_shown_beside_its_field_and_nothing_is_saved(tree, table, school_reporter, login):
    client = login(school_reporter)
    task = task_of(table, tree.school1)
    response = client.post(reverse("stat_fill", args=[task.pk]), GOOD | {"r0_money": "12.345", "r0_people": "-1"})
    assert response.status_code == 200
    assert "金额最多两位小数" in response.text and "不能为负数" in response.text
    assert "有 2 处需要改正,未保存任何数据" in response.text
    assert 'value="12.345"' in response.text  # what was typed is kept
    assert not StatReport.objects.exists()


def test_a_source_figure_is_shown_read_only_with_where_it_came_from(tree, city_officer, county_officer, login):
    _c, stat_table = stat_campaign(city_officer, tree.city, unit_kinds=["county_bureau"])
    page = login(county_officer).get(reverse("stat_fill", args=[task_of(stat_table, tree.county1).pk]))
    assert "自动取自「单位名册:学校数」" in page.text
    assert 'name="r0_schools"' not in page.text and 'name="r0_activities"' in page.text


def test_another_subtrees_task_and_table_ids_give_404(tree, table, city_officer, outsider, school_reporter, login):
    _c, county_table = stat_campaign(city_officer, tree.county1, columns=simple_columns())
    school1_task = task_of(table, tree.school1)
    client = login(outsider)
    for name in ("stat_fill", "stat_template", "stat_import"):
        assert client.get(reverse(name, args=[school1_task.pk])).status_code == 404
    assert client.post(reverse("stat_fill", args=[school1_task.pk]), GOOD).status_code == 404
    for name in ("stat_totals", "stat_export"):
        assert client.get(reverse(name, args=[county_table.pk])).status_code == 404
        assert client.get(reverse(name, args=[table.pk]) + f"?unit={tree.county1.pk}").status_code == 404
        assert client.get(reverse(name, args=[table.pk]) + "?unit=x").status_code == 404
    assert client.get(reverse("stat_define", args=[table.campaign_id])).status_code == 404
    assert client.get(reverse("stat_build", args=[table.campaign_id])).status_code == 404
    school = login(school_reporter)
    assert school.get(reverse("stat_define", args=[table.campaign_id])).status_code == 404
    assert school.get(reverse("stat_import", args=[task_of(table, tree.county1).pk])).status_code == 404
    assert not StatReport.objects.exists()


def test_the_issuing_offices_reviewer_sees_a_report_read_only(tree, table, school_reporter, make_user, login):
    task = task_of(table, tree.school1)
    ss.fill_report(by=school_reporter, task=task, rows=[{"activities": "2", "money": "10"}])
    page = login(make_user("city_reviewer", tree.city, "reviewer")).get(reverse("stat_fill", args=[task.pk]))
    assert page.status_code == 200 and "10.00" in page.text and 'name="r0_money"' not in page.text


def test_an_approved_report_is_shown_locked_and_refuses_a_post(tree, table, city_officer, school_reporter, login):
    task = task_of(table, tree.school1)
    ss.fill_report(by=school_reporter, task=task, rows=[{"activities": "2"}])
    ts.approve_submission(by=city_officer, task=task)
    client = login(school_reporter)
    page = client.get(reverse("stat_fill", args=[task.pk]))
    assert "已审核通过,数据已锁定" in page.text and 'name="r0_activities"' not in page.text
    client.post(reverse("stat_fill", args=[task.pk]), GOOD)
    assert StatReport.objects.get().values.get(column__key="activities").number == 2


def test_the_totals_page_drills_down_and_shows_where_a_parent_differs(
    tree, table, city_officer, county_officer, school_reporter, login, django_assert_max_num_queries
):
    ss.fill_report(by=school_reporter, task=task_of(table, tree.school1), rows=[{"activities": "3", "people": "120"}])
    ss.fill_report(by=county_officer, task=task_of(table, tree.county1), rows=[{"activities": "3", "people": "150"}])
    client = login(city_officer)
    with django_assert_max_num_queries(22):  # whatever the number of units (one more to read the choices made)
        page = client.get(reverse("stat_totals", args=[table.pk]))
    assert page.status_code == 200
    assert tree.county1.name in page.text and tree.county2.name in page.text
    assert "有 1 处上级填报数与下级合计不一致" in page.text and "+30" in page.text
    drill = client.get(reverse("stat_totals", args=[table.pk]) + f"?unit={tree.county1.pk}")
    assert tree.school1.name in drill.text and "东阳县教育局 填报数" in drill.text


def test_the_office_adds_a_ready_template_to_its_campaign(tree, table, city_officer, login):
    client = login(city_officer)
    assert "捐赠情况统计表" in client.get(reverse("stat_define", args=[table.campaign_id])).text
    response = client.post(reverse("stat_define", args=[table.campaign_id]), {"template": template("donation").pk})
    assert response.status_code == 302
    assert StatTable.objects.filter(campaign=table.campaign, code="donation").exists()
    listing = client.get(reverse("stat_tables", args=[table.campaign_id]))
    assert "捐赠情况统计表" in listing.text and "测试统计表" in listing.text


def test_the_office_builds_a_table_and_a_bad_column_is_named(tree, table, city_officer, login):
    client = login(city_officer)
    url = reverse("stat_build", args=[table.campaign_id])
    assert client.get(url).status_code == 200
    form = {
        "title": "宣传统计",
        "row_mode": "one_per_unit",
        "note": "",
        "col-TOTAL_FORMS": "3",
        "col-INITIAL_FORMS": "0",
    }
    columns = {
        "col-0-label": "宣传场次",
        "col-0-type": "integer",
        "col-1-label": "形式",
        "col-1-type": "choice",
        "col-1-choices": "",
        "col-2-label": "",
        "col-2-type": "integer",
    }
    bad = client.post(url, form | columns)
    assert "第2列 形式: 选项列须有" in bad.text
    good = client.post(url, form | columns | {"col-1-choices": "线上、线下"})
    assert good.status_code == 302
    built = StatTable.objects.get(title="宣传统计")
    assert [(c.label, c.choices) for c in built.columns.all()] == [("宣传场次", []), ("形式", ["线上", "线下"])]


def test_the_office_attaches_a_table_to_a_requirement(tree, table, city_officer, login):
    from fupin.campaigns.services import campaigns as cs

    requirement = cs.add_requirement(
        by=city_officer, campaign=table.campaign, kind="stat_table", title="补充统计", due_text="10月20日前"
    )
    client = login(city_officer)
    assert "补充统计" in client.get(reverse("stat_tables", args=[table.campaign_id])).text
    client.post(reverse("stat_attach", args=[requirement.pk]), {"table": table.pk})
    requirement.refresh_from_db()
    assert requirement.stat_table == table


def test_a_many_rows_form_gets_more_lines_on_request(tree, city_officer, county_officer, login):
    _c, stat_table = stat_campaign(
        city_officer, tree.city, table="designated_aid_donation", unit_kinds=["county_bureau"]
    )
    client = login(county_officer)
    url = reverse("stat_fill", args=[task_of(stat_table, tree.county1).pk])
    page = client.get(url)
    assert 'name="r2_donor"' in page.text and 'name="r3_donor"' not in page.text
    more = client.post(url, {"row_count": "3", "r0_donor": "东阳县教育局", "more": "1"})
    assert 'name="r7_donor"' in more.text and 'value="东阳县教育局"' in more.text
    assert not StatReport.objects.exists()


def test_the_tables_list_lists_a_units_own_reports_in_a_few_queries(
    tree, table, school_reporter, login, django_assert_max_num_queries
):
    client = login(school_reporter)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("stat_tables", args=[table.campaign_id]))
    assert page.status_code == 200
    assert reverse("stat_fill", args=[task_of(table, tree.school1).pk]) in page.text
    assert reverse("stat_define", args=[table.campaign_id]) not in page.text


def test_another_subtrees_campaign_and_requirement_ids_give_404_on_the_table_pages(
    tree, county_officer, outsider, login
):
    from fupin.campaigns.tests.factories import campaign_with_requirements

    other = campaign_with_requirements(outsider, tree.county2, publish=False)
    client = login(county_officer)
    assert client.get(reverse("stat_tables", args=[other.pk])).status_code == 404
    assert client.post(reverse("stat_attach", args=[other.requirements.get().pk]), {"table": 1}).status_code == 404
