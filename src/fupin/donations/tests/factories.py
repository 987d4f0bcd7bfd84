"""Donation test data made through the services."""

import io
from datetime import date

from PIL import Image

from fupin.campaigns.tests.factories import campaign_with_requirements
from fupin.donations import services
from fupin.lib.uploads import check_photo


def drive_for(by, unit, *, channels=("one_day_pay", "transfer", "onsite")):
    campaign = campaign_with_requirements(by, unit)
    fund = services.create_fund(by=by, unit=unit, name=f"{unit.name}扶贫日募捐资金")
    return services.open_drive(
        by=by,
        campaign=campaign,
        organiser=unit,
        fund=fund,
        title="扶贫日爱心募捐",
        starts_on=date(2026, 10, 10),
        ends_on=date(2026, 10, 31),
        channels=list(channels),
    )


def proof():
    out = io.BytesIO()
    Image.new("RGB", (1600, 1200), (240, 240, 240)).save(out, "JPEG")
    return check_photo("拨付证明.jpg", out.getvalue())
