"""The rules of statistics tables, each test named after its rule."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from fupin.audit.models import AuditEvent
from fupin.campaigns.models import StatColumn, StatReport, StatTable, StatValue, Submission, TaskStatus
from fupin.campaigns.selectors import stats as sel
from fupin.campaigns.services import stats as ss
from fupin.campaigns.services import tasks as ts
from fupin.campaigns.services.stats import CellErrors, ColumnSpec
from fupin.campaigns.stat_templates import ensure_ready_templates
from fupin.campaigns.tests.stat_factories import simple_columns, stat_campaign, task_of, template
from fupin.orgs.tests.factories import make_user

GOOD = {
    "activities": "3",
    "people": "120",
    "money": "1,234.50",
    "rate": "85.5",
    "day": "2026年10月17日",
    "form": "线下",
    "remark": "主题班会",
}


def values_of(report) -> dict[str, object]:
    return {v.column.key: v.number if v.number is not None else (v.date or v.text) for v in report.values.all()}


def test_the_four_ready_templates_of_the_notices_exist_with_typed_columns(db):
    ensure_ready_templates()  # the data migration's rows are gone after a transactional test empties the tables
    titles = set(StatTable.objects.filter(campaign=None).values_list("title", flat=True))
    assert titles == {
        "捐赠情况统计表",
        "扶贫日活动情况统计表",
        "「结对帮扶活动月」活动开展情况统计表",
        "定点帮扶单位扶贫捐赠款物统计表",
    }
    donation = template("donation")
    assert donation.columns.get(key="money").type == "money"
    assert template("designated_aid_donation").row_mode == "many_rows"
    assert template("fupin_day_activity").columns.get(key="schools").source == "orgs.schools"


def test_copying_a_template_gives_the_campaign_its_own_table(tree, city_officer):
    _campaign, table = stat_campaign(city_officer, tree.city, table="donation")
    assert table.campaign is not None and table.code == "donation"
    assert list(table.columns.values_list("key", flat=True)) == list(
        template("donation").columns.values_list("key", flat=True)
    )
    assert AuditEvent.objects.filter(target_type="campaigns.stattable", target_id=str(table.pk)).exists()


def test_only_the_issuing_office_defines_a_table(tree, city_officer, school_reporter, outsider):
    campaign, _table = stat_campaign(city_officer, tree.city)
    for user in (school_reporter, outsider):
        with pytest.raises(PermissionDenied):
            ss.copy_template(by=user, campaign=campaign, template=template("donation"))


def test_a_column_with_bad_settings_is_refused_naming_the_column(tree, city_officer):
    campaign, _table = stat_campaign(city_officer, tree.city)
    columns = [
        ColumnSpec(label="参与人数", type="integer"),
        ColumnSpec(label="形式", type="choice", choices=[]),
        ColumnSpec(label="备注", type="text", source="orgs.schools"),
        ColumnSpec(label="参与人数", type="integer"),
    ]
    with pytest.raises(ValidationError) as exc:
        ss.define_table(by=city_officer, campaign=campaign, title="自定义表", columns=columns)
    text = " ".join(exc.value.messages)
    assert "第2列 形式: 选项列须有" in text
    assert "第3列 备注: 只有" in text
    assert "列名「参与人数」重复" in text


def test_filling_a_report_hands_in_its_task_with_the_figures(tree, city_officer, school_reporter):
    _c, table = stat_campaign(city_officer, tree.city, columns=simple_columns())
    task = task_of(table, tree.school1)
    report = ss.fill_report(by=school_reporter, task=task, rows=[GOOD])
    task.refresh_from_db()
    assert task.status == TaskStatus.SUBMITTED
    assert report.task == task
    values = values_of(report)
    assert values["money"] == 123450 and values["rate"] == 8550 and str(values["day"]) == "2026-10-17"
    text = Submission.objects.get(task=task).text
    assert "帮扶资金(元):1234.50" in text and "参与人数:120" in text


def test_money_with_more_than_two_decimals_is_refused(tree, city_officer, school_reporter):
    _c, table = stat_campaign(city_officer, tree.city, columns=simple_columns())
    task = task_of(table, tree.school1)
    with pytest.raises(CellErrors) as exc:
        ss.fill_report(by=school_reporter, task=task, rows=[GOOD | {"money": "12.345"}])
    assert exc.value.messages == ["帮扶资金(元): 金额最多两位小数(精确到分),「12.345」有 3 位"]
    assert not StatReport.objects.exists()
    task.refresh_from_db()
    assert task.status == TaskStatus.PENDING


def test_every_bad_cell_is_listed_and_nothing_is_written(tree, city_officer, school_reporter):
    _c, table = stat_campaign(city_officer, tree.city, columns=simple_columns())
    task = task_of(table, tree.school1)
    ss.fill_report(by=school_reporter, task=task, rows=[GOOD])
    bad = {"activities": "", "people": "-3", "rate": "120", "day": "10月17日", "form": "现场"}
    with pytest.raises(CellErrors) as exc:
        ss.fill_report(by=school_reporter, task=task, rows=[GOOD | bad])
    assert [p.column.key for p in exc.value.problems] == ["activities", "people", "rate", "day", "form"]
    assert values_of(StatReport.objects.get())["people"] == 120
    assert Submission.objects.filter(task=task).count() == 1


def test_a_source_figure_is_prefilled_and_not_retyped(tree, city_officer, county_officer):
    _c, table = stat_campaign(city_officer, tree.city, unit_kinds=["county_bureau"])
    task = task_of(table, tree.county1)
    sheet = sel.report_sheet(task)
    schools = next(c for c in sheet.rows[0] if c.column.key == "schools")
    assert (schools.value, schools.source_label) == (1, "单位名册:学校数")
    assert "schools" not in {c.key for c in sheet.input_columns}
    report = ss.fill_report(
        by=county_officer, task=task, rows=[{"schools": "99", "activities": "5", "participants": "300"}]
    )
    assert values_of(report)["schools"] == 1  # the registry's figure, not what was typed


def test_an_approved_report_is_locked(tree, city_officer, school_reporter):
    _c, table = stat_campaign(city_officer, tree.city, columns=simple_columns())
    task = task_of(table, tree.school1)
    ss.fill_report(by=school_reporter, task=task, rows=[GOOD])
    ts.approve_submission(by=city_officer, task=task)
    assert sel.report_sheet(task).locked
    with pytest.raises(ValidationError, match="锁定"):
        ss.fill_report(by=school_reporter, task=task, rows=[GOOD | {"people": "999"}])
    ts.reopen_task(by=city_officer, task=task, reason="人数有误,请更正")
    ss.fill_report(by=school_reporter, task=task, rows=[GOOD | {"people": "150"}])
    assert values_of(StatReport.objects.get())["people"] == 150
    assert Submission.objects.filter(task=task).count() == 2  # every version kept


def test_only_the_unit_itself_fills_its_report(tree, city_officer, school_reporter):
    _c, table = stat_campaign(city_officer, tree.city, columns=simple_columns())
    with pytest.raises(PermissionDenied):
        ss.fill_report(by=school_reporter, task=task_of(table, tree.school2), rows=[GOOD])
    viewer = make_user("viewer", tree.school1, "viewer")
    with pytest.raises(PermissionDenied):
        ss.fill_report(by=viewer, task=task_of(table, tree.school1), rows=[GOOD])


def _county_and_schools(tree, city_officer):
    """The city asks the county bureaus and the schools: a county reports its area, its schools the detail."""
    return stat_campaign(city_officer, tree.city, columns=simple_columns(), unit_kinds=["county_bureau", "school"])


def test_a_parents_figure_equals_the_sum_of_its_children(tree, city_officer, school_reporter, county_officer):
    _c, table = _county_and_schools(tree, city_officer)
    ss.fill_report(by=school_reporter, task=task_of(table, tree.school1), rows=[GOOD])
    sheet = sel.report_sheet(task_of(table, tree.county1))
    people = next(c for c in sheet.rows[0] if c.column.key == "people")
    assert (people.value, people.below) == (120, "120")  # prefilled from the schools below
    rows = [{c.column.key: c.text for c in sheet.rows[0]}]
    ss.fill_report(by=county_officer, task=task_of(table, tree.county1), rows=rows)
    assert sel.total_mismatches(table, tree.city) == []
    people_col = table.columns.get(key="people")
    assert (
        sel.subtree_totals(table, tree.county1)[people_col.pk] == sel.below_totals(table, tree.county1)[people_col.pk]
    )


def test_a_parent_figure_that_differs_from_its_children_is_listed(tree, city_officer, school_reporter, county_officer):
    _c, table = _county_and_schools(tree, city_officer)
    ss.fill_report(by=school_reporter, task=task_of(table, tree.school1), rows=[GOOD])
    ss.fill_report(by=county_officer, task=task_of(table, tree.county1), rows=[GOOD | {"people": "150"}])
    mismatches = sel.total_mismatches(table, tree.city)
    assert [(m.unit, m.column.key, m.reported, m.below) for m in mismatches] == [(tree.county1, "people", 150, 120)]
    assert mismatches[0].texts == ("150", "120", "+30")
    assert sel.total_mismatches(table, tree.county2) == []


def test_no_figure_counts_twice_at_any_depth(tree, city_officer, school_reporter, county_officer, make_user):
    _c, table = _county_and_schools(tree, city_officer)
    ss.fill_report(by=school_reporter, task=task_of(table, tree.school1), rows=[GOOD])
    ss.fill_report(by=county_officer, task=task_of(table, tree.county1), rows=[GOOD | {"people": "150"}])
    reporter2 = make_user("reporter2", tree.school2, "reporter")
    ss.fill_report(by=reporter2, task=task_of(table, tree.school2), rows=[GOOD | {"people": "40"}])
    people = table.columns.get(key="people").pk
    assert sel.subtree_totals(table, tree.city)[people] == 150 + 40  # county 1's own figure, school 2's
    assert sel.child_totals(table, tree.city)[tree.county1.path][people] == 150
    assert sel.child_totals(table, tree.county1)[tree.school1.path][people] == 120
    assert sel.subtree_totals(table, tree.school1)[people] == 120


def test_totals_take_one_query_whatever_the_depth(tree, city_officer, school_reporter, django_assert_num_queries):
    _c, table = _county_and_schools(tree, city_officer)
    ss.fill_report(by=school_reporter, task=task_of(table, tree.school1), rows=[GOOD])
    with django_assert_num_queries(2):  # the figures, and the office's choices where a parent differs
        sel.subtree_totals(table, tree.city)
    with django_assert_num_queries(2):
        sel.child_totals(table, tree.city)


def test_a_many_rows_table_adds_up_every_row(tree, city_officer, county_officer, outsider):
    _c, table = stat_campaign(city_officer, tree.city, table="designated_aid_donation", unit_kinds=["county_bureau"])
    row = {
        "donor": "东阳县教育局",
        "recipient": "石桥东村",
        "donated_on": "2026-10-17",
        "kind": "资金",
        "money": "5000",
    }
    ss.fill_report(
        by=county_officer,
        task=task_of(table, tree.county1),
        rows=[row, {}, row | {"kind": "物资", "money": "", "goods_value": "800.5"}],
    )
    ss.fill_report(by=outsider, task=task_of(table, tree.county2), rows=[row | {"money": "1000"}])
    money = table.columns.get(key="money").pk
    goods = table.columns.get(key="goods_value").pk
    totals = sel.subtree_totals(table, tree.city)
    assert totals[money] == 600000 and totals[goods] == 80050
    assert StatValue.objects.filter(report__unit=tree.county1).values("row").distinct().count() == 2


def test_a_bad_row_of_a_many_rows_table_is_named_by_its_number(tree, city_officer, county_officer):
    _c, table = stat_campaign(city_officer, tree.city, table="designated_aid_donation", unit_kinds=["county_bureau"])
    row = {"donor": "东阳县教育局", "recipient": "石桥东村", "donated_on": "2026-10-17", "kind": "资金"}
    with pytest.raises(CellErrors) as exc:
        ss.fill_report(by=county_officer, task=task_of(table, tree.county1), rows=[row, row | {"kind": "现金"}])
    assert exc.value.messages == ["第2行 款物类别: 应为以下之一:资金、物资、资金和物资"]


def test_a_report_states_nothing_until_something_is_filled(tree, city_officer, school_reporter):
    _c, table = stat_campaign(city_officer, tree.city, columns=simple_columns()[1:])
    with pytest.raises(ValidationError, match="请至少填写一项"):
        ss.fill_report(by=school_reporter, task=task_of(table, tree.school1), rows=[{}])


def test_a_requirement_takes_a_table_of_its_campaign_or_one_above(tree, city_officer, county_officer):
    from fupin.campaigns.services import campaigns as cs

    campaign, table = stat_campaign(city_officer, tree.city)
    child = cs.derive_child_campaign(by=county_officer, parent=campaign, unit=tree.county1)
    requirement = cs.add_requirement(
        by=county_officer, campaign=child, kind="stat_table", title="统计", due_text="10月15日前"
    )
    ss.attach_table(by=county_officer, requirement=requirement, table=table)
    assert requirement.stat_table == table
    with pytest.raises(ValidationError, match="本活动或上级活动"):
        ss.attach_table(by=county_officer, requirement=requirement, table=template("donation"))
    assert StatColumn.objects.filter(table=table).count() == template("fupin_day_activity").columns.count()


def test_the_photo_count_comes_from_the_campaigns_hand_ins(tree, city_officer, school_reporter, settings, tmp_path):
    from fupin.campaigns.services import campaigns as cs
    from fupin.campaigns.tests.factories import photo

    settings.MEDIA_ROOT = tmp_path
    campaign, table = stat_campaign(city_officer, tree.city)
    photos = cs.add_requirement(
        by=city_officer,
        campaign=campaign,
        kind="photos",
        title="活动照片",
        due_text="10月19日前",
        unit_kinds=["school"],
    )
    photo_task = photos.tasks.get(unit=tree.school1)
    ts.submit_task(by=school_reporter, task=photo_task, uploads=[photo("a.jpg"), photo("b.jpg", 2000, 1500)])
    sheet = sel.report_sheet(task_of(table, tree.school1))
    assert sheet.sources[table.columns.get(key="photos").pk] == ("本活动报送:活动照片张数", 2)
    assert sel.report_sheet(task_of(table, tree.school2)).sources[table.columns.get(key="photos").pk][1] == 0


def test_who_changed_which_figure_is_recorded(tree, city_officer, school_reporter):
    _c, table = stat_campaign(city_officer, tree.city, columns=simple_columns())
    task = task_of(table, tree.school1)
    ss.fill_report(by=school_reporter, task=task, rows=[GOOD])
    ss.fill_report(by=school_reporter, task=task, rows=[GOOD | {"money": "2000"}])
    event = AuditEvent.objects.filter(target_type="campaigns.statreport").order_by("-id").first()
    assert event.actor == school_reporter and event.unit_path == tree.school1.path
    assert event.changes == {"帮扶资金(元)": ["1234.50", "2000.00"]}


def test_a_report_after_entry_has_closed_is_refused_and_nothing_is_written(tree, city_officer, school_reporter):
    from fupin.campaigns.tests.factories import due

    _c, table = stat_campaign(city_officer, tree.city, columns=simple_columns(), close_after_days=2)
    with pytest.raises(ValidationError, match="停止接收"):
        ss.fill_report(by=school_reporter, task=task_of(table, tree.school1), rows=[GOOD], at=due(10, 23))
    assert not StatReport.objects.exists()
    ss.fill_report(by=school_reporter, task=task_of(table, tree.school1), rows=[GOOD], at=due(10, 21))
    assert task_of(table, tree.school1).status == TaskStatus.SUBMITTED  # late, still accepted
