"""Proofs that prove: a 拨付证明 or a box opening's count-sheet photo must show something. The upload checks of
`lib.uploads` (format by content, size, PDFs with active content) come first; this refuses what passes them
but proves nothing: a photo that is almost all one colour, a PDF whose pages hold neither text nor images."""

import io

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image

from fupin.lib.uploads import CheckedFile

SAMPLE_PX = 128  # the photo is judged at this size: enough to see writing, stamps and lines
LEVELS = 16  # grey levels a pixel is counted in
BLANK_SHARE = 0.99  # a photo with this share of its pixels in one grey level is blank


def _is_blank_photo(data: bytes) -> bool:
    with Image.open(io.BytesIO(data)) as image:
        grey = image.convert("L").resize((SAMPLE_PX, SAMPLE_PX), Image.Resampling.BOX)
    histogram = grey.histogram()  # 256 counts, one per grey value
    width = 256 // LEVELS
    counts = [sum(histogram[start : start + width]) for start in range(0, 256, width)]
    return max(counts) >= BLANK_SHARE * SAMPLE_PX * SAMPLE_PX


def _pdf_shows_something(data: bytes) -> bool:
    import pikepdf  # only PDF proofs need it

    shown = {"Tj", "TJ", "'", '"', "INLINE IMAGE"}  # text drawn, or an image written into the page
    with pikepdf.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            if page.get_images():  # also the images inside form XObjects
                return True
            if any(str(step.operator) in shown for step in pikepdf.parse_content_stream(page)):
                return True
    return False


def refuse_blank(proof: CheckedFile, *, field: str) -> None:
    """An empty or near-blank proof is refused with the reason, naming the file."""
    if proof.content_type == "application/pdf":
        if not _pdf_shows_something(proof.data):
            raise ValidationError({field: [_("「%(f)s」没有任何文字或图片,不能作为证明") % {"f": proof.name}]})
    elif proof.content_type.startswith("image/") and _is_blank_photo(proof.data):
        why = _("「%(f)s」几乎是一片空白(99%%以上是同一颜色),请上传能看清内容的照片") % {"f": proof.name}
        raise ValidationError({field: [why]})
