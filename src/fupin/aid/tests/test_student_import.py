"""Importing the student registry each term: bad rows named, duplicates listed, nothing half-written, every
update kept in the 工作台帐, the export masked unless the user may see numbers in full."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from fupin.aid.models import Student, StudentChange
from fupin.audit.models import AuditEvent
from fupin.households.tests.factories import household
from fupin.jobs.tests.flow import run_upload

from .factories import NUMBERS, aid_officer, student

pytestmark = pytest.mark.django_db

HEADER = [
    "学校代码",
    "姓名",
    "身份证号",
    "学段",
    "年级",
    "是否新生",
    "就读状态",
    "资助类别",
    "困难等级",
    "户主身份证号",
    "银行卡号",
]


def _sheet(rows) -> SimpleUploadedFile:
    book = Workbook()
    book.active.append(["东阳县受助学生台帐"])
    book.active.append(HEADER)
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile("学生台帐.xlsx", out.getvalue())


@pytest.fixture
def officer(tree, make_user):
    return aid_officer(tree, make_user)


def test_a_good_sheet_registers_every_student_with_the_household_linked(
    tree, officer, county_officer, login, django_capture_on_commit_callbacks
):
    home = household(county_officer, tree.village1, "王大山", "430524199006071213")
    rows = [
        [
            "QH-DY-S01",
            "王小明",
            NUMBERS[0],
            "大学",
            "大一",
            "是",
            "",
            "建档立卡、低保",
            "特别困难",
            "430524199006071213",
            "6222021234567890123",
        ],
        ["QH-DY-S01", "李华", NUMBERS[1], "高中", "高二", "否", "在读", "残疾", "困难", ""],
    ]
    page, job = run_upload(login(officer), "student_import", {"file": _sheet(rows)}, django_capture_on_commit_callbacks)
    assert job.status == "done" and job.summary == [["新登记受助学生", 2], ["更新受助学生", 0]]
    assert job.items == ["东阳县第一中学 王*明 4305**********4314", "东阳县第一中学 李* 4305**********2547"]
    assert "完成" in page.content.decode()
    assert not job.file  # the sheet, with its 身份证号, is not kept once imported
    made = list(Student.objects.order_by("name").values_list("name", "stage", "is_new_student", "categories"))
    assert made == [
        ("李华", "senior", False, ["disabled"]),
        ("王小明", "college", True, ["registered_poor", "subsistence"]),
    ]
    assert Student.objects.get(name="王小明").household == home
    assert Student.objects.get(name="王小明").card_masked == "6222***********0123"
    assert AuditEvent.objects.get(action="import").changes == {"students": [None, 2], "updated": [None, 0]}


def test_bad_rows_are_named_and_nothing_is_written(tree, officer, login, django_capture_on_commit_callbacks):
    rows = [
        ["QH-DY-S01", "王小明", NUMBERS[0], "大学", "", "是", "", "建档立卡", "困难", ""],
        ["QH-DY-S01", "王小明", NUMBERS[0], "大学", "", "是", "", "建档立卡", "困难", ""],
        ["QH-DY-S01", "李华", "430521200706152548", "高中", "", "也许", "", "贫困生", "困难", ""],
        ["QH-XC-S01", "赵强", NUMBERS[2], "初中", "", "", "", "低保", "很困难", "430524199006071213"],
        ["QH-DY-S01", "钱六", 430520200609017662, "初中", "", "", "", "低保", "困难", ""],
        ["QH-DY-S01", "孙七", NUMBERS[4], "初中", "", "", "", "低保", "困难", "", "6222-abc"],
    ]
    page, job = run_upload(login(officer), "student_import", {"file": _sheet(rows)}, django_capture_on_commit_callbacks)
    assert job.status == "failed" and "未导入任何数据" in page.content.decode()
    assert job.errors == [
        "第4行 身份证号: 与第3行重复",
        "第5行 身份证号: 身份证号校验码不正确,请核对是否输错",
        "第5行 是否新生: 「也许」应填 是 或 否",
        "第5行 资助类别: 「贫困生」不是可选类别,可选:建档立卡、低保、特困、残疾、其他",
        "第6行 困难等级: 「很困难」不是可选值,可选:特别困难、困难、一般困难",
        "第6行 学校代码: QH-XC-S01 不是您管辖范围内的学校",
        "第6行 户主身份证号: 帮扶户名册中没有该户主身份证号",
        "第7行 身份证号: 是数字单元格,长号码会丢失位数(如身份证号末几位变成 0);请把该列设为「文本」格式,重新填写后上传",
        "第8行 银行卡号: 银行卡号应为12至19位数字",
    ]
    assert Student.objects.count() == 0
    assert StudentChange.objects.count() == 0
    assert not AuditEvent.objects.filter(action="import").exists()


def test_a_student_registered_elsewhere_is_not_named(
    tree, officer, make_user, login, django_capture_on_commit_callbacks
):
    student(make_user("xc_aid", tree.county2, "aid_officer"), tree.school2, "赵强", NUMBERS[2])
    rows = [["QH-DY-S01", "赵强", NUMBERS[2], "初中", "", "", "", "低保", "困难", ""]]
    _page, job = run_upload(
        login(officer), "student_import", {"file": _sheet(rows)}, django_capture_on_commit_callbacks
    )
    assert job.errors == ["第3行 身份证号: 该身份证号已在其他单位登记"]
    assert Student.objects.count() == 1


def test_reimporting_next_term_updates_the_student_and_keeps_the_history(
    tree, officer, login, django_capture_on_commit_callbacks
):
    made = student(officer, tree.school1, "王小明", NUMBERS[0])
    rows = [["QH-DY-S01", "王小明", NUMBERS[0], "大学", "大一", "是", "在读", "建档立卡", "困难", ""]]
    _page, job = run_upload(
        login(officer), "student_import", {"file": _sheet(rows)}, django_capture_on_commit_callbacks
    )
    assert job.summary == [["新登记受助学生", 0], ["更新受助学生", 1]]
    made.refresh_from_db()
    assert (made.stage, made.grade, made.is_new_student) == ("college", "大一", True)
    last = StudentChange.objects.filter(student=made).order_by("pk").last()
    assert last.lines() == [("学段", "高中", "大学"), ("年级", "高三", "大一"), ("新生", "否", "是")]
    assert last.note == "导入 学生台帐.xlsx"


def _cells(response) -> list[list[object]]:
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [list(r) for r in sheet.iter_rows(min_row=2, values_only=True)]


def test_the_export_is_masked_unless_the_user_may_see_numbers_in_full(tree, officer, make_user, login):
    student(officer, tree.school1, "王小明", NUMBERS[0])
    viewer = make_user("viewer", tree.county1, "viewer")
    masked = _cells(login(viewer).get(reverse("student_list"), {"format": "xlsx", "full": "1"}))
    assert masked[1][:3] == ["东阳县第一中学", "王小明", "4305**********4314"]
    assert not AuditEvent.objects.filter(action="view_personal").exists()
    full = _cells(login(officer).get(reverse("student_list"), {"format": "xlsx", "full": "1"}))
    assert full[1][:3] == ["东阳县第一中学", "王小明", NUMBERS[0]]
    assert AuditEvent.objects.get(action="view_personal").changes == {"students": [None, 1]}


def test_the_ledger_exports_every_change(tree, officer, login):
    student(officer, tree.school1, "王小明", NUMBERS[0])
    rows = _cells(login(officer).get(reverse("student_ledger"), {"format": "xlsx"}))
    assert rows[0] == ["时间", "学校", "学生", "身份证号", "变更内容", "说明", "操作人"]
    assert rows[1][1:4] == ["东阳县第一中学", "王小明", "4305**********4314"]
    assert rows[1][5] == "登记"
