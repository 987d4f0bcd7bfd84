"""Donation test data made through the services."""

import io
from datetime import date, timedelta

from django.utils import timezone
from PIL import Image, ImageDraw

from fupin.campaigns.tests.factories import campaign_with_requirements
from fupin.donations import services
from fupin.lib.uploads import check_photo


def drive_for(by, unit, *, channels=("one_day_pay", "transfer", "onsite"), ends_on=None):
    """A drive started on 10 October and still open whenever the tests run (gifts into an ended drive need a
    reason); pass `ends_on` for a drive that has ended."""
    campaign = campaign_with_requirements(by, unit)
    fund = services.create_fund(by=by, unit=unit, name=f"{unit.name}扶贫日募捐资金")
    return services.open_drive(
        by=by,
        campaign=campaign,
        organiser=unit,
        fund=fund,
        title="扶贫日爱心募捐",
        starts_on=date(2026, 10, 10),
        ends_on=ends_on or timezone.localdate() + timedelta(days=30),
        channels=list(channels),
    )


def proof():
    out = io.BytesIO()
    image = Image.new("RGB", (1600, 1200), (240, 240, 240))
    draw = ImageDraw.Draw(image)  # a photographed slip: ruled lines and a stamp, not a blank page
    for row in range(8):
        draw.line((120, 150 + row * 120, 1480, 150 + row * 120), fill=(40, 40, 40), width=8)
    draw.ellipse((1100, 800, 1400, 1100), outline=(200, 30, 30), width=14)
    image.save(out, "JPEG")
    return check_photo("拨付证明.jpg", out.getvalue())
