"""Statistics tables declare relations between columns: 「其中」 never exceeds its total, and the parts of a
whole add up to it; a row breaking one is refused naming the cell, and nothing is written."""

import pytest
from django.core.exceptions import ValidationError

from fupin.campaigns.models import StatColumn, StatReport, Submission
from fupin.campaigns.services import stats as stat_services
from fupin.campaigns.services.stats import ColumnSpec
from fupin.campaigns.tests.stat_factories import stat_campaign, task_of

PARTS = [
    ColumnSpec(label="受助学生(人)", type="integer", key="total"),
    ColumnSpec(label="男生", type="integer", key="boys", part_of="total"),
    ColumnSpec(label="女生", type="integer", key="girls", part_of="total"),
    ColumnSpec(label="资助金额(元)", type="money", key="money"),
    ColumnSpec(label="其中:生活补助(元)", type="money", key="living", within="money"),
]


def test_a_其中_above_its_total_is_refused_naming_the_cell(tree, city_officer, school_reporter):
    _campaign, table = stat_campaign(city_officer, tree.city)
    row = {"activities": 4, "class_meetings": 2, "participants": 500, "students": 520}
    with pytest.raises(ValidationError) as refused:
        stat_services.fill_report(by=school_reporter, task=task_of(table, tree.school1), rows=[row])
    assert refused.value.messages == ["其中:参与学生(人次): 「其中」520 超过「参与师生(人次)」500"]
    assert not StatReport.objects.exists() and not Submission.objects.exists()


def test_parts_that_do_not_add_up_to_their_whole_are_refused_naming_the_row(tree, city_officer, school_reporter):
    _campaign, table = stat_campaign(city_officer, tree.city, columns=PARTS, row_mode="many_rows")
    rows = [
        {"total": 10, "boys": 4, "girls": 6, "money": "1000", "living": "400"},
        {"total": 10, "boys": 4, "girls": 5, "money": "800", "living": "900.50"},
    ]
    with pytest.raises(ValidationError) as refused:
        stat_services.fill_report(by=school_reporter, task=task_of(table, tree.school1), rows=rows)
    assert refused.value.messages == [
        "第2行 受助学生(人): 10 不等于「男生」、「女生」之和 9",
        "第2行 其中:生活补助(元): 「其中」900.50 超过「资助金额(元)」800.00",
    ]
    assert not StatReport.objects.exists()


def test_a_row_that_keeps_every_relation_is_stored(tree, city_officer, school_reporter):
    _campaign, table = stat_campaign(city_officer, tree.city, columns=PARTS, row_mode="many_rows")
    rows = [{"total": 10, "boys": 4, "girls": 6, "money": "1000", "living": "1000"}, {"total": 3, "boys": 3}]
    report = stat_services.fill_report(by=school_reporter, task=task_of(table, tree.school1), rows=rows)
    assert report.values.count() == 7


def test_a_relation_must_name_another_counted_column_of_the_table(tree, city_officer):
    columns = [*PARTS, ColumnSpec(label="备注", type="text", key="remark", within="total")]
    with pytest.raises(ValidationError) as refused:
        stat_campaign(city_officer, tree.city, columns=columns)
    assert refused.value.messages == ["第6列 备注: 「其中」或组成部分须指向本表另一个整数或金额列"]


def test_a_column_cannot_be_both_a_part_and_a_其中_in_the_database(tree, city_officer):
    _campaign, table = stat_campaign(city_officer, tree.city, columns=PARTS)
    column = StatColumn.objects.get(table=table, key="boys")
    column.within = "total"
    with pytest.raises(ValidationError) as refused:
        column.validate_constraints()
    assert refused.value.messages == ["一列只能是另一列的「其中」或组成部分之一,不能两者都是"]


def test_a_campaigns_copy_of_a_ready_template_keeps_its_relations(tree, city_officer):
    _campaign, table = stat_campaign(city_officer, tree.city)
    assert dict(table.columns.exclude(within="").values_list("key", "within")) == {
        "class_meetings": "activities",
        "students": "participants",
    }
