"""A unit hands in documents through the one upload check: a PDF that runs or opens something (even behind #xx
escapes), HTML behind a PDF header, a Word file linking out or embedding an object is refused with the reason,
and nothing is handed in."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from fupin.campaigns.models import Submission, TaskStatus
from fupin.lib.tests.documents import docx, javascript_pdf, obfuscated, pdf

from . import task_pages
from .task_pages import page_of

summary = task_pages.summary  # the shared fixture, used by name

IMAGE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("总结.pdf", javascript_pdf(), "「总结.pdf」含有脚本,已拒绝"),
        ("总结.pdf", obfuscated(javascript_pdf(), b"/JavaScript"), "「总结.pdf」含有脚本,已拒绝"),
        ("总结.pdf", b"%PDF-1.7\n<html><body>hi</body></html>", "「总结.pdf」不是有效的 PDF"),
        (
            "总结.docx",
            docx(rels=f"<Relationship Id='r1' Type='{IMAGE}' Target='http://x/a.png' TargetMode='External'/>"),
            "「总结.docx」引用了外部链接或文件,已拒绝",
        ),
        ("总结.docx", docx(extra={"word/embeddings/oleObject1.bin": b"\xd0\xcf"}), "「总结.docx」含有嵌入的对象"),
    ],
)
def test_a_document_that_runs_or_fetches_something_is_not_handed_in(
    name, data, message, summary, school_reporter, login
):
    upload = SimpleUploadedFile(name, data)
    response = login(school_reporter).post(reverse("submit_task", args=[summary.pk]), {"files": [upload]})
    assert message in page_of(response)
    summary.refresh_from_db()
    assert not Submission.objects.exists() and summary.status == TaskStatus.PENDING


def test_a_plain_pdf_is_handed_in(summary, school_reporter, login):
    upload = SimpleUploadedFile("总结.pdf", pdf())
    response = login(school_reporter).post(reverse("submit_task", args=[summary.pk]), {"files": [upload]})
    assert response.status_code == 302 and Submission.objects.count() == 1
