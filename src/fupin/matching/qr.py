"""QR codes for sharing a page in WeChat groups and on a printed notice board, drawn as inline SVG."""

import segno
from django.utils.safestring import SafeString, mark_safe


def qr_svg(url: str, *, scale: int = 4) -> SafeString:
    """An inline SVG QR code of `url` (medium error correction, survives a smudged print)."""
    svg = segno.make(url, error="m").svg_inline(scale=scale, title=url)
    # segno draws every element itself and escapes the title, the only text taken from outside.
    return mark_safe(svg)  # nosec B308 B703
