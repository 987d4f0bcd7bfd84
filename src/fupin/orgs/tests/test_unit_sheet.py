"""Importing and exporting the unit tree as an Excel sheet: all or nothing, every problem named by row and field."""

import io
import zipfile

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import Workbook, load_workbook

from fupin.audit.models import AuditEvent
from fupin.lib.xlsx import SheetError
from fupin.orgs import services
from fupin.orgs.models import Unit
from fupin.orgs.policy import grants
from fupin.orgs.unit_sheet import SheetRowErrors, export_units, import_unit_sheet

HEADER = ["单位代码", "单位名称", "上级单位代码", "单位类型", "学段", "城乡", "联系人", "联系电话", "电子邮箱"]
FIRST = 3  # the first data row of `sheet()`: a title row, then the header
EVIL = '=HYPERLINK("http://evil","点我")'


def unit_row(code, name, parent, kind, stage="", area="", person="", phone="", email=""):
    return [code, name, parent, kind, stage, area, person, phone, email]


def sheet(*rows, header=HEADER, title="单位名册", offset=(0, 0)) -> bytes:
    """An .xlsx in the import layout; every string is written as text, so `=...` stays text.

    offset=(r, c) leaves r empty rows above and c empty columns to the left, as hand-made sheets do.
    """
    book = Workbook()
    ws = book.active
    lines = ([[title]] if title else []) + [header, *rows]
    for r, line in enumerate(lines, start=1 + offset[0]):
        for c, value in enumerate(line, start=1 + offset[1]):
            put(ws.cell(r, c), value)
    return save(book)


def put(cell, value) -> None:
    cell.value = value
    if isinstance(value, str) and value:
        cell.data_type = "s"  # openpyxl would otherwise make "=..." a formula and "#REF!" an error


def save(book) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def refused_rows(by, data) -> list[str]:
    with pytest.raises(SheetRowErrors) as caught:
        import_unit_sheet(by=by, data=data, filename="单位.xlsx")
    return caught.value.errors


def refused_file(by, data) -> str:
    with pytest.raises(SheetError) as caught:
        import_unit_sheet(by=by, data=data, filename="单位.xlsx")
    return str(caught.value)


def written():
    """What an import could write: every unit as it is, and the length of the audit trail."""
    return list(Unit.objects.order_by("pk").values()), AuditEvent.objects.count()


# --- a good sheet -------------------------------------------------------------------------------------------


def test_a_good_sheet_creates_a_county_subtree_and_updates_units_by_code(tree, city_officer):
    before = AuditEvent.objects.count()
    data = sheet(
        unit_row("QH-NX-T1-V1", "南溪村", "QH-NX-T1", "村", area="农村"),  # before its parent: order is free
        unit_row("QH-NX", "南溪县教育局", "QH", "县(区)教育局"),
        unit_row("QH-NX-S01", "南溪县实验小学", "QH-NX", "学校", "小学", "城区", "王老师", "13900000001"),
        unit_row("QH-NX-T1", "南溪县河口镇", "QH-NX", "乡镇"),
        unit_row("QH-DY-S01", "东阳县第一中学", "QH-DY", "学校", "中学", "城区", "李主任", "0571-88886666"),
    )
    result = import_unit_sheet(by=city_officer, data=data, filename="单位.xlsx")

    assert sorted(u.code for u in result.created) == ["QH-NX", "QH-NX-S01", "QH-NX-T1", "QH-NX-T1-V1"]
    assert [u.code for u in result.updated] == ["QH-DY-S01"]
    county, school, town, village = (
        Unit.objects.get(code=c) for c in ("QH-NX", "QH-NX-S01", "QH-NX-T1", "QH-NX-T1-V1")
    )
    assert county.parent_id == tree.city.pk and county.kind == "county_bureau"
    assert (school.kind, school.stage, school.area, school.contact_phone) == (
        "school",
        "primary",
        "urban",
        "13900000001",
    )
    assert village.parent_id == town.pk and village.path.startswith(town.path) and town.path.startswith(county.path)
    assert (village.depth, village.area) == (3, "rural")
    updated = Unit.objects.get(pk=tree.school1.pk)
    assert (updated.contact_person, updated.contact_phone, updated.parent_id) == (
        "李主任",
        "0571-88886666",
        tree.county1.pk,
    )

    events = AuditEvent.objects.order_by("pk")[before:]
    assert [e.action for e in events] == ["update", "import"]  # one event for the import, with its counts
    imported = events[1]
    assert imported.actor == city_officer and "新增 4 个,更新 1 个" in imported.note
    assert imported.changes == {"units_created": [None, 4], "units_updated": [None, 1]}


def test_labels_may_be_typed_with_full_width_brackets_spaces_or_as_code_values(tree, city_officer):
    data = sheet(
        unit_row("QH-NX", "南溪县教育局", "QH", "县（区）教育局 "),
        unit_row("QH-NX-S01", "南溪县职业中学", "QH-NX", "school", "vocational", "rural"),
        header=[
            "*单位代码",
            "*单位名称",
            "*上级单位代码",
            "*单位类型",
            "学段",
            "城乡",
            "联系人",
            "联系电话",
            "电子邮箱",
        ],
    )
    import_unit_sheet(by=city_officer, data=data)
    school = Unit.objects.get(code="QH-NX-S01")
    assert (school.parent.kind, school.stage, school.area) == ("county_bureau", "vocational", "rural")


def test_full_width_digits_in_a_code_or_phone_are_folded_to_ascii(tree, county_officer):
    data = sheet(
        unit_row("ＱＨ-ＤＹ-Ｓ０２", "东阳县第二小学", "QH-DY", "学校", "小学", phone="１３９００００００００")
    )
    import_unit_sheet(by=county_officer, data=data)
    school = Unit.objects.get(code="QH-DY-S02")
    assert school.contact_phone == "13900000000"


def test_row_numbers_are_the_sheets_own_when_it_starts_lower_and_further_right(tree, county_officer):
    before = written()
    data = sheet(unit_row("QH-DY-S02", "", "QH-DY", "学校", "小学"), title="", offset=(3, 2))
    assert refused_rows(county_officer, data) == ["第5行 单位名称: 不能为空"]
    assert written() == before


def test_moving_a_county_and_adding_under_its_town_in_one_sheet_keeps_every_path_right(tree, city_officer):
    data = sheet(
        unit_row("QH-DY", "东阳县教育局", "QH-XC", "县(区)教育局"),
        unit_row("QH-DY-T1-V2", "石桥西村", "QH-DY-T1", "村"),
    )
    import_unit_sheet(by=city_officer, data=data)
    town, village = Unit.objects.get(code="QH-DY-T1"), Unit.objects.get(code="QH-DY-T1-V2")
    county2 = Unit.objects.get(code="QH-XC")
    assert town.path.startswith(county2.path) and village.path.startswith(town.path)
    assert (town.depth, village.depth) == (3, 4)


# --- bad rows -----------------------------------------------------------------------------------------------


def test_bad_rows_are_each_named_by_row_and_field_and_nothing_is_written(tree, county_officer):
    before = written()
    data = sheet(
        unit_row("QH-DY-S02", "东阳县第二小学", "QH-DY", "学校", "小学"),  # good, yet not written
        unit_row("QH-DY-S03", "", "QH-DY", "学校", "小学"),
        unit_row("QH-DY-S04", "东阳县第四小学", "QH-DY", "学校", "小学", phone="12345"),
        unit_row("QH-DY-X1", "东阳县某单位", "QH-DY", "学堂"),
        unit_row("QH-DY-S05", "东阳县第五小学", "QH-DY", "学校"),
    )
    errors = refused_rows(county_officer, data)
    assert errors[0] == "第4行 单位名称: 不能为空"
    assert errors[1].startswith("第5行 联系电话: 电话号码格式不正确")
    assert errors[2].startswith("第6行 单位类型: 「学堂」不是可选值") and "学校" in errors[2]
    assert errors[3].startswith("第7行 学段: 学校须填写学段")
    assert len(errors) == 4
    assert written() == before


def test_an_unknown_parent_code_is_refused(tree, county_officer):
    before = written()
    errors = refused_rows(county_officer, sheet(unit_row("QH-DY-S02", "东阳县第二小学", "QH-DY-NOPE", "学校", "小学")))
    assert errors == [f"第{FIRST}行 上级单位代码: 找不到上级单位 QH-DY-NOPE(须为本表中的单位或您管辖范围内的已有单位)"]
    assert written() == before


def test_a_parent_in_another_county_is_refused_exactly_like_an_unknown_one(tree, county_officer):
    before = written()
    errors = refused_rows(county_officer, sheet(unit_row("QH-DY-S02", "借道小学", "QH-XC", "学校", "小学")))
    assert errors == [f"第{FIRST}行 上级单位代码: 找不到上级单位 QH-XC(须为本表中的单位或您管辖范围内的已有单位)"]
    assert written() == before


def test_an_existing_unit_cannot_be_made_a_top_level_unit_by_leaving_its_parent_blank(tree, city_officer):
    before = written()
    errors = refused_rows(city_officer, sheet(unit_row("QH-DY", "东阳县教育局", "", "县(区)教育局")))
    assert errors == [f"第{FIRST}行 上级单位代码: 不能为空(已有单位不能改为顶级单位)"]
    assert written() == before


def test_only_a_superuser_may_add_a_top_level_unit(tree, city_officer, make_user):
    errors = refused_rows(city_officer, sheet(unit_row("NJ", "南江市教育局", "", "市教育局")))
    assert errors == [f"第{FIRST}行 上级单位代码: 不能为空(只有系统管理员可以新建顶级单位)"]
    admin = make_user("admin", is_superuser=True, is_staff=True)
    import_unit_sheet(by=admin, data=sheet(unit_row("NJ", "南江市教育局", "", "市教育局")))
    assert Unit.objects.get(code="NJ").parent is None


def test_a_sheet_with_a_cycle_is_refused_whole(tree, city_officer):
    before = written()
    data = sheet(
        unit_row("QH-NX", "南溪县教育局", "QH", "县(区)教育局"),
        unit_row("QH-NX-A", "甲镇", "QH-NX-B", "乡镇"),
        unit_row("QH-NX-B", "乙镇", "QH-NX-A", "乡镇"),
    )
    errors = refused_rows(city_officer, data)
    assert errors == [
        "第4行 上级单位代码: 上级单位关系形成循环(QH-NX-A → QH-NX-B → QH-NX-A)",
        "第5行 上级单位代码: 上级单位关系形成循环(QH-NX-B → QH-NX-A → QH-NX-B)",
    ]
    assert written() == before


def test_moving_a_unit_under_its_own_grandchild_is_a_cycle_not_a_crash(tree, city_officer):
    before = written()
    errors = refused_rows(city_officer, sheet(unit_row("QH-DY", "东阳县教育局", "QH-DY-T1-V1", "县(区)教育局")))
    assert errors == [f"第{FIRST}行 上级单位代码: 上级单位关系形成循环(QH-DY → QH-DY-T1-V1 → QH-DY-T1 → QH-DY)"]
    assert written() == before


def test_a_chain_deeper_than_the_tree_allows_is_a_row_error_and_nothing_is_written(tree, county_officer):
    before = written()
    rows, parent = [], "QH-DY"
    for level in range(30):
        rows.append(unit_row(f"QH-DY-D{level}", f"第{level}级", parent, "其他"))
        parent = f"QH-DY-D{level}"
    errors = refused_rows(county_officer, sheet(*rows))
    assert len(errors) == 1 and "上级单位代码: 单位层级不能超过 28 级" in errors[0]
    assert written() == before


def test_a_code_twice_in_the_sheet_names_both_rows(tree, county_officer):
    before = written()
    data = sheet(
        unit_row("QH-DY-S02", "东阳县第二小学", "QH-DY", "学校", "小学"),
        unit_row("QH-DY-S03", "东阳县第三小学", "QH-DY", "学校", "小学"),
        unit_row("ＱＨ-ＤＹ-Ｓ０２", "东阳县第二小学分校", "QH-DY", "学校", "小学"),
    )
    assert refused_rows(county_officer, data) == ["第5行 单位代码: 与第3行重复(QH-DY-S02)"]
    assert written() == before


def test_a_code_registered_in_another_county_is_refused_and_leaks_nothing(tree, county_officer):
    before = written()
    errors = refused_rows(county_officer, sheet(unit_row("QH-XC-S01", "东阳县新学校", "QH-DY", "学校", "小学")))
    assert errors == [f"第{FIRST}行 单位代码: 代码 QH-XC-S01 已在其他单位登记"]
    assert "西川" not in errors[0]
    assert written() == before


def test_excel_error_values_and_formulas_without_a_result_are_row_errors(tree, county_officer):
    before = written()
    book = load_workbook(io.BytesIO(sheet(unit_row("QH-DY-S01", "东阳县第一中学", "QH-DY", "学校", "中学"))))
    ws = book.active
    ws.cell(FIRST, 8).value = "#REF!"  # a real error cell (t="e"), as Excel saves one
    ws.cell(FIRST, 7).value = "=VLOOKUP(A3,人员!A:B,2,0)"  # a formula saved without its cached value
    errors = refused_rows(county_officer, save(book))
    assert errors == [
        f"第{FIRST}行 联系人: 单元格是没有计算结果的公式,请在 Excel 中重新计算并保存,或直接填写内容",
        f"第{FIRST}行 联系电话: 单元格是错误值 #REF!,请填写实际内容",
    ]
    assert written() == before


def test_an_error_value_typed_as_text_is_a_row_error_too(tree, county_officer):
    before = written()
    errors = refused_rows(county_officer, sheet(unit_row("QH-DY-S01", "#N/A", "QH-DY", "学校", "中学")))
    assert errors == [f"第{FIRST}行 单位名称: 单元格是错误值 #N/A,请填写实际内容"]
    assert written() == before


# --- whole-file problems ------------------------------------------------------------------------------------


def test_a_renamed_or_missing_column_lists_what_was_expected_and_what_was_found(tree, county_officer):
    before = written()
    header = ["单位代码", "名称", "上级单位代码", "学段", "城乡"]
    message = refused_file(county_officer, sheet(["QH-DY-S02", "东阳县第二小学", "QH-DY", "小学", ""], header=header))
    assert "应包含 单位代码、单位名称、上级单位代码、单位类型" in message
    assert "缺少 单位名称、单位类型" in message
    assert "第2行实际为 单位代码、名称、上级单位代码、学段、城乡" in message
    assert written() == before


def zip_bomb() -> bytes:
    """A real workbook plus one entry that inflates a thousandfold."""
    data = io.BytesIO(sheet(unit_row("QH-DY-S02", "东阳县第二小学", "QH-DY", "学校", "小学")))
    with zipfile.ZipFile(data, "a", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/media/image1.png", b"\0" * (20 * 1024 * 1024))
    return data.getvalue()


def sparse_sheet() -> bytes:
    """Two cells, 5 KB on disk, that span 16384 columns × 20000 rows: calamine would allocate it all."""
    book = Workbook()
    book.active["A1"], book.active["XFD20000"] = "单位代码", "x"
    return save(book)


def good_xlsx() -> bytes:
    return sheet(unit_row("QH-DY-S02", "东阳县第二小学", "QH-DY", "学校", "小学"))


def entity_bomb() -> bytes:
    """A sheet whose XML declares entities that expand a billionfold (billion laughs)."""
    laughs = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10 if i else "lol"}">' for i in range(10))
    source, out = zipfile.ZipFile(io.BytesIO(good_xlsx())), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for info in source.infolist():
            body = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                body = body.replace(b"<worksheet", f"<!DOCTYPE worksheet [{laughs}]><worksheet".encode(), 1)
                body = body.replace("东阳县第二小学".encode(), b"&l9;")
            zf.writestr(info, body)
    return out.getvalue()


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        pytest.param(lambda: b"", "文件是空的", id="empty"),
        pytest.param(lambda: sheet(), "表格中只有表头,没有单位数据", id="header-only"),
        pytest.param(lambda: "单位代码,单位名称\nQH-DY-S02,小学\n".encode(), "不是 .xlsx 格式", id="csv-renamed"),
        pytest.param(lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "旧版 Excel(.xls)", id="ole-xls"),
        pytest.param(lambda: b"PK\x03\x04" + b"\x14\0" * 200, "文件已损坏", id="broken-zip"),
        pytest.param(lambda: good_xlsx()[: len(good_xlsx()) // 2], "文件已损坏", id="truncated"),
        pytest.param(zip_bomb, "文件解压后过大或结构异常", id="zip-bomb"),
        pytest.param(sparse_sheet, "表格范围过大", id="sparse-bomb"),
        pytest.param(entity_bomb, "XML 文档类型声明", id="entity-bomb"),
        pytest.param(lambda: save(Workbook()), "表格是空的", id="no-cells"),
    ],
)
def test_a_file_that_is_not_a_usable_xlsx_gets_one_clear_message(tree, county_officer, make, expected):
    before = written()
    assert expected in refused_file(county_officer, make())
    assert written() == before


@pytest.mark.parametrize("rows", [11, 40])
def test_a_sheet_over_the_row_limit_is_refused_and_nothing_is_written(tree, county_officer, settings, rows):
    settings.FUPIN_UNIT_IMPORT_MAX_ROWS = 10
    before = written()
    data = sheet(*(unit_row(f"QH-DY-S{n:02d}", f"第{n}小学", "QH-DY", "学校", "小学") for n in range(10, 10 + rows)))
    assert refused_file(county_officer, data) == "表格超过 10 行上限,请分批导入"
    assert written() == before


def test_a_sheet_at_the_row_limit_imports(tree, county_officer, settings):
    settings.FUPIN_UNIT_IMPORT_MAX_ROWS = 10
    data = sheet(*(unit_row(f"QH-DY-S{n:02d}", f"第{n}小学", "QH-DY", "学校", "小学") for n in range(10, 20)))
    assert len(import_unit_sheet(by=county_officer, data=data).created) == 10


# --- exports ------------------------------------------------------------------------------------------------


def exported_cells(units) -> list[list]:
    """Every cell below the header of an export, as (value, data_type) pairs."""
    ws = load_workbook(io.BytesIO(export_units(units))).active
    return [[(c.value, c.data_type) for c in row] for row in ws.iter_rows(min_row=4)]


def test_formula_looking_text_is_stored_and_exported_as_text_never_as_a_formula(tree, county_officer):
    import_unit_sheet(by=county_officer, data=sheet(unit_row("QH-DY-S02", EVIL, "QH-DY", "学校", "小学", person="+1")))
    unit = Unit.objects.get(code="QH-DY-S02")
    assert (unit.name, unit.contact_person) == (EVIL, "+1")

    data = export_units(Unit.objects.filter(pk=unit.pk))
    (row,) = exported_cells(Unit.objects.filter(pk=unit.pk))
    assert row[1] == (EVIL, "s") and row[6] == ("+1", "s")
    assert b"<f>" not in zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml")


def test_an_export_survives_control_characters_in_a_name(tree, county_officer):
    unit = services.create_unit(by=None, parent=tree.county1, name="东阳\x07小学", code="QH-DY-S09", kind="other")
    (row,) = exported_cells(Unit.objects.filter(pk=unit.pk))
    assert row[1] == ("东阳小学", "s")


def test_an_exported_tree_imports_back_unchanged(tree, city_officer):
    units, events = written()
    result = import_unit_sheet(by=city_officer, data=export_units(Unit.objects.all()), filename="单位名册.xlsx")
    assert (len(result.created), len(result.updated)) == (0, 8)
    assert written() == (units, events + 1)
    assert AuditEvent.objects.order_by("pk").last().action == "import"


def test_a_county_officer_can_import_back_the_export_of_its_own_county(tree, county_officer):
    """Its county's parent, the city, is outside its subtree; naming the parent a unit already has is fine."""
    units, events = written()
    subtree = Unit.objects.filter(path__startswith=tree.county1.path)
    result = import_unit_sheet(by=county_officer, data=export_units(subtree))
    assert (len(result.created), len(result.updated)) == (0, 4)
    assert written() == (units, events + 1)


# --- the bulk path ------------------------------------------------------------------------------------------


def _new_schools(count: int) -> bytes:
    return sheet(*(unit_row(f"QH-DY-B{n:03d}", f"东阳县第{n}小学", "QH-DY", "学校", "小学") for n in range(count)))


def test_a_sheet_of_new_units_costs_the_same_number_of_queries_at_any_length(tree, county_officer):
    grants(county_officer)  # the importer's roles, read once per request, are not the sheet's cost
    with CaptureQueriesContext(connection) as few:
        import_unit_sheet(by=county_officer, data=_new_schools(5))
    with CaptureQueriesContext(connection) as many:
        import_unit_sheet(
            by=county_officer,
            data=sheet(*(unit_row(f"QH-DY-C{n:03d}", f"东阳县第{n}中学", "QH-DY", "学校", "中学") for n in range(300))),
        )
    assert len(many.captured_queries) == len(few.captured_queries)
    assert Unit.objects.filter(code__startswith="QH-DY-C").count() == 300


def test_new_units_never_take_the_id_of_a_deleted_unit(tree, county_officer):
    gone = services.create_unit(
        by=county_officer, parent=tree.county1, name="撤并学校", code="QH-DY-GONE", kind="other"
    )
    gone_pk = gone.pk
    gone.delete()

    result = import_unit_sheet(by=county_officer, data=_new_schools(2))

    assert min(u.pk for u in result.created) > gone_pk
    school = Unit.objects.get(code="QH-DY-B001")
    assert school.path == f"{tree.county1.path}{school.pk:08d}/" and school.depth == 2
