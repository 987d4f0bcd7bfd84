"""Documents handed in are judged by parsing them, never by searching their bytes: a Word package that links
out or embeds an object, a PDF that runs, opens or carries something, however it is spelled, is refused."""

import pikepdf
import pytest

from fupin.lib.uploads import UploadError, check_document

from .documents import docx, javascript_pdf, obfuscated, pdf

IMAGE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"
OLE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/oleObject"


def refusal(data: bytes) -> str:
    with pytest.raises(UploadError) as refused:
        check_document("总结.pdf", data)
    return str(refused.value)


def test_a_plain_pdf_and_a_plain_docx_are_accepted():
    assert check_document("总结.pdf", pdf()).extension == "pdf"
    plain_image = f'<Relationship Id="r1" Type="{IMAGE}" Target="media/a.png"/>'
    assert check_document("方案.docx", docx(rels=plain_image)).extension == "docx"


@pytest.mark.parametrize(
    "relationship",
    [
        f'<Relationship Id="r1" Type="{IMAGE}" Target="http://x/a.png" TargetMode="External"/>',
        f"<Relationship Id='r1' Type='{IMAGE}' Target='http://x/a.png' TargetMode='External'/>",
        f'<Relationship Id="r1" Type="{IMAGE}" Target="http://x/a.png" TargetMode = "External" />',
        f'<Relationship Id="r1" Type="{IMAGE}" Target="http://x/a.png" TargetMode="&#69;xternal"/>',
        f'<Relationship Id="r1" Type="{IMAGE}" Target="\\\\host\\share\\a.png" TargetMode=" External "/>',
    ],
)
def test_a_docx_relationship_with_an_external_target_is_refused_however_the_xml_quotes_it(relationship):
    assert refusal(docx(rels=relationship)) == "「总结.pdf」引用了外部链接或文件,已拒绝"


@pytest.mark.parametrize(
    ("package", "message"),
    [
        (docx(rels=f'<Relationship Id="r1" Type="{OLE}" Target="embeddings/o.xlsx"/>'), "嵌入的对象"),
        (docx(extra={"word/embeddings/oleObject1.bin": b"\xd0\xcf\x11\xe0"}), "嵌入的对象"),
        (docx(extra={"word/activeX/activeX1.xml": b"<ax/>"}), "嵌入的对象"),
        (docx(extra={"word/vbaProject.bin": b"macro"}), "含有宏"),
        (
            docx(
                types='<Default Extension="bin" ContentType="application/vnd.ms-word.document.macroEnabled.main+xml"/>'
            ),
            "含有宏",
        ),
        (docx(rels="<Relationship Id='r1' Target='x' TargetMode='External'"), "已损坏"),
    ],
)
def test_a_docx_with_an_embedded_object_or_macro_is_refused(package, message):
    assert message in refusal(package)


def test_a_pdf_that_runs_javascript_is_refused():
    assert refusal(javascript_pdf()) == "「总结.pdf」含有脚本,已拒绝;请用「打印为 PDF」另存为普通 PDF 后再上传"


def test_a_pdf_whose_javascript_name_is_hidden_with_hex_escapes_is_refused():
    hidden = obfuscated(javascript_pdf(), b"/JavaScript")
    assert b"/JavaScript" not in hidden and b"/J#61vaScript" in hidden
    assert "含有脚本" in refusal(hidden)


@pytest.mark.parametrize(
    ("action", "what"),
    [
        (pikepdf.Dictionary(S=pikepdf.Name.Launch, F=pikepdf.String("cmd.exe")), "启动程序的操作"),
        (pikepdf.Dictionary(S=pikepdf.Name.URI, URI=pikepdf.String("http://example.com/")), "打开网址的操作"),
    ],
)
def test_a_pdf_with_a_launch_or_uri_action_is_refused(action, what):
    link = {"/Type": pikepdf.Name.Annot, "/Subtype": pikepdf.Name.Link, "/Rect": [0, 0, 10, 10], "/A": action}
    assert refusal(pdf(annotation=link)) == f"「总结.pdf」含有{what},已拒绝;请用「打印为 PDF」另存为普通 PDF 后再上传"


def test_a_pdf_carrying_an_embedded_file_is_refused():
    names = pikepdf.Dictionary(EmbeddedFiles=pikepdf.Dictionary(Names=pikepdf.Array([])))
    assert "含有嵌入文件" in refusal(pdf(root={"/Names": names}))


def test_an_encrypted_pdf_is_refused():
    assert refusal(pdf(encrypt=True)) == "「总结.pdf」是加密的 PDF,请去掉密码后再上传"


def test_html_behind_a_pdf_header_is_not_a_pdf():
    page = b"%PDF-1.7\n<html><body><script>alert(1)</script></body></html>"
    assert refusal(page) == "「总结.pdf」不是有效的 PDF(文件已损坏,或是改了扩展名的网页等文件)"
