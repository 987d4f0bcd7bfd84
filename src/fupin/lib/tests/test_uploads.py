"""Uploads are judged by their content: photos re-encoded without EXIF, documents without macros or scripts."""

import io
import zipfile

import pytest
from PIL import Image

from fupin.lib.uploads import UploadError, check_document, check_photo, check_video, display_name

from .documents import javascript_pdf, pdf


def jpeg_with_gps(width=2400, height=1600) -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "Phone maker"
    exif[0x8825] = {1: "N", 2: (31.0, 14.0, 0.0), 3: "E", 4: (121.0, 28.0, 0.0)}
    out = io.BytesIO()
    Image.new("RGB", (width, height), (10, 120, 200)).save(out, "JPEG", exif=exif)
    return out.getvalue()


def docx(extra: dict[str, bytes] | None = None, rels: bytes = b"") -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", "<w:document/>")
        zf.writestr("word/_rels/document.xml.rels", rels or b"<Relationships/>")
        for name, data in (extra or {}).items():
            zf.writestr(name, data)
    return out.getvalue()


def test_a_photo_is_reencoded_without_its_gps_location():
    checked = check_photo("现场.jpg", jpeg_with_gps())
    image = Image.open(io.BytesIO(checked.data))
    assert image.format == "JPEG" and (checked.width, checked.height) == (2400, 1600)
    assert 0x8825 not in image.getexif() and 0x010F not in image.getexif()


def test_a_photo_is_turned_upright_from_its_exif_orientation():
    exif = Image.Exif()
    exif[0x0112] = 6  # rotated 90° clockwise
    out = io.BytesIO()
    Image.new("RGB", (3000, 2000)).save(out, "JPEG", exif=exif)
    checked = check_photo("竖拍.jpg", out.getvalue())
    assert (checked.width, checked.height) == (2000, 3000)


def test_a_one_megapixel_photo_is_refused_with_its_size_and_the_minimum():
    out = io.BytesIO()
    Image.new("RGB", (1280, 800)).save(out, "JPEG")
    with pytest.raises(UploadError, match=r"「小图.jpg」只有 1280×800\(1.0 百万像素\),要求不低于 3 百万像素"):
        check_photo("小图.jpg", out.getvalue(), min_megapixels=3)


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("假照片.jpg", b"<html><script>alert(1)</script></html>", "不是可识别的照片"),
        ("空.jpg", b"", "是空的"),
        ("截断.jpg", jpeg_with_gps()[:2000], "不是可识别的照片"),
        ("矢量.jpg", b'<svg xmlns="http://www.w3.org/2000/svg"></svg>', "不是可识别的照片"),
    ],
)
def test_files_that_are_not_photos_are_refused_by_content(name, data, reason):
    with pytest.raises(UploadError, match=reason):
        check_photo(name, data)


def test_an_animated_gif_is_refused():
    frames = [Image.new("P", (2000, 2000), i) for i in range(2)]
    out = io.BytesIO()
    frames[0].save(out, "GIF", save_all=True, append_images=frames[1:])
    with pytest.raises(UploadError, match="不是 JPG/PNG 照片"):
        check_photo("动图.gif", out.getvalue())


def test_a_decompression_bomb_is_refused():
    out = io.BytesIO()
    Image.new("1", (12000, 12000)).save(out, "PNG")
    with pytest.raises(UploadError, match="像素过大"):
        check_photo("炸弹.png", out.getvalue())


def test_documents_are_recognised_by_content_not_name():
    assert check_document("总结.pdf", pdf()).extension == "pdf"
    assert check_document("方案.pdf", docx()).extension == "docx"
    with pytest.raises(UploadError, match="不是 PDF、Word"):
        check_document("总结.docx", b"just text")


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (docx({"word/vbaProject.bin": b"macro"}), "含有宏"),
        (docx(rels=b'<Relationship Target="http://x" TargetMode="External"/>'), "外部链接"),
        (pdf(encrypt=True), "加密"),
        (javascript_pdf(), "脚本"),
    ],
)
def test_dangerous_documents_are_refused(data, reason):
    with pytest.raises(UploadError, match=reason):
        check_document("文件", data)


def test_a_video_must_really_be_a_video():
    with pytest.raises(UploadError, match="不是 MP4/MOV 视频"):
        check_video("视频.mp4", b"\x00" * 100)
    mp4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 64
    assert check_video("视频.mp4", mp4).content_type == "video/mp4"


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\a\\总结.docx", "总结.docx"),
        ("evil\u202egpj.exe", "evilgpj.exe"),
        ("a" * 300 + ".jpg", "a" * 38 + "…" + "a" * 34 + ".jpg"),
    ],
)
def test_original_names_are_shown_cleaned_and_shortened(raw, shown):
    assert display_name(raw) == shown


def test_a_truncated_photo_is_refused_even_after_weasyprint_relaxed_pillow():
    from PIL import ImageFile

    ImageFile.LOAD_TRUNCATED_IMAGES = True  # what importing WeasyPrint does
    try:
        with pytest.raises(UploadError, match="不是可识别的照片"):
            check_photo("截断.jpg", jpeg_with_gps()[:5000])
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = False
