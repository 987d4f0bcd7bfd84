"""Every campaign list page exports to .xlsx with `?format=xlsx`: its own rows and filters, a title row naming
the list, its scope and filters, Chinese headers, typed text never read as a formula, and the page's scope."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from fupin.campaigns.models import Campaign, Requirement, StatTable, Task
from fupin.campaigns.services import campaigns as cs
from fupin.campaigns.services import tasks as ts
from fupin.campaigns.tests.factories import campaign_with_requirements
from fupin.campaigns.tests.stat_factories import simple_columns, stat_campaign
from fupin.lib.tests.exported import FORMULA, XLSX, assert_text_not_formula, column, table, workbook
from fupin.orgs.models import Unit


@pytest.fixture
def campaign(tree, city_officer):
    campaign = campaign_with_requirements(city_officer, tree.city, title=FORMULA)
    Requirement.objects.filter(campaign=campaign).update(due_at=timezone.now() + timedelta(days=3))
    return campaign


def task(campaign, unit) -> Task:
    return Task.objects.get(requirement__campaign=campaign, unit=unit)


# campaign_list


def test_the_campaign_list_exports_the_campaigns_the_user_sees(tree, city_officer, outsider, login):
    campaign_with_requirements(city_officer, tree.city)
    cs.create_campaign(by=city_officer, unit=tree.city, year=2026, title=FORMULA)  # a draft: the city's own
    ws = workbook(login(city_officer).get(reverse("campaign_list"), XLSX)).active
    title, headers, _rows = table(ws)
    assert title == "清河市教育局 · 扶贫日活动"
    assert headers[:4] == ["活动", "年度", "第几个扶贫日", "发文单位"] and "状态" in headers
    assert sorted(column(ws, "状态")) == ["已发布", "草稿"]
    assert_text_not_formula(ws)
    outsiders = workbook(login(outsider).get(reverse("campaign_list"), XLSX)).active
    assert FORMULA not in column(outsiders, "活动")  # another office's draft is not in its list, nor its file


def test_every_list_page_links_to_its_export_keeping_the_query(tree, city_officer, campaign, login):
    client = login(city_officer)
    page = client.get(reverse("review_queue"), {"all": "1", "page": "2"}).content.decode()
    assert '<a class="btn secondary" href="?all=1&amp;format=xlsx">导出 Excel</a>' in page
    for url in (reverse("campaign_list"), reverse("stat_tables", args=[campaign.pk])):
        assert "format=xlsx" in client.get(url).content.decode()
    progress = client.get(reverse("campaign_progress", args=[campaign.pk]), {"unit": tree.county1.pk}).content
    assert f"?unit={tree.county1.pk}&amp;format=xlsx" in progress.decode()


# my_tasks


def test_my_tasks_exports_the_units_tasks_with_the_done_filter(tree, city_officer, school_reporter, campaign, login):
    done = campaign_with_requirements(city_officer, tree.city, title="计划")
    ts.submit_task(by=school_reporter, task=task(done, tree.school1), text="计划")
    ts.approve_submission(by=city_officer, task=task(done, tree.school1))
    client = login(school_reporter)
    ws = workbook(client.get(reverse("my_tasks"), XLSX)).active
    title, headers, _rows = table(ws)
    assert title == "东阳县第一中学 · 我的任务 · 任务范围:未完成"
    assert headers[:6] == ["任务", "类型", "活动", "发文单位", "单位", "截止时间"]
    assert column(ws, "任务") == [FORMULA] and column(ws, "状态") == ["待报送"]
    assert column(ws, "剩余时间")[0].startswith("还剩")
    assert_text_not_formula(ws)
    ws = workbook(client.get(reverse("my_tasks"), {"done": "1", **XLSX})).active
    assert table(ws)[0].endswith("任务范围:全部(含已通过)")
    assert sorted(column(ws, "任务")) == sorted([FORMULA, "计划"])


def test_my_tasks_export_holds_no_other_units_tasks(tree, campaign, outsider, login, make_user):
    reporter2 = make_user("reporter2", tree.school2, "reporter")
    assert table(workbook(login(outsider).get(reverse("my_tasks"), XLSX)).active)[2] == []
    ws = workbook(login(reporter2).get(reverse("my_tasks"), XLSX)).active
    assert column(ws, "单位") == [tree.school2.name]


# review_queue


def test_the_review_queue_exports_hand_ins_with_the_campaign_filter(
    tree, city_officer, county_officer, school_reporter, campaign, login, make_user
):
    ts.submit_task(by=make_user("r2", tree.school2, "reporter"), task=task(campaign, tree.school2), text="总结")
    child = cs.derive_child_campaign(by=county_officer, parent=campaign, unit=tree.county1)
    cs.add_requirement(
        by=county_officer, campaign=child, kind="plan", title="县级方案", due_text="10月10日前", unit_kinds=["school"]
    )
    cs.publish_campaign(by=county_officer, campaign=child)
    ts.submit_task(by=school_reporter, task=Task.objects.get(requirement__title="县级方案"), text="方案")
    client = login(city_officer)
    ws = workbook(client.get(reverse("review_queue"), XLSX)).active
    title, headers, _rows = table(ws)
    assert title == "清河市教育局 · 审核报送 · 活动范围:本单位发布或报送至本单位"
    assert headers[:5] == ["报送单位", "任务", "活动", "发文单位", "报送时间"]
    assert column(ws, "任务") == [FORMULA] and column(ws, "版本") == [1]
    assert_text_not_formula(ws)
    ws = workbook(client.get(reverse("review_queue"), {"all": "1", **XLSX})).active
    assert table(ws)[0].endswith("活动范围:含下级单位发布的活动")
    assert sorted(column(ws, "任务")) == sorted(["县级方案", FORMULA])


def test_the_review_queue_export_is_refused_like_the_page(school_reporter, login):
    assert login(school_reporter).get(reverse("review_queue"), XLSX).status_code == 404


# campaign_progress


def test_the_progress_export_has_units_missing_units_with_phones_and_requirements(tree, city_officer, campaign, login):
    Unit.objects.filter(pk=tree.school1.pk).update(contact_person=FORMULA, contact_phone="13800138001")
    Campaign.objects.filter(pk=campaign.pk).update(title=FORMULA)  # the title row is text too
    requirement = campaign.requirements.get()
    url = reverse("campaign_progress", args=[campaign.pk])
    query = {"unit": tree.county1.pk, "requirement": requirement.pk, **XLSX}
    book = workbook(login(city_officer).get(url, query))
    by_unit, missing, requirements = book.worksheets
    title, headers, rows = table(by_unit)
    assert title == f"{FORMULA} · 报送进度(按单位) · 范围:东阳县教育局 · 报送要求:{FORMULA}"
    assert by_unit["A1"].data_type == "s"
    assert headers[:4] == ["单位", "联系人", "联系电话", "应报"] and "报送率(%)" in headers
    assert column(by_unit, "单位") == [tree.school1.name]  # the filter: county 1 only, not school 2
    assert_text_not_formula(by_unit)
    title, headers, rows = table(missing)
    assert title.endswith(f"尚未报送的单位 · 范围:东阳县教育局 · 报送要求:{FORMULA}")
    assert headers == ["单位", "上级单位", "联系人", "联系电话", "状态"]
    assert rows == [[tree.school1.name, tree.county1.name, FORMULA, "13800138001", "待报送"]]
    assert_text_not_formula(missing)
    assert column(requirements, "报送要求") == [FORMULA] and column(requirements, "应报") == [1]


def test_the_progress_export_without_a_requirement_counts_every_county(tree, city_officer, campaign, login):
    book = workbook(login(city_officer).get(reverse("campaign_progress", args=[campaign.pk]), XLSX))
    assert [ws.title for ws in book.worksheets] == ["报送进度(按单位)", "各项报送要求"]
    ws = book.worksheets[0]
    assert table(ws)[0].endswith("范围:清河市教育局 · 报送要求:全部")
    assert sorted(column(ws, "单位")) == sorted([tree.county1.name, tree.county2.name])
    assert column(ws, "未报送") == [1, 1]


def test_the_progress_export_refuses_another_county_like_the_page(tree, county_officer, campaign, login):
    url = reverse("campaign_progress", args=[campaign.pk])
    assert login(county_officer).get(url, {"unit": tree.county2.pk, **XLSX}).status_code == 404


# stat_tables


def test_the_stat_tables_list_exports_the_campaigns_tables(tree, city_officer, login):
    campaign, stat_table = stat_campaign(city_officer, tree.city, columns=simple_columns())
    StatTable.objects.filter(pk=stat_table.pk).update(note=FORMULA)
    ws = workbook(login(city_officer).get(reverse("stat_tables", args=[campaign.pk]), XLSX)).active
    title, headers, _rows = table(ws)
    assert title == "2026年扶贫日活动统计 · 统计表"
    assert headers == ["统计表", "填报方式", "所属活动", "栏目", "已填报单位数", "填表说明"]
    assert column(ws, "统计表") == ["测试统计表"] and column(ws, "已填报单位数") == [0]
    assert column(ws, "栏目")[0].startswith("开展活动(次)、参与人数")
    assert_text_not_formula(ws)


def test_the_stat_tables_export_refuses_another_subtrees_campaign_like_the_page(tree, county_officer, outsider, login):
    other = campaign_with_requirements(outsider, tree.county2, publish=False)
    assert login(county_officer).get(reverse("stat_tables", args=[other.pk]), XLSX).status_code == 404
    assert login(outsider).get(reverse("stat_tables", args=[other.pk]), XLSX).status_code == 200
