"""The shared sheet readers read as a careful clerk would: nothing hidden, merged, truncated or impossible is
taken at face value, whichever program saved the file."""

from datetime import date

import pytest

from fupin.lib.forms import SheetUploadForm
from fupin.lib.sheet_import import SheetLayout, read_sheet
from fupin.lib.xlsx import BadCell, SheetError, header_index, hidden_places, read_rows

from .bad_sheets import book, saved_by_libreoffice, with_macro

LAYOUT = SheetLayout(
    columns=[("code", "单位代码"), ("name", "姓名"), ("id_number", "身份证号"), ("anonymous", "匿名")],
    required=["单位代码", "姓名"],
    identifiers=("code", "id_number"),
)
HEADER = ["单位代码", "姓名", "身份证号", "匿名"]


def test_a_macro_workbook_renamed_xlsx_is_refused():
    with pytest.raises(SheetError) as refused:
        read_rows(with_macro(book([HEADER, ["S01", "张三", "", "是"]])), max_rows=10)
    assert str(refused.value) == "文件含有宏(可能是改了扩展名的 .xlsm),已拒绝;请另存为不含宏的 .xlsx 后再上传"


def test_merged_cells_in_the_data_area_are_refused_naming_the_ranges():
    rows = [["某表"], HEADER, ["S01", "张三", "", "是"], ["S01", "李四", "", None], ["S01", "王五", "", "否"]]
    with pytest.raises(SheetError) as refused:
        read_sheet(book(rows, merge="D3:D4"), LAYOUT, max_rows=10)
    assert str(refused.value) == (
        "表格的数据区有合并单元格(合并后只有第一格有内容,其余格会被读成空):第3–4行 D列为合并单元格。"
        "请取消合并,在每一格填写后重新上传"
    )


def test_a_merged_title_above_the_header_is_read_as_usual():
    rows = [["某表", None, None, None], HEADER, ["S01", "张三", "", "是"]]
    parsed = read_sheet(book(rows, merge="A1:D1"), LAYOUT, max_rows=10)
    assert [r.values["name"] for r in parsed] == ["张三"]


def test_a_merged_range_across_columns_is_named_by_its_columns():
    rows = [HEADER, ["S01", "张三", "", "是"]]
    with pytest.raises(SheetError, match="第2行 B–C列为合并单元格"):
        header_index(read_rows(book(rows, merge="B2:C2"), max_rows=10), ["单位代码"])


def test_an_id_number_stored_as_a_number_cell_is_a_row_error_asking_for_a_text_cell():
    parsed = read_sheet(book([HEADER, ["S01", "张三", 110105199001011234, ""]]), LAYOUT, max_rows=10)
    assert parsed[0].errors == [
        "第2行 身份证号: 是数字单元格,长号码会丢失位数(如身份证号末几位变成 0);请把该列设为「文本」格式,重新填写后上传"
    ]
    assert parsed[0].values["id_number"] == ""


def test_excels_phantom_29_february_1900_is_a_bad_cell():
    rows = read_rows(book([["日期"], [60], [61]], dates=("A2", "A3")), max_rows=10)
    assert rows[1][1][0] == BadCell("日期是 Excel 的 1900-02-29,这一天并不存在,请填写实际日期")
    assert rows[2][1][0] == BadCell("日期 1900-03-01 超出合理范围(1920–2100 年),请核对")


def test_a_date_far_outside_the_sensible_range_is_a_bad_cell_and_a_sensible_one_is_a_date():
    rows = read_rows(book([["日期"], [date(2999, 1, 1)], [date(2026, 10, 17)]]), max_rows=10)
    assert rows[1][1][0] == BadCell("日期 2999-01-01 超出合理范围(1920–2100 年),请核对")
    assert rows[2][1][0] == date(2026, 10, 17)


def test_hidden_rows_and_columns_holding_data_are_named():
    rows = [HEADER, ["S01", "张三", None, None], ["S01", "李四", None, None]]
    assert hidden_places(book(rows, hide_col="E")) == []  # hidden, but nothing in it
    rows[2].append("备注")
    assert hidden_places(book(rows, hide_row=3, hide_col="E")) == ["第3行", "E列"]


def _upload_form(data: bytes, **extra):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SheetUploadForm(extra, {"file": SimpleUploadedFile("表.xlsx", data)})


def test_an_import_form_refuses_hidden_data_unless_the_person_confirms_it():
    data = book([HEADER, ["S01", "张三", "", ""], ["S01", "李四", "", ""]], hide_row=3)
    refused = _upload_form(data)
    assert not refused.is_valid()
    assert refused.errors["file"] == [
        "表格中有隐藏且有内容的行或列:第3行。请取消隐藏并核对;确认要导入时,勾选「导入隐藏的行和列」后重新上传"
    ]
    assert _upload_form(data, include_hidden="on").is_valid()


def test_a_sheet_saved_by_libreoffice_reads_like_the_one_saved_by_excel(tmp_path):
    original = book([["某表"], HEADER, ["S01", "张三", "110105199001011234", "是"], ["S02", "李四", "", "否"]])
    again = saved_by_libreoffice(original, tmp_path)
    read = [(r.number, r.values, r.errors) for r in read_sheet(again, LAYOUT, max_rows=10)]
    assert read == [(r.number, r.values, r.errors) for r in read_sheet(original, LAYOUT, max_rows=10)]
    assert read[0][1]["id_number"] == "110105199001011234"


def test_merged_cells_saved_by_libreoffice_are_refused_too(tmp_path):
    rows = [HEADER, ["S01", "张三", "", "是"], ["S01", "李四", "", None]]
    again = saved_by_libreoffice(book(rows, merge="D2:D3"), tmp_path)
    with pytest.raises(SheetError, match="第2–3行 D列为合并单元格"):
        read_sheet(again, LAYOUT, max_rows=10)
