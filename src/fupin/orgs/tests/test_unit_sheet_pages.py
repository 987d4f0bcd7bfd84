"""The unit sheet through its pages: every row error shown and nothing written, a whole-file problem, what a good
sheet created, who may reach the page, and an export that imports back."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from fupin.jobs.tests.flow import audit_without_uploads, run_upload
from fupin.orgs.models import Unit
from fupin.orgs.tests.test_unit_sheet import good_xlsx, sheet, unit_row
from fupin.orgs.unit_sheet import import_unit_sheet


def upload(client, data: bytes, name: str = "单位.xlsx"):
    return client.post(reverse("import_units"), {"file": SimpleUploadedFile(name, data)})


def written_but_uploads():
    """As `written`, without the audit rows that record an upload itself."""
    return list(Unit.objects.order_by("pk").values()), audit_without_uploads()


def test_the_import_page_shows_every_row_error_and_writes_nothing(
    tree, county_officer, login, django_capture_on_commit_callbacks
):
    client = login(county_officer)  # a login is audited: count from here
    before = written_but_uploads()
    data = sheet(
        unit_row("QH-DY-S02", "", "QH-DY", "学校", "小学"),
        unit_row("QH-DY-S03", "东阳县第三小学", "QH-XC", "学校", "小学"),
    )
    response, job = run_upload(
        client, "import_units", {"file": SimpleUploadedFile("单位.xlsx", data)}, django_capture_on_commit_callbacks
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "发现 2 处问题,未导入任何数据" in page
    assert "第3行 单位名称: 不能为空" in page and "第4行 上级单位代码: 找不到上级单位 QH-XC" in page
    assert job.status == "failed"
    assert written_but_uploads() == before


def test_the_import_page_shows_a_whole_file_problem(tree, county_officer, login, django_capture_on_commit_callbacks):
    client = login(county_officer)
    before = written_but_uploads()
    data = {"file": SimpleUploadedFile("单位.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)}
    response, job = run_upload(client, "import_units", data, django_capture_on_commit_callbacks)
    assert response.status_code == 200
    assert "请在 Excel/WPS 中另存为 .xlsx 后再上传" in response.content.decode()
    assert job.errors == ["这是旧版 Excel(.xls)或 WPS 格式文件,请在 Excel/WPS 中另存为 .xlsx 后再上传"]
    assert written_but_uploads() == before


def test_the_import_page_shows_what_a_good_sheet_created(
    tree, county_officer, login, django_capture_on_commit_callbacks
):
    data = {
        "file": SimpleUploadedFile("单位.xlsx", sheet(unit_row("QH-DY-S02", "东阳县第二小学", "QH-DY", "学校", "小学")))
    }
    response, job = run_upload(login(county_officer), "import_units", data, django_capture_on_commit_callbacks)
    assert response.status_code == 200
    page = response.content.decode()
    assert "完成" in page and "QH-DY-S02 东阳县第二小学(新增)" in page
    assert job.summary == [["新增单位", 1], ["更新单位", 0]]
    assert Unit.objects.get(code="QH-DY-S02").parent_id == tree.county1.pk


def test_a_school_reporter_cannot_reach_the_import_page(tree, school_reporter, login):
    client = login(school_reporter)
    assert client.get(reverse("import_units")).status_code == 404
    assert upload(client, good_xlsx()).status_code == 404
    assert not Unit.objects.filter(code="QH-DY-S02").exists()


def test_the_export_page_downloads_a_sheet_that_imports_back(tree, county_officer, login):
    response = login(county_officer).get(reverse("export_unit_sheet"))
    assert response.status_code == 200 and "filename*=UTF-8''" in response["Content-Disposition"]
    result = import_unit_sheet(by=county_officer, data=response.content)
    assert result.created == [] and {u.code for u in result.updated} >= {"QH-DY", "QH-DY-T1-V1"}
