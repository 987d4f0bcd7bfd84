"""Campaign test data built through the services, as an office would."""

import io
from datetime import datetime

from PIL import Image

from fupin.campaigns.deadlines import SHANGHAI
from fupin.campaigns.services import campaigns as campaign_services
from fupin.campaigns.services.tasks import Upload


def due(month: int, day: int, hour: int = 0, minute: int = 0, year: int = 2026) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=SHANGHAI)


def campaign_with_requirements(by, unit, *, publish=True, **requirement):
    """A city campaign asking every school for a summary by 10月19日 (end of day), published."""
    campaign = campaign_services.create_campaign(
        by=by, unit=unit, year=2026, title="2026年教育系统扶贫日活动实施方案", theme="教育扶贫·你我同行"
    )
    campaign_services.add_item(by=by, campaign=campaign, title="开展集中宣传活动", kind="publicity")
    fields = {"kind": "summary", "title": "活动总结", "due_text": "10月19日前", "unit_kinds": ["school"]}
    campaign_services.add_requirement(by=by, campaign=campaign, **(fields | requirement))
    if publish:
        campaign_services.publish_campaign(by=by, campaign=campaign)
    return campaign


def jpeg(width: int, height: int, *, exif_gps: bool = False) -> bytes:
    image = Image.new("RGB", (width, height), (200, 60, 40))
    out = io.BytesIO()
    if exif_gps:
        exif = Image.Exif()
        exif[0x8825] = {1: "N", 2: (31.0, 14.0, 0.0)}
        image.save(out, "JPEG", exif=exif)
    else:
        image.save(out, "JPEG")
    return out.getvalue()


def photo(name: str, width: int = 2400, height: int = 1600, caption: str = "学生观看扶贫日主题班会") -> Upload:
    return Upload(name=name, data=jpeg(width, height), caption=caption)
