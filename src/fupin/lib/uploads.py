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
    """A PDF, .docx or .xlsx; macro documents and PDFs with scripts or encryption are refused."""
    _too_big(name, data, MAX_DOCUMENT_BYTES)
    if data.startswith(b"%PDF-"):
        head = data[:2_000_000]
        if b"/Encrypt" in head:
            raise UploadError(_("「%(f)s」是加密的 PDF,请去掉密码后再上传") % {"f": display_name(name)})
        if b"/JavaScript" in head or b"/JS " in head or b"/EmbeddedFile" in head:
            raise UploadError(_("「%(f)s」含有脚本或嵌入文件,已拒绝") % {"f": display_name(name)})
        return _checked(name, "pdf", "application/pdf", data)
    return _check_office(name, data)


def _check_office(name: str, data: bytes) -> CheckedFile:
    refusal = _("「%(f)s」不是 PDF、Word(.docx)或 Excel(.xlsx)文件;旧版 .doc/.xls 请另存为新格式") % {
        "f": display_name(name)
    }
    if not data.startswith(b"PK"):
        raise UploadError(refusal)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
            rels = b"".join(zf.read(n) for n in names if n.endswith(".rels") and zf.getinfo(n).file_size < 1_000_000)
    except (zipfile.BadZipFile, OSError) as exc:
        raise UploadError(_("「%(f)s」已损坏,无法打开") % {"f": display_name(name)}) from exc
    if any(n.endswith("vbaProject.bin") for n in names):
        raise UploadError(_("「%(f)s」含有宏,已拒绝;请另存为不含宏的 .docx/.xlsx") % {"f": display_name(name)})
    if b'TargetMode="External"' in rels:
        raise UploadError(_("「%(f)s」引用了外部链接或文件,已拒绝") % {"f": display_name(name)})
    for marker, (extension, content_type) in _OFFICE.items():
        if marker in names:
            return _checked(name, extension, content_type, data)
    raise UploadError(refusal)


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
