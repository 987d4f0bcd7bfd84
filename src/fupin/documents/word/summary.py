"""活动总结 draft (.docx) for a unit: what the data already says, its photos with captions, and marked gaps
for the unit to fill in before it hands the summary in."""

import io
from datetime import datetime

from django.utils import timezone
from docx.enum.text import WD_COLOR_INDEX
from docx.shared import Mm
from PIL import Image, ImageOps

from fupin.campaigns.deadlines import SHANGHAI
from fupin.campaigns.models import Campaign, SubmissionFile
from fupin.campaigns.selectors.campaigns import campaign_items
from fupin.campaigns.summary_sections import ordered_sections
from fupin.orgs.models import Unit

from .. import selectors
from . import gbt9704 as gw
from . import sections  # noqa: F401  (registers the campaign's own sections)
from .plan import cn_date, editions_sentence

PHOTO_WIDTH, PHOTO_MAX_HEIGHT = Mm(130), Mm(95)
PHOTO_MAX_PIXELS = 1600  # long edge: sharp in print, and the draft stays small enough to e-mail


def placeholder(doc, text: str) -> None:
    """A highlighted 【…】 gap the unit fills in before handing the summary in."""
    run = doc.add_paragraph().add_run(f"【{text}】")
    run.font.highlight_color = WD_COLOR_INDEX.YELLOW


def scaled_jpeg(file: SubmissionFile) -> tuple[io.BytesIO, float]:
    """The photo as a JPEG at most PHOTO_MAX_PIXELS on its long edge, upright, and its width/height ratio."""
    image: Image.Image  # the opened file, then its upright RGB copy
    with file.file.open("rb") as handle, Image.open(handle) as image:
        image = ImageOps.exif_transpose(image).convert("RGB")
        image.thumbnail((PHOTO_MAX_PIXELS, PHOTO_MAX_PIXELS))
        out = io.BytesIO()
        image.save(out, "JPEG", quality=85)
    out.seek(0)
    return out, image.width / image.height


def _photos(doc, photos: list[SubmissionFile]) -> None:
    for photo in photos:
        stream, ratio = scaled_jpeg(photo)
        width = min(PHOTO_WIDTH, int(PHOTO_MAX_HEIGHT * ratio))
        caption = photo.caption or "（请补充文字说明）"
        gw.picture(doc, stream, width=width, caption=f"{caption}（{photo.submission.task.unit.name}）")


def _activities(doc, campaign: Campaign) -> None:
    for number, item in enumerate(campaign_items(campaign), start=1):
        gw.heading2(doc, number, item.title)
        placeholder(doc, "请填写本单位开展此项活动的时间、地点、参与人数和成效")


def build_summary(campaign: Campaign, unit: Unit, *, now: datetime | None = None) -> bytes:
    """The unit's 活动总结 draft: the campaign, its hand-ins and figures (registered sections), photos."""
    now = now or timezone.now()
    doc = gw.new_document()
    gw.title(doc, f"{unit.name}{campaign.year}年扶贫日活动总结")
    gw.body(
        doc,
        f"{editions_sentence(campaign)}根据{campaign.unit.name}《{campaign.title}》的部署，"
        f"{unit.name}组织开展了扶贫日系列活动。现将有关情况总结如下。",
    )
    number = 1
    gw.heading1(doc, number, "活动开展情况")
    _activities(doc, campaign)
    for section in ordered_sections():
        paragraphs = section.paragraphs(campaign, unit, now)
        if paragraphs:
            number += 1
            gw.heading1(doc, number, section.heading)
            for text in paragraphs:
                gw.body(doc, text)
    photos = selectors.summary_photos(campaign, unit)
    if photos:
        number += 1
        gw.heading1(doc, number, "活动图片")
        _photos(doc, photos)
    gw.heading1(doc, number + 1, "经验做法与下一步打算")
    placeholder(doc, "请填写主要经验、存在的问题和下一步打算")
    gw.signature(doc, unit.name, cn_date(now.astimezone(SHANGHAI).date()))
    return gw.to_bytes(doc)
