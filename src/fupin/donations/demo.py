"""Demo: the city's voluntary 扶贫日 drive under its campaign: staff 一日捐, enterprise transfers, and two
payments out of the fund to villages with their proofs."""

import io
from datetime import date, datetime

from django.db import transaction
from PIL import Image, ImageDraw

from fupin.campaigns.deadlines import SHANGHAI
from fupin.campaigns.models import Campaign, ItemKind
from fupin.campaigns.services.campaigns import add_item
from fupin.lib.uploads import check_photo
from fupin.orgs.models import Unit, User

from . import services
from .models import Channel, DonorType

ENTERPRISES = [("清河建工集团有限公司", 5_000_000), ("清河农商银行", 3_000_000), ("东阳县茶叶合作社", 800_000)]
STAFF_GIFTS = [30000, 20000, 50000, 26000, 31000, 18000, 45000, 22000, 60000, 27500, 33000, 40000]


def _proof(seed: int):
    image = Image.new("RGB", (1800, 1300), (250, 250, 245))
    ImageDraw.Draw(image).rectangle((100 + seed * 40, 100, 1700, 1200), outline=(200, 30, 30), width=12)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80)
    return check_photo(f"拨付证明{seed}.jpg", out.getvalue())


def _at(day: int, hour: int = 10) -> datetime:
    return datetime(2026, 10, day, hour, tzinfo=SHANGHAI)


@transaction.atomic
def build(ctx: dict) -> None:
    city: Unit = ctx["city"]
    campaign = Campaign.objects.get(unit=city, parent=None)
    admin = User.objects.get(username="city_admin")
    finance = User.objects.get(username="city_finance")
    item = add_item(
        by=admin,
        campaign=campaign,
        title="搭建平台,开展扶贫公益募捐",
        kind=ItemKind.DONATION_DRIVE,
        description="坚持自愿原则,杜绝下指标、摊份子;款物交市教育局扶贫办统筹管理,优先用于结对帮扶村。",
    )
    fund = services.create_fund(by=admin, unit=city, name="市教育局扶贫日募捐资金")
    drive = services.open_drive(
        by=admin,
        campaign=campaign,
        item=item,
        organiser=city,
        fund=fund,
        title="2026年教育系统扶贫日爱心募捐",
        starts_on=date(2026, 10, 10),
        ends_on=date(2026, 10, 31),
        channels=[Channel.ONE_DAY_PAY, Channel.TRANSFER, Channel.ONSITE],
        designated_uses="结对帮扶村困难学生助学、村小学改善办学条件",
    )
    school = Unit.objects.filter(path__startswith=city.path, kind="school", stage="vocational").first()
    for i, fen in enumerate(STAFF_GIFTS):
        services.receive_donation(
            by=finance,
            drive=drive,
            channel=Channel.ONE_DAY_PAY,
            amount_fen=fen,
            donor_type=DonorType.INDIVIDUAL,
            donor_name=f"{school.name}教职工{i + 1}",
            is_anonymous=i % 4 == 0,
            unit=school,
            at=_at(12 + i % 5),
        )
    for i, (name, fen) in enumerate(ENTERPRISES):
        services.receive_donation(
            by=finance,
            drive=drive,
            channel=Channel.TRANSFER,
            amount_fen=fen,
            donor_type=DonorType.ENTERPRISE,
            donor_name=name,
            at=_at(15 + i),
        )
    villages = list(Unit.objects.filter(path__startswith=city.path, kind="village")[:2])
    for seed, (village, fen, purpose) in enumerate(
        [(villages[0], 2_000_000, "村小学冬季取暖设备"), (villages[1], 1_200_000, "困难学生助学金(20人×600元)")]
    ):
        request = services.request_disbursement(
            by=finance, fund=fund, recipient=village.name, purpose=purpose, amount_fen=fen
        )
        services.approve_and_pay(by=admin, disbursement=request, proof=_proof(seed))
    ctx["drive"] = drive
