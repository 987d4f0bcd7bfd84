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


def test_an_office_declares_relations_for_its_own_table_on_the_page_and_a_breaking_row_is_refused(
    tree, city_officer, school_reporter, login
):
    from django.urls import reverse

    from fupin.campaigns.models import StatTable
    from fupin.campaigns.services import campaigns as cs

    campaign, _ready = stat_campaign(city_officer, tree.city)
    page = {"title": "宣讲活动统计", "row_mode": "one_per_unit", "note": "", "col-TOTAL_FORMS": "4"}
    page |= {"col-INITIAL_FORMS": "0", "col-0-label": "参与人数", "col-0-type": "integer"}
    page |= {"col-1-label": "其中:学生", "col-1-type": "integer", "col-1-within": "1"}
    page |= {"col-2-label": "上午场", "col-2-type": "integer", "col-2-part_of": "1"}
    page |= {"col-3-label": "下午场", "col-3-type": "integer", "col-3-part_of": "1"}
    client = login(city_officer)
    wrong = client.post(reverse("stat_build", args=[campaign.pk]), page | {"col-1-within": "9"})
    assert "第2列 其中:学生: 「其中」或组成部分须指向本表另一个整数或金额列" in wrong.text
    assert client.post(reverse("stat_build", args=[campaign.pk]), page).status_code == 302
    table = StatTable.objects.get(title="宣讲活动统计")
    assert [(c.label, c.within, c.part_of) for c in table.columns.all()] == [
        ("参与人数", "", ""),
        ("其中:学生", "c1", ""),
        ("上午场", "", "c1"),
        ("下午场", "", "c1"),
    ]
    requirement = cs.add_requirement(
        by=city_officer, campaign=campaign, kind="stat_table", title="宣讲统计", due_text="10月19日前"
    )
    cs.update_requirement(by=city_officer, requirement=requirement, unit_kinds=["school"])
    stat_services.attach_table(by=city_officer, requirement=requirement, table=table)
    task = task_of(table, tree.school1)
    with pytest.raises(ValidationError) as refused:
        stat_services.fill_report(by=school_reporter, task=task, rows=[{"c1": 100, "c2": 120, "c3": 60, "c4": 30}])
    assert refused.value.messages == [
        "参与人数: 100 不等于「上午场」、「下午场」之和 90",
        "其中:学生: 「其中」120 超过「参与人数」100",
    ]
    assert not StatReport.objects.filter(table=table).exists()
