"""A notice's text from a file: .txt in UTF-8, UTF-16, GB18030 or Big5, a checked .docx, or a PDF's text layer."""

import codecs
import io
import unicodedata

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fupin.lib.uploads import UploadError, check_document, display_name

MAX_TEXT_BYTES = 2 * 1024 * 1024


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# what charset-normalizer may name for a Chinese text, and the codec that reads all of it
_CHINESE = {
    "utf_8": "utf-8",
    "utf_16": "utf-16",
    "utf_16_le": "utf-16-le",
    "utf_16_be": "utf-16-be",
    "utf_32": "utf-32",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "gb18030": "gb18030",
    "hz": "hz",
    "big5": "big5",
    "big5hkscs": "big5hkscs",
    "cp950": "cp950",
}


def decode_text(name: str, data: bytes) -> str:
    """UTF-8, UTF-16/32 (by BOM or detected), GB18030/GBK or Big5, detected with charset-normalizer and decoded
    strictly; anything else is refused naming the encoding problem, never decoded into garbage."""
    shown = display_name(name)
    bom, encoding = next(((bom, codec) for bom, codec in _BOMS if data.startswith(bom)), (b"", ""))
    data = data[len(bom) :]
    if not encoding:
        try:
            return _text_only(name, data.decode("utf-8"))
        except UnicodeDecodeError:
            encoding = _detected(shown, data)
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise UploadError(
            _("「%(f)s」按 %(e)s 编码读取时第 %(n)d 字节出错,文件可能已损坏或混用了多种编码;请另存为 UTF-8 后再上传")
            % {"f": shown, "e": encoding.upper(), "n": exc.start + 1}
        ) from None
    if any(unicodedata.category(c) in ("Cn", "Co", "Cs", "Cc") and c not in "\t\n\r\f" for c in text):
        raise UploadError(_UNRECOGNISED % {"f": shown})
    return text


_UNRECOGNISED = gettext_lazy(
    "「%(f)s」的编码无法识别:不是 UTF-8 或 GBK/GB18030、Big5、UTF-16 编码的中文文本,请另存为 UTF-8 后再上传"
)


def _detected(shown: str, data: bytes) -> str:
    from charset_normalizer import from_bytes  # only text uploads that are not UTF-8 need it

    best = from_bytes(data).best()
    if best is None:
        raise UploadError(_UNRECOGNISED % {"f": shown})
    if best.encoding not in _CHINESE:
        raise UploadError(
            _("「%(f)s」看来是 %(e)s 编码,不是中文文本的编码,按它读出的会是乱码;请另存为 UTF-8 后再上传")
            % {"f": shown, "e": best.encoding.upper()}
        )
    return _CHINESE[best.encoding]


def _text_only(name: str, text: str) -> str:
    if "\x00" in text:
        raise UploadError(_("「%(f)s」不是文本或 Word(.docx)文件") % {"f": display_name(name)})
    return text


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
    return decode_text(name, data)
