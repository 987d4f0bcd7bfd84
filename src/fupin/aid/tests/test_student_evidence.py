"""Evidence for a student's categories: checked by content, stored privately under a generated name, listed on
the student's page, downloaded only through the permission-checked view, every download in the audit trail."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from fupin.aid.models import StudentEvidence
from fupin.aid.services.evidence import add_student_evidence, open_student_evidence
from fupin.audit.models import AuditEvent
from fupin.campaigns.tests.factories import jpeg
from fupin.lib.uploads import check_document

from .factories import aid_officer, blank_pdf, student

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(tree, make_user):
    return aid_officer(tree, make_user)


@pytest.fixture
def pupil(tree, officer):
    return student(officer, tree.school1, categories=("registered_poor", "subsistence"))


def _upload(client, pupil, name, data, category="subsistence"):
    url = reverse("student_evidence_add", args=[pupil.pk])
    return client.post(url, {"category": category, "document": SimpleUploadedFile(name, data)}, follow=True)


def test_evidence_is_stored_under_a_generated_name_and_listed_on_the_students_page(pupil, officer, login):
    client = login(officer)
    page = _upload(client, pupil, "../低保证 王小明.pdf", blank_pdf()).content.decode()
    evidence = StudentEvidence.objects.get()
    assert (evidence.category, evidence.name, evidence.content_type) == (
        "subsistence",
        "低保证 王小明.pdf",
        "application/pdf",
    )
    assert evidence.file.name.startswith("aid-evidence/") and "王小明" not in evidence.file.name
    assert "已上传证明材料" in page
    assert "低保证 王小明.pdf" in page
    event = AuditEvent.objects.get(target_type="aid.studentevidence", action="create")
    assert event.changes == {"category": [None, "低保"], "file": [None, "低保证 王小明.pdf"]}


def test_a_photo_of_a_certificate_is_re_encoded_without_its_metadata(pupil, officer, login):
    _upload(login(officer), pupil, "残疾证.png", jpeg(1200, 900, exif_gps=True), category="registered_poor")
    evidence = StudentEvidence.objects.get()
    assert (evidence.content_type, evidence.file.name[-4:]) == ("image/jpeg", ".jpg")
    assert b"GPS" not in evidence.file.read()


def test_evidence_that_is_neither_a_document_nor_a_photo_is_refused_with_the_reason(pupil, officer, login):
    page = _upload(login(officer), pupil, "低保证.jpg", b"<html><script>alert(1)</script></html>").content.decode()
    assert "未能上传证明材料:「低保证.jpg」不是可识别的照片,或文件已损坏" in page
    assert StudentEvidence.objects.count() == 0
    assert AuditEvent.objects.filter(target_type="aid.studentevidence").count() == 0


def test_evidence_must_be_for_a_category_the_student_is_registered_under(pupil, officer):
    with pytest.raises(ValidationError) as refused:
        add_student_evidence(
            by=officer, student=pupil, category="disabled", document=check_document("残疾证.pdf", blank_pdf())
        )
    assert refused.value.message_dict == {"category": ["该学生未登记为「残疾」(现为 建档立卡、低保),不能上传该类证明"]}
    assert StudentEvidence.objects.count() == 0


def test_the_same_evidence_twice_is_refused(pupil, officer):
    pdf = check_document("低保证.pdf", blank_pdf())
    add_student_evidence(by=officer, student=pupil, category="subsistence", document=pdf)
    with pytest.raises(ValidationError) as refused:
        add_student_evidence(by=officer, student=pupil, category="registered_poor", document=pdf)
    assert refused.value.message_dict == {"document": ["「低保证.pdf」已上传过"]}
    assert StudentEvidence.objects.count() == 1


def test_every_download_of_evidence_is_in_the_audit_trail(pupil, officer, login):
    pdf = blank_pdf()
    evidence = add_student_evidence(
        by=officer, student=pupil, category="subsistence", document=check_document("低保证.pdf", pdf)
    )
    response = login(officer).get(reverse("student_evidence_file", args=[evidence.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == pdf
    event = AuditEvent.objects.get(action="view_personal", target_type="aid.studentevidence")
    assert (event.actor, event.note, event.unit_name) == (officer, "查看证明材料:低保", "东阳县第一中学")


def test_a_viewer_sees_the_list_but_cannot_open_evidence(tree, pupil, officer, make_user, login):
    evidence = add_student_evidence(
        by=officer, student=pupil, category="subsistence", document=check_document("低保证.pdf", blank_pdf())
    )
    viewer = make_user("viewer", tree.county1, "viewer")
    client = login(viewer)
    page = client.get(reverse("student_detail", args=[pupil.pk])).content.decode()
    assert "低保证.pdf" in page
    assert reverse("student_evidence_file", args=[evidence.pk]) not in page
    assert client.get(reverse("student_evidence_file", args=[evidence.pk])).status_code == 404
    with pytest.raises(PermissionDenied):
        open_student_evidence(by=viewer, evidence=evidence)
    assert AuditEvent.objects.filter(action="view_personal").count() == 0


def test_the_demo_keeps_a_disability_certificate_for_disabled_students(tree, officer):
    from fupin.aid.demo import file_certificates
    from fupin.aid.tests.factories import NUMBERS

    student(officer, tree.school1, "李华", NUMBERS[1], categories=("registered_poor", "disabled"))
    student(officer, tree.school1, "张伟", NUMBERS[2])
    file_certificates(officer)
    assert list(StudentEvidence.objects.values_list("student__name", "category", "name", "content_type")) == [
        ("李华", "disabled", "残疾证.jpg", "image/jpeg"),
    ]
