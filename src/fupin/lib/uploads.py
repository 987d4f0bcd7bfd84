"""Checking uploaded files by their content, never by their name, before anything is stored.

Each check returns a `CheckedFile` ready to store under a generated name, or raises `UploadError` with a
Chinese message that names the file and the reason.
"""

import hashlib
import io
import re
import unicodedata
import warnings
import zipfile
from dataclasses import dataclass

import filetype
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from PIL import Image, ImageFile, ImageOps

MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
MAX_PHOTO_BYTES = 20 * 1024 * 1024
MAX_VIDEO_BYTES = 300 * 1024 * 1024
MAX_PHOTO_PIXELS = 60_000_000
PHOTO_FORMATS = {"JPEG", "PNG", "WEBP"}
VIDEO_TYPES = {"video/mp4", "video/quicktime", "video/x-m4v"}
_OFFICE = {
    "word/document.xml": ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "xl/workbook.xml": ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
}


class UploadError(Exception):
    """A refused upload, with the reason for the person who sent it."""


@dataclass
class CheckedFile:
    name: str  # the original name, cleaned and shortened, for display only
    extension: str
    content_type: str
    data: bytes
    sha256: str
    width: int | None = None
    height: int | None = None

    @property
    def megapixels(self) -> float:
        return (self.width or 0) * (self.height or 0) / 1_000_000


def display_name(name: str) -> str:
    """The original file name without paths, control or bidi characters, at most 80 characters."""
    name = unicodedata.normalize("NFC", name.replace("\\", "/").rsplit("/", 1)[-1])
    name = "".join(c for c in name if unicodedata.category(c)[0] != "C")
    name = re.sub(r"\s+", " ", name).strip() or _("未命名文件")
    return name if len(name) <= 80 else name[:38] + "…" + name[-38:]


def _checked(name: str, extension: str, content_type: str, data: bytes, **dims) -> CheckedFile:
    return CheckedFile(display_name(name), extension, content_type, data, hashlib.sha256(data).hexdigest(), **dims)


def _too_big(name: str, data: bytes, limit: int) -> None:
    if not data:
        raise UploadError(_("文件「%(f)s」是空的") % {"f": display_name(name)})
    if len(data) > limit:
        raise UploadError(_("文件「%(f)s」超过 %(mb)d MB 上限") % {"f": display_name(name), "mb": limit // 2**20})


def check_document(name: str, data: bytes) -> CheckedFile:
    """A PDF, .docx or .xlsx; macro documents, PDFs with scripts, actions or attachments, and encryption are refused."""
    _too_big(name, data, MAX_DOCUMENT_BYTES)
    if data.startswith(b"%PDF-"):
        _check_pdf(name, data)
        return _checked(name, "pdf", "application/pdf", data)
    return _check_office(name, data)


def _check_pdf(name: str, data: bytes) -> None:
    """Parse the PDF and walk every object in it: names are compared decoded, so 「/J#61vaScript」 is /JavaScript."""
    import pikepdf  # only PDF uploads need it

    shown = display_name(name)
    if b"/Encrypt" in data[:2_000_000]:  # refused before parsing: an encrypted file cannot be checked
        raise UploadError(_("「%(f)s」是加密的 PDF,请去掉密码后再上传") % {"f": shown})
    try:
        with pikepdf.open(io.BytesIO(data)) as pdf:
            if pdf.is_encrypted:
                raise UploadError(_("「%(f)s」是加密的 PDF,请去掉密码后再上传") % {"f": shown})
            if len(pdf.pages) == 0:
                raise UploadError(_("「%(f)s」不是有效的 PDF(没有页面)") % {"f": shown})
            found = _pdf_risk(pdf)
    except pikepdf.PasswordError as exc:
        raise UploadError(_("「%(f)s」是加密的 PDF,请去掉密码后再上传") % {"f": shown}) from exc
    except pikepdf.PdfError as exc:
        raise UploadError(_("「%(f)s」不是有效的 PDF(文件已损坏,或是改了扩展名的网页等文件)") % {"f": shown}) from exc
    if found:
        raise UploadError(
            _("「%(f)s」含有%(w)s,已拒绝;请用「打印为 PDF」另存为普通 PDF 后再上传") % {"f": shown, "w": found}
        )


_PDF_KEYS = {
    "/JavaScript": gettext_lazy("脚本"),
    "/JS": gettext_lazy("脚本"),
    "/Launch": gettext_lazy("启动程序的操作"),
    "/EmbeddedFile": gettext_lazy("嵌入文件"),
    "/EmbeddedFiles": gettext_lazy("嵌入文件"),
    "/RichMedia": gettext_lazy("多媒体脚本"),
    "/XFA": gettext_lazy("XFA 表单脚本"),
}
_PDF_ACTIONS = {
    "/JavaScript": gettext_lazy("脚本"),
    "/Launch": gettext_lazy("启动程序的操作"),
    "/URI": gettext_lazy("打开网址的操作"),
    "/SubmitForm": gettext_lazy("提交表单的操作"),
    "/ImportData": gettext_lazy("导入数据的操作"),
    "/GoToR": gettext_lazy("打开其他文件的操作"),
    "/GoToE": gettext_lazy("打开嵌入文件的操作"),
}
MAX_PDF_OBJECTS = 500_000


def _pdf_risk(pdf) -> str:
    """What the PDF holds that runs, opens or carries something when read (every object, reachable or not)."""
    import pikepdf

    for count, obj in enumerate(pdf.objects):
        if count > MAX_PDF_OBJECTS:
            return str(_("过多的对象"))
        stack = [obj]
        while stack:
            item = stack.pop()
            if isinstance(item, pikepdf.Array):
                stack.extend(_direct(item))
            elif isinstance(item, (pikepdf.Dictionary, pikepdf.Stream)):
                found = _dictionary_risk(item)
                if found:
                    return found
                stack.extend(_direct(item.values()))
    return ""


def _direct(values) -> list:
    """The arrays and dictionaries written inside an object; indirect ones are walked as objects of their own."""
    import pikepdf

    containers = (pikepdf.Array, pikepdf.Dictionary, pikepdf.Stream)
    return [v for v in values if isinstance(v, containers) and not v.is_indirect]


def _dictionary_risk(item) -> str:
    for key in item:
        if key in _PDF_KEYS:
            return str(_PDF_KEYS[key])
    action = item.get("/S")
    if action is not None and str(action) in _PDF_ACTIONS:
        return str(_PDF_ACTIONS[str(action)])
    if item.get("/Type") is not None and str(item.get("/Type")) == "/EmbeddedFile":
        return str(_("嵌入文件"))
    return ""


def _check_office(name: str, data: bytes) -> CheckedFile:
    refusal = _("「%(f)s」不是 PDF、Word(.docx)或 Excel(.xlsx)文件;旧版 .doc/.xls 请另存为新格式") % {
        "f": display_name(name)
    }
    if not data.startswith(b"PK"):
        raise UploadError(refusal)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
            problem = _office_problem(zf, names)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise UploadError(_("「%(f)s」已损坏,无法打开") % {"f": display_name(name)}) from exc
    if problem:
        raise UploadError(problem % {"f": display_name(name)})
    for marker, (extension, content_type) in _OFFICE.items():
        if marker in names:
            return _checked(name, extension, content_type, data)
    raise UploadError(refusal)


_MACRO = gettext_lazy("「%(f)s」含有宏,已拒绝;请另存为不含宏的 .docx/.xlsx")
_EXTERNAL = gettext_lazy("「%(f)s」引用了外部链接或文件,已拒绝")
_EMBEDDED = gettext_lazy("「%(f)s」含有嵌入的对象(OLE/ActiveX),已拒绝;请把内容直接粘贴到文档中")
_BROKEN = gettext_lazy("「%(f)s」结构异常,无法安全打开,已拒绝")
_EMBEDDED_TYPES = ("/oleObject", "/activeXControl", "/activeXControlBinary", "/control")


def _office_problem(zf: zipfile.ZipFile, names: set[str]) -> str:
    """Why the package may not be kept (a message with 「%(f)s」 for the file), or "" when it may.

    Relationships are parsed as XML, so TargetMode='External', "External " or &#69;xternal all count."""
    lowered = {n.lower() for n in names}
    if any(n.rsplit("/", 1)[-1] in ("vbaproject.bin", "vbadata.xml") for n in lowered):
        return str(_MACRO)
    if any(("/embeddings/" in n and n.endswith(".bin")) or "/activex/" in n for n in lowered):
        return str(_EMBEDDED)
    if len(names) > 2000:
        return str(_BROKEN)
    types = _parts(zf, "[Content_Types].xml") if "[Content_Types].xml" in names else []
    if any("macroenabled" in (el.get("ContentType") or "").lower() for el in types):
        return str(_MACRO)
    for rels in sorted(n for n in names if n.endswith(".rels")):
        for el in _parts(zf, rels):
            if (el.get("TargetMode") or "").strip().lower() == "external":
                return str(_EXTERNAL)
            if (el.get("Type") or "").endswith(_EMBEDDED_TYPES):
                return str(_EMBEDDED)
    return ""


def _parts(zf: zipfile.ZipFile, member: str) -> list:
    """The elements of one XML part, parsed without DTDs or entities; a part too large or malformed is refused."""
    from defusedxml.ElementTree import fromstring

    if zf.getinfo(member).file_size > 2_000_000:
        raise ValueError(member)
    try:
        return list(fromstring(zf.read(member)).iter())
    except Exception as exc:  # defusedxml and expat raise several kinds for hostile or broken XML
        raise ValueError(member) from exc


def check_photo(name: str, data: bytes, *, min_megapixels: float = 0) -> CheckedFile:
    """A JPEG/PNG/WebP photo, re-encoded as JPEG: orientation applied, EXIF (GPS, owner) dropped."""
    _too_big(name, data, MAX_PHOTO_BYTES)
    shown = display_name(name)
    # WeasyPrint switches Pillow to accept truncated images for the whole process when it is imported;
    # an upload must still be whole, so the check sets the flag itself.
    truncated_ok, ImageFile.LOAD_TRUNCATED_IMAGES = ImageFile.LOAD_TRUNCATED_IMAGES, False
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image: Image.Image = Image.open(io.BytesIO(data))
            if image.format not in PHOTO_FORMATS:
                raise UploadError(_("「%(f)s」不是 JPG/PNG 照片(实际为 %(t)s)") % {"f": shown, "t": image.format})
            if image.width * image.height > MAX_PHOTO_PIXELS:
                raise UploadError(_("「%(f)s」像素过大(超过 6000 万像素)") % {"f": shown})
            if getattr(image, "n_frames", 1) > 1:
                raise UploadError(_("「%(f)s」是动图,请上传照片") % {"f": shown})
            image = ImageOps.exif_transpose(image)
            image.load()
    except UploadError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise UploadError(_("「%(f)s」像素过大(超过 6000 万像素)") % {"f": shown}) from None
    except Exception as exc:  # Pillow raises many kinds for broken or foreign files
        raise UploadError(_("「%(f)s」不是可识别的照片,或文件已损坏") % {"f": shown}) from exc
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = truncated_ok
    megapixels = image.width * image.height / 1_000_000
    if megapixels < min_megapixels:
        raise UploadError(
            _("「%(f)s」只有 %(w)d×%(h)d(%(mp).1f 百万像素),要求不低于 %(min)s 百万像素")
            % {"f": shown, "w": image.width, "h": image.height, "mp": megapixels, "min": f"{min_megapixels:g}"}
        )
    out = io.BytesIO()
    image.convert("RGB").save(out, "JPEG", quality=90, optimize=True)
    return _checked(name, "jpg", "image/jpeg", out.getvalue(), width=image.width, height=image.height)


def check_video(name: str, data: bytes) -> CheckedFile:
    _too_big(name, data, MAX_VIDEO_BYTES)
    kind = filetype.guess(data[:8192])
    if kind is None or kind.mime not in VIDEO_TYPES:
        raise UploadError(_("「%(f)s」不是 MP4/MOV 视频") % {"f": display_name(name)})
    return _checked(name, kind.extension, kind.mime, data)
