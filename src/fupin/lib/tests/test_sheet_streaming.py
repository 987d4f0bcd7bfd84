"""A sheet streamed in bounded memory is read as read_rows reads it: the same values, the same refusals."""

import io
import zipfile
from datetime import date, datetime

import pytest
from openpyxl import Workbook

from fupin.lib.sheet_import import SheetLayout, stream_sheet
from fupin.lib.xlsx import BadCell, SheetError, SheetTooLong
from fupin.lib.xlsx_stream import StreamedSheet

from .bad_sheets import book, with_macro

LAYOUT = SheetLayout(
    columns=[("code", "单位代码"), ("name", "姓名"), ("id_number", "身份证号")],
    required=["单位代码", "姓名"],
    identifiers=("code", "id_number"),
    what="人员",
)
HEADER = ["单位代码", "姓名", "身份证号"]


def _rows(data: bytes) -> list:
    return list(StreamedSheet(data, max_rows=100))


def test_shared_strings_numbers_booleans_and_dates_are_read_as_calamine_reads_them():
    data = book([["名称", "数量", "是否", "日期"], ["石桥村", 12, True, datetime(2024, 10, 17)], ["", 2.5]])
    assert _rows(data) == [
        (1, ["名称", "数量", "是否", "日期"]),
        (2, ["石桥村", 12, True, date(2024, 10, 17)]),
        (3, ["", 2.5]),
    ]


def test_text_written_inline_is_read():
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(["单位代码", "姓名"])
    sheet.append(["S01", "阿卜杜拉·艾力"])
    out = io.BytesIO()
    workbook.save(out)
    assert _rows(out.getvalue()) == [(1, ["单位代码", "姓名"]), (2, ["S01", "阿卜杜拉·艾力"])]


def test_excels_phantom_29_february_1900_streamed_is_a_bad_cell():
    rows = _rows(book([["日期"], [60], [61], [45582]], dates=("A2", "A3", "A4")))
    assert rows[1] == (2, [BadCell("日期是 Excel 的 1900-02-29,这一天并不存在,请填写实际日期")])
    assert rows[2] == (3, [BadCell("日期 1900-03-01 超出合理范围(1920–2100 年),请核对")])
    assert rows[3] == (4, [date(2024, 10, 17)])


def test_an_error_value_streamed_is_a_bad_cell():
    rows = _rows(book([["金额"], ["#N/A"]]))
    assert rows[1] == (2, [BadCell("单元格是错误值 #N/A,请填写实际内容")])


def test_a_macro_workbook_is_refused_before_streaming():
    with pytest.raises(SheetError, match="文件含有宏"):
        StreamedSheet(with_macro(book([HEADER])), max_rows=10)


def test_a_streamed_sheet_over_its_row_cap_is_refused():
    data = book([HEADER] + [["S01", f"人{n}", ""] for n in range(6)])
    with pytest.raises(SheetTooLong) as refused:
        for _chunk in stream_sheet(data, LAYOUT, max_rows=5, chunk=2):
            pass
    assert str(refused.value) == "表格超过 5 行上限,请分批导入"


def test_streamed_rows_come_in_chunks_with_their_row_numbers_and_errors():
    data = book([["某表"], HEADER, ["S01", "张三", ""], ["S02", "", ""], ["S03", "王五", ""]])
    layout = SheetLayout(columns=LAYOUT.columns, required=LAYOUT.required, mandatory=("name",))
    chunks = list(stream_sheet(data, layout, max_rows=10, chunk=2))
    assert [[r.number for r in chunk] for chunk in chunks] == [[3, 4], [5]]
    assert chunks[0][1].errors == ["第4行 姓名: 不能为空"]


def test_merged_cells_below_the_header_refuse_a_streamed_sheet_at_its_end():
    data = book([HEADER, ["S01", "张三", ""], ["S01", "李四", ""]], merge="A2:A3")
    with pytest.raises(SheetError, match="第2–3行 A列为合并单元格"):
        list(stream_sheet(data, LAYOUT, max_rows=10, chunk=1))


def test_a_streamed_sheet_with_only_its_header_says_so():
    with pytest.raises(SheetError) as refused:
        list(stream_sheet(book([HEADER]), LAYOUT, max_rows=10, chunk=5))
    assert str(refused.value) == "表格中只有表头,没有人员"


def test_a_formula_saved_without_its_result_streamed_is_a_bad_cell():
    rows = _rows(book([["金额"], ["=1+1"]]))
    assert rows[1] == (2, [BadCell("单元格是没有计算结果的公式,请在 Excel 中重新计算并保存,或直接填写内容")])


def _with_sheet_xml(xml: str) -> bytes:
    """A workbook whose first sheet is exactly `xml` (as other programs write sheets)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(book([["x"]]))) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            target.writestr(item, xml.encode() if item.filename == "xl/worksheets/sheet1.xml" else data)
    return out.getvalue()


def test_a_sheet_with_a_namespace_prefix_comments_rich_text_and_reading_guides_streams_as_typed():
    ns = 'xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    xml = (
        f"<?xml version='1.0'?><x:worksheet {ns}><x:sheetData><!-- <x:c r='Z1'><x:v>9</x:v></x:c> -->"
        "<x:row r='2'><x:c r='A2' t='inlineStr'><x:is><x:r><x:t xml:space='preserve'> 阿卜 </x:t></x:r>"
        "<x:r><x:t>杜拉&amp;</x:t></x:r><x:rPh sb='0' eb='1'><x:t>a bu</x:t></x:rPh></x:is></x:c>"
        "<x:c r='C2'>\n <x:v>&#49;2</x:v>\n</x:c><x:c r='D2' t='inlineStr'><x:is><x:t><![CDATA[<甲>]]></x:t></x:is>"
        "</x:c><x:c r='E2'><x:f>1+1</x:f></x:c></x:row></x:sheetData></x:worksheet>"
    )
    assert _rows(_with_sheet_xml(xml)) == [
        (
            2,
            [
                "阿卜 杜拉&",
                "",
                12,
                "<甲>",
                BadCell("单元格是没有计算结果的公式,请在 Excel 中重新计算并保存,或直接填写内容"),
            ],
        )
    ]


def test_a_streamed_sheet_declaring_a_doctype_is_refused_before_any_row():
    xml = '<?xml version="1.0"?><!DOCTYPE w [<!ENTITY e "甲">]><worksheet><sheetData><row r="1"><c r="A1">'
    xml += "<v>&e;</v></c></row></sheetData></worksheet>"
    with pytest.raises(SheetError) as refused:
        _rows(_with_sheet_xml(xml))
    assert str(refused.value) == "文件含有不允许的 XML 文档类型声明,已拒绝"
