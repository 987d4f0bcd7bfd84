"""Statistics tables as Excel forms: the office's export, a unit's template and its import (all or nothing)."""

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from fupin.campaigns.models import StatReport
from fupin.campaigns.services import stats as ss
from fupin.campaigns.services import tasks as ts
from fupin.campaigns.stat_sheet import SheetCellErrors, import_report_sheet
from fupin.campaigns.tests.stat_factories import simple_columns, stat_campaign, task_of
from fupin.lib.xlsx import SheetError

HEADER = ["开展活动(次)*", "参与人数", "帮扶资金(元)", "覆盖率(%)", "活动日期", "活动形式", "备注"]


@pytest.fixture
def table(tree, city_officer):
    return stat_campaign(city_officer, tree.city, columns=simple_columns(), unit_kinds=["county_bureau", "school"])[1]


def sheet(rows: list[list], *, above: list[list] = ()) -> bytes:
    book = Workbook()
    ws = book.active
    for row in [*above, HEADER, *rows]:
        ws.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload(client, task, data: bytes, name: str = "统计表.xlsx"):
    return client.post(reverse("stat_import", args=[task.pk]), {"file": SimpleUploadedFile(name, data)})


def cells(book) -> list[list]:
    return [[c.value for c in row] for row in book.active.iter_rows()]


def test_the_export_is_a_government_form_that_opens_in_openpyxl(tree, table, city_officer, school_reporter, login):
    rows = [
        {"activities": "3", "people": "120", "money": "1234.5", "rate": "85", "day": "2026-10-17", "remark": "=1+1"}
    ]
    ss.fill_report(by=school_reporter, task=task_of(table, tree.school1), rows=rows)
    response = login(city_officer).get(reverse("stat_export", args=[table.pk]))
    assert response.status_code == 200
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.content))
    grid = cells(book)
    assert grid[0][0] == "测试统计表"
    assert grid[1][0] == "填报单位:清河市教育局" and any(str(v).startswith("填报日期:") for v in grid[1] if v)
    header = next(i for i, r in enumerate(grid) if r[0] == "序号")
    assert grid[header][1:9] == ["单位", *(h.rstrip("*") for h in HEADER), "填报情况"][:8]
    body = {r[1]: r for r in grid[header + 1 :]}
    school = body["东阳县第一中学"]
    assert school[4] == Decimal("1234.5") or school[4] == 1234.5
    money_cell = book.active.cell(header + 1 + list(body).index("东阳县第一中学") + 1, 5)
    assert money_cell.number_format == "#,##0.00" and money_cell.data_type == "n"
    remark_cell = book.active.cell(money_cell.row, 9)
    assert remark_cell.value == "=1+1" and remark_cell.data_type == "s"  # text, never a live formula
    assert body["东阳县教育局"][-1] == "未填报" and body["西川县第一中学"][-1] == "未填报"
    total = grid[-1]
    assert total[0] == "合计" and total[2] == 3 and total[3] == 120 and float(total[4]) == 1234.5
    assert total[5] is None  # a percentage does not add up


def test_a_filled_template_imports_back_the_same_figures(tree, table, school_reporter, login):
    client = login(school_reporter)
    task = task_of(table, tree.school1)
    template = client.get(reverse("stat_template", args=[task.pk]))
    book = load_workbook(io.BytesIO(template.content))
    grid = cells(book)
    assert grid[1][0] == "填报单位:东阳县第一中学(QH-DY-S01)"
    header = next(i for i, r in enumerate(grid) if r[0] == "开展活动(次)*")
    for col, value in enumerate([5, 300, 88.8, 12.5, "2026年10月17日", "线上", "国旗下讲话"], start=1):
        book.active.cell(header + 2, col, value)
    out = io.BytesIO()
    book.save(out)
    assert upload(client, task, out.getvalue()).status_code == 302
    report = StatReport.objects.get(unit=tree.school1)
    stored = {v.column.key: v.number if v.number is not None else (v.date or v.text) for v in report.values.all()}
    assert stored == {
        "activities": 5,
        "people": 300,
        "money": 8880,
        "rate": 1250,
        "day": stored["day"],
        "form": "线上",
        "remark": "国旗下讲话",
    }
    assert str(stored["day"]) == "2026-10-17"
    again = load_workbook(io.BytesIO(client.get(reverse("stat_template", args=[task.pk])).content))
    assert cells(again)[header + 1][:3] == [5, 300, 88.8]


def test_import_bad_cells_write_nothing_and_name_row_and_column(tree, table, school_reporter, login):
    client = login(school_reporter)
    task = task_of(table, tree.school1)
    data = sheet(
        [[3, -5, "12.345", 101, "2026-02-30", "现场", ""]],
        above=[["测试统计表"], ["填报单位:东阳县第一中学(QH-DY-S01)"]],
    )
    page = upload(client, task, data)
    assert page.status_code == 200
    for message in (
        "第4行 第2列 参与人数: 不能为负数",
        "第4行 第3列 帮扶资金(元): 金额最多两位小数(精确到分),「12.345」有 3 位",
        "第4行 第4列 覆盖率(%): 百分比应在 0 到 100 之间",
        "第4行 第5列 活动日期: 「2026-02-30」不是有效日期",
        "第4行 第6列 活动形式: 应为以下之一:线上、线下",
        "发现 5 处问题,未导入任何数据",
    ):
        assert message in page.text
    assert not StatReport.objects.exists()


def test_a_sheet_for_another_unit_is_refused_whole(tree, table, school_reporter):
    data = sheet([[3]], above=[["测试统计表"], ["填报单位:西川县第一中学(QH-XC-S01)", None, "填报日期:2026年10月18日"]])
    with pytest.raises(SheetError, match="第2行 填报单位: 表中是「西川县第一中学"):
        import_report_sheet(by=school_reporter, task=task_of(table, tree.school1), data=data)
    assert not StatReport.objects.exists()


def test_renamed_headers_are_listed_expected_against_found(tree, table, school_reporter):
    book = Workbook()
    book.active.append(["开展活动次数", "参与人数"])
    book.active.append([3, 4])
    out = io.BytesIO()
    book.save(out)
    with pytest.raises(SheetError, match="缺少 开展活动\\(次\\)、帮扶资金"):
        import_report_sheet(by=school_reporter, task=task_of(table, tree.school1), data=out.getvalue())


def test_a_csv_renamed_to_xlsx_is_refused_with_the_reason(tree, table, school_reporter, login):
    page = upload(
        login(school_reporter), task_of(table, tree.school1), "开展活动(次),参与人数\n3,4\n".encode("gb18030")
    )
    assert "文件不是 .xlsx 格式" in page.text
    assert not StatReport.objects.exists()


def test_excel_error_values_are_cell_errors(tree, table, school_reporter):
    data = sheet([[3, "#REF!", 10]])
    with pytest.raises(SheetCellErrors) as exc:
        import_report_sheet(by=school_reporter, task=task_of(table, tree.school1), data=data)
    assert exc.value.errors == ["第2行 第2列 参与人数: 单元格是错误值 #REF!,请填写实际内容"]


def test_a_one_row_table_refuses_a_second_row(tree, table, school_reporter):
    with pytest.raises(SheetError, match="本表每个单位只填一行,第3行起多出 1 行"):
        import_report_sheet(by=school_reporter, task=task_of(table, tree.school1), data=sheet([[3], [4]]))


def test_a_source_column_in_a_sheet_is_not_read(tree, city_officer, county_officer):
    _c, stat_table = stat_campaign(city_officer, tree.city, unit_kinds=["county_bureau"])
    columns = list(stat_table.columns.exclude(source__in=["campaigns.photos"]))
    book = Workbook()
    book.active.append([c.label for c in columns])
    book.active.append([{"schools": 99, "activities": 4, "participants": 200}.get(c.key) for c in columns])
    out = io.BytesIO()
    book.save(out)
    report = import_report_sheet(by=county_officer, task=task_of(stat_table, tree.county1), data=out.getvalue())
    assert report.values.get(column__key="schools").number == 1


def test_an_approved_report_refuses_an_import(tree, table, city_officer, school_reporter):
    task = task_of(table, tree.school1)
    ss.fill_report(by=school_reporter, task=task, rows=[{"activities": "2"}])
    ts.approve_submission(by=city_officer, task=task)
    with pytest.raises(Exception, match="锁定"):
        import_report_sheet(by=school_reporter, task=task, data=sheet([[9]]))
    assert StatReport.objects.get().values.get(column__key="activities").number == 2


def test_a_many_rows_sheet_imports_every_line_up_to_the_total(tree, city_officer, county_officer, login):
    _c, stat_table = stat_campaign(
        city_officer, tree.city, table="designated_aid_donation", unit_kinds=["county_bureau"]
    )
    task = task_of(stat_table, tree.county1)
    template = load_workbook(io.BytesIO(login(county_officer).get(reverse("stat_template", args=[task.pk])).content))
    ws = template.active
    header = next(i for i, r in enumerate(cells(template), start=1) if r[0] == "捐赠单位(个人)*")
    ws.cell(header + 1, 1, "东阳县教育局"), ws.cell(header + 1, 2, "石桥东村"), ws.cell(header + 1, 3, "2026/10/16")
    ws.cell(header + 1, 4, "资金"), ws.cell(header + 1, 5, 5000)
    ws.cell(header + 3, 1, "张三"), ws.cell(header + 3, 2, "石桥东村李某户"), ws.cell(header + 3, 3, "2026.10.17")
    ws.cell(header + 3, 4, "物资"), ws.cell(header + 3, 6, "大米 50 袋"), ws.cell(header + 3, 7, 1500)
    ws.cell(header + 5, 1, "合计"), ws.cell(header + 5, 5, 5000)
    out = io.BytesIO()
    template.save(out)
    report = import_report_sheet(by=county_officer, task=task, data=out.getvalue())
    assert report.values.filter(column__key="donor").count() == 2
    assert report.values.get(column__key="goods_value").number == 150000


def test_a_units_template_shows_the_source_figures_marked_automatic(tree, city_officer, county_officer, login):
    _c, stat_table = stat_campaign(city_officer, tree.city, unit_kinds=["county_bureau"])
    task = task_of(stat_table, tree.county1)
    grid = cells(load_workbook(io.BytesIO(login(county_officer).get(reverse("stat_template", args=[task.pk])).content)))
    header = next(i for i, r in enumerate(grid) if r[0] == "学校数(自动)")
    assert grid[header][1] == "开展活动(次)*"
    assert grid[header + 1][0] == 1  # the registry's count, already there


def test_a_many_rows_export_lists_every_item_with_its_unit_and_the_total(tree, city_officer, county_officer, outsider):
    from fupin.campaigns.stat_sheet import export_table

    _c, stat_table = stat_campaign(
        city_officer, tree.city, table="designated_aid_donation", unit_kinds=["county_bureau"]
    )
    row = {
        "donor": "东阳县教育局",
        "recipient": "石桥东村",
        "donated_on": "2026-10-17",
        "kind": "资金",
        "money": "5000",
    }
    ss.fill_report(by=county_officer, task=task_of(stat_table, tree.county1), rows=[row, row | {"money": "0.5"}])
    grid = cells(load_workbook(io.BytesIO(export_table(stat_table, tree.city))))
    header = next(i for i, r in enumerate(grid) if r[0] == "序号")
    body = grid[header + 1 : -1]
    assert [(r[1], r[-1]) for r in body] == [("东阳县教育局", None), ("东阳县教育局", None), ("西川县教育局", "未填报")]
    assert body[0][4] == "2026-10-17" or str(body[0][4]).startswith("2026-10-17")
    assert grid[-1][0] == "合计" and float(grid[-1][6]) == 5000.5
