"""Thumbnails of photos already checked and re-encoded by the shared intake: made once, at upload."""

import io

from PIL import Image

THUMBNAIL_PIXELS = 480


def thumbnail_jpeg(data: bytes, pixels: int = THUMBNAIL_PIXELS) -> bytes:
    """A JPEG no larger than `pixels` on its longer side, for lists and galleries."""
    image = Image.open(io.BytesIO(data))
    image.thumbnail((pixels, pixels))
    out = io.BytesIO()
    image.convert("RGB").save(out, "JPEG", quality=80, optimize=True)
    return out.getvalue()
