"""A notice's text from a file: .txt in UTF-8 or GB18030, a .docx checked by content first, or a PDF's text layer."""

import io

from django.utils.translation import gettext as _

from fupin.lib.uploads import UploadError, check_document, display_name

MAX_TEXT_BYTES = 2 * 1024 * 1024


def decode_text(name: str, data: bytes) -> str:
    """UTF-8 (with or without BOM), else GB18030; never a lossy decode."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UploadError(
        _("「%(f)s」不是 UTF-8 或 GBK/GB18030 编码的文本,请另存为 UTF-8 后再上传") % {"f": display_name(name)}
    )


def docx_text(name: str, data: bytes) -> str:
    """The paragraphs and table cells of a .docx, in order; macro, encrypted and non-docx files refused."""
    checked = check_document(name, data)
    if checked.extension != "docx":
        raise UploadError(_("「%(f)s」不是 Word(.docx)文件") % {"f": display_name(name)})
    import docx  # python-docx is slow to import; only uploads need it

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many kinds for damaged packages
        raise UploadError(_("「%(f)s」已损坏,无法读取") % {"f": display_name(name)}) from exc
    lines = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        lines += ["\t".join(cell.text for cell in row.cells) for row in table.rows]
    return "\n".join(lines)


def notice_text(name: str, data: bytes) -> str:
    """The text of an uploaded notice, by content: a zip (docx) or text; encrypted Office files refused."""
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise UploadError(
            _("「%(f)s」是加密的 Word 文件或旧版 .doc,请去掉密码并另存为 .docx 后再上传") % {"f": display_name(name)}
        )
    if data.startswith(b"PK") or name.lower().endswith((".docx", ".docm")):
        return docx_text(name, data)
    if data.lstrip()[:5] == b"%PDF-" or name.lower().endswith(".pdf"):
        from .pdf import pdf_text  # pypdf is imported only for PDFs

        return pdf_text(name, data)
    if not data.strip():
        raise UploadError(_("「%(f)s」是空的") % {"f": display_name(name)})
    if len(data) > MAX_TEXT_BYTES:
        raise UploadError(_("「%(f)s」超过 2 MB,不像一份通知的文本") % {"f": display_name(name)})
    if b"\x00" in data[:4096]:
        raise UploadError(_("「%(f)s」不是文本或 Word(.docx)文件") % {"f": display_name(name)})
    return decode_text(name, data)
