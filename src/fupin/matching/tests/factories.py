"""Wishes made through the services, on the shared test tree: a village reporter posts, the town reviewer vets."""

import io

from PIL import Image, ImageDraw

from fupin.campaigns.services import campaigns as campaign_services
from fupin.households.tests.factories import household
from fupin.lib.uploads import check_photo
from fupin.matching.services import approve_wish, post_wish


def jpeg(size=(1200, 900), exif=None) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (120, 160, 200)).save(out, "JPEG", **({"exif": exif} if exif else {}))
    return out.getvalue()


def photo(name="收到.jpg"):
    return check_photo(name, jpeg())


def proof(name="拨付凭证.jpg"):
    """A photographed bank slip: ruled lines and a stamp, so the proof checks see something on it."""
    out = io.BytesIO()
    image = Image.new("RGB", (1600, 1200), (240, 240, 240))
    draw = ImageDraw.Draw(image)
    for row in range(8):
        draw.line((120, 150 + row * 120, 1480, 150 + row * 120), fill=(40, 40, 40), width=8)
    draw.ellipse((1100, 800, 1400, 1100), outline=(200, 30, 30), width=14)
    image.save(out, "JPEG")
    return check_photo(name, out.getvalue())


def make_campaign(by, unit):
    return campaign_services.create_campaign(
        by=by, unit=unit, year=2026, title="2026年教育系统扶贫日活动实施方案", theme="教育扶贫·你我同行"
    )


def wish(poster, campaign, made_household, *, value_fen=12_000, category="study_supplies", title="一个新书包"):
    return post_wish(
        by=poster,
        campaign=campaign,
        household=made_household,
        category=category,
        title=title,
        value_fen=value_fen,
        reason="孩子上初中,旧书包已破",
    )


class People:
    def __init__(self, tree, make_user, county_officer):
        self.tree = tree
        self.county_officer = county_officer
        self.village_reporter = make_user("village_reporter", tree.village1, "reporter", name="石桥东村文书")
        self.town_reviewer = make_user("town_reviewer", tree.town1, "reviewer", name="石桥镇审核员")
        self.campaign = make_campaign(county_officer, tree.county1)
        self.household = household(county_officer, tree.village1, head_name="王大山")

    def open_wish(self, **kw):
        made = wish(self.village_reporter, self.campaign, self.household, **kw)
        return approve_wish(by=self.town_reviewer, wish=made)
