"""Demo: the city's voluntary 扶贫日 drive under its campaign (staff 一日捐, enterprise transfers, two donation
boxes with a counted opening, goods handed out, two payments to villages with their proofs), a county's
nomination of an enterprise, and two drives open today kept by the same finance section, each in its own
restricted account with gifts (one a confirmed public pledge with a receipt), a payment with a PDF proof (the
book drive's still waiting for a second person to approve its publication), and a transfer between them; and
a county's drive whose money the county bureau's own finance officer (county1_finance) keeps, into which the
city moves money from its drive: one transfer between two finance offices' books, on both disclosures.
Everything through the services."""

import io
from datetime import date, datetime, timedelta

from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw

from fupin.campaigns.deadlines import SHANGHAI
from fupin.campaigns.models import Campaign, ItemKind
from fupin.campaigns.services.campaigns import add_item
from fupin.lib.uploads import check_document, check_photo
from fupin.orgs.models import Role, Unit, User
from fupin.orgs.services import create_account

from . import concerns, nominations, openings, pledges, proofs, services, transfers
from .models import Channel, DonorType

ENTERPRISES = [("清河建工集团有限公司", 5_000_000), ("清河农商银行", 3_000_000), ("东阳县茶叶合作社", 800_000)]
STAFF_GIFTS = [30000, 20000, 50000, 26000, 31000, 18000, 45000, 22000, 60000, 27500, 33000, 40000]


def _proof(seed: int):
    image = Image.new("RGB", (1800, 1300), (250, 250, 245))
    ImageDraw.Draw(image).rectangle((100 + seed * 40, 100, 1700, 1200), outline=(200, 30, 30), width=12)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80)
    return check_photo(f"拨付证明{seed}.jpg", out.getvalue())


def _pdf_proof(title: str):
    """A one-page scanned-looking PDF (the bank's payment slip)."""
    image = Image.new("RGB", (1240, 1754), (255, 255, 255))
    draw = ImageDraw.Draw(image)
    draw.rectangle((80, 80, 1160, 600), outline=(30, 30, 30), width=6)
    draw.rectangle((840, 420, 1100, 560), outline=(200, 30, 30), width=10)
    out = io.BytesIO()
    image.save(out, "PDF", resolution=150)
    return check_document(f"{title}.pdf", out.getvalue())


def _at(day: int, hour: int = 10) -> datetime:
    """A time of October 2026, or an hour ago if the demo is built before then (an opening or a hand-out
    cannot be recorded in the future)."""
    return min(datetime(2026, 10, day, hour, tzinfo=SHANGHAI), timezone.now() - timedelta(hours=1))


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
        description="坚持自愿原则,杜绝下指标、摊份子;款物由市教育局统筹管理、财务科专账核算,优先用于结对帮扶村。",
        lead_units=[Unit.objects.get(parent=city, code=f"{city.code}-FPB")],  # 扶贫办 runs the on-site event
    )
    # The fund is kept by the finance section, so its finance officer (city_finance) sees and records it.
    fund = services.create_fund(by=admin, unit=_finance_section(city), name="市教育局扶贫日募捐资金")
    drive = services.open_drive(
        by=admin,
        campaign=campaign,
        item=item,
        organiser=city,
        fund=fund,
        title="2026年教育系统扶贫日爱心募捐",
        starts_on=date(2026, 10, 10),
        ends_on=date(2026, 10, 31),
        channels=[Channel.ONE_DAY_PAY, Channel.TRANSFER, Channel.ONSITE, Channel.BOX, Channel.GOODS],
        designated_uses="结对帮扶村困难学生助学、村小学改善办学条件",
    )
    school = Unit.objects.filter(path__startswith=city.path, kind="school", stage="vocational").first()
    assert school is not None, "the demo tree (fupin.orgs.demo) has a vocational school"
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
    paid = [
        (villages[0], 2_000_000, "村小学改善办学条件", "村小学冬季取暖设备"),
        (villages[1], 1_200_000, "结对帮扶村困难学生助学", "困难学生助学金(20人×600元)"),
    ]
    for seed, (village, fen, use, purpose) in enumerate(paid):
        request = services.request_disbursement(
            by=finance, drive=drive, use=use, recipient=village.name, purpose=purpose, amount_fen=fen
        )
        paid_out = services.approve_and_pay(by=admin, disbursement=request, proof=_proof(seed), is_redacted=True)
        proofs.publish_proof(by=finance, disbursement=paid_out)  # finance, not the uploader, checked the redaction
    _boxes(drive, finance)
    _goods(drive, finance, villages[0])
    _nomination(campaign, ctx["counties"][0]["county"], drive)
    ctx["drive"] = drive
    ctx["open_drive"] = _open_drive(campaign, item, admin, finance, villages[1], fund)
    _book_drive(ctx["open_drive"], admin, finance, villages[0])
    _county_drive(ctx, drive, admin, finance)
    _concerns(drive, ctx["open_drive"])


def _concerns(ended, running) -> None:
    """Two public concerns in the supervisor's (city_supervisor) queue: one answered, one waiting."""
    supervisor = User.objects.get(username="city_supervisor")
    answered = pledges.report_concern(drive=ended, text="听说有学校按职称规定了一日捐的金额,是否属实?")
    concerns.take_up_concern(by=supervisor, concern=answered)
    concerns.answer_concern(
        by=supervisor,
        concern=answered,
        answer="经核查,该校曾口头建议捐款标准,已责令纠正并重申自愿原则;已捐款项如需退回可向财务科申请。",
    )
    pledges.report_concern(drive=running, text="募捐箱开箱时是否有两人在场清点?希望公布清点单。")


def _finance_section(city: Unit) -> Unit:
    return Unit.objects.get(parent=city, code=f"{city.code}-CWK")


def _boxes(drive, finance: User) -> None:
    """A fixed box in the bureau's hall and a mobile one carried at the 10·17 event; the fixed one opened and
    counted by two people of the bureau, with the count sheet photographed."""
    fixed = services.register_box(
        by=finance, drive=drive, place="市教育局机关一楼大厅", seal_number="QH-GD-2026-01", kind="fixed"
    )
    services.register_box(
        by=finance, drive=drive, place="10·17 扶贫日现场捐赠活动(流动)", seal_number="QH-LD-2026-01", kind="mobile"
    )
    second = User.objects.get(username="city_auditor")
    counted = openings.record_box_opening(
        by=finance,
        box=fixed,
        amount_fen=128_650,
        first_witness=User.objects.get(username="city_coordinator"),
        second_witness=second,
        count_sheet=_proof(7),
        opened_at=_at(24, 16),
        new_seal_number="QH-GD-2026-02",
    )
    openings.confirm_box_opening(by=second, opening=counted)  # the second witness, with their own login


def _goods(drive, finance: User, village: Unit) -> None:
    """Winter uniforms given by a clothing company, most of them already handed out against a signed list."""
    uniforms = services.record_goods(
        by=finance,
        drive=drive,
        goods_description="冬季校服(棉服)",
        goods_quantity=120,
        goods_unit="套",
        goods_value_fen=120 * 8_500,
        donor_type=DonorType.ENTERPRISE,
        donor_name="清河恒昌服饰有限公司",
        at=_at(16, 15),
    )
    services.hand_out_goods(
        by=finance,
        donation=uniforms,
        recipient=f"{village.name}小学",
        purpose="困难学生冬季校服",
        quantity=80,
        handed_out_at=_at(22, 14),
        proof=_proof(8),
    )


def _nomination(campaign, county: Unit, drive) -> None:
    """Two enterprises a county recommended: one invited by the 扶贫办 (city_coordinator), one that came and gave
    (its gift the transfer finance recorded)."""
    county_admin, coordinator = (
        User.objects.get(username="county1_admin"),
        User.objects.get(username="city_coordinator"),
    )
    tea = nominations.nominate_enterprise(
        by=county_admin,
        campaign=campaign,
        unit=county,
        enterprise="东阳县茶叶合作社",
        contact="赵社长",
        intention="自愿捐款",
        reason="带动本县 60 户建档立卡户种茶增收。",
    )
    gift = drive.donations.get(donor_name="东阳县茶叶合作社")
    for status in ("invited", "attended"):
        nominations.update_nomination(by=coordinator, nomination=tea, status=status)
    nominations.update_nomination(by=coordinator, nomination=tea, status="gave", donation=gift)
    green = nominations.nominate_enterprise(
        by=county_admin,
        campaign=campaign,
        unit=county,
        enterprise="东阳县绿源农业科技有限公司",
        contact="王经理(企业办公室)",
        intention="现场捐赠助学款 2 万元",
        reason="连续三年资助本县建档立卡家庭学生,愿意参加市里的现场捐赠活动。",
    )
    nominations.update_nomination(by=coordinator, nomination=green, status="invited")


PLEDGES = [
    # (donor_type, donor_name, is_anonymous, channel, amount_fen, goods)
    (DonorType.ENTERPRISE, "清河电力实业有限公司", False, Channel.TRANSFER, 1_000_000, ""),
    (DonorType.INDIVIDUAL, "陈晓明", False, Channel.TRANSFER, 20_000, ""),
    (DonorType.INDIVIDUAL, "", True, Channel.ONSITE, 5_000, ""),
    (DonorType.SOCIAL_ORGANISATION, "清河市青年志愿者协会", False, Channel.GOODS, 0, "冬季棉被"),
]


def _open_drive(campaign, item, admin: User, finance: User, village: Unit, fund):
    """A winter drive open today, so the public can pledge to it: four pledges, the enterprise's confirmed
    with a receipt, and part of it already paid to a village school with the bank slip as a PDF. Its money
    is kept by the same finance section as the city's drive, in its own restricted account."""
    today = timezone.localdate()
    drive = services.open_drive(
        by=admin,
        campaign=campaign,
        item=item,
        organiser=campaign.unit,
        fund=fund,
        title="“暖冬助学”爱心认捐",
        starts_on=today - timedelta(days=7),
        ends_on=today + timedelta(days=23),
        channels=[Channel.TRANSFER, Channel.ONSITE, Channel.GOODS],
        designated_uses="困难学生冬衣、棉被、取暖",
        payee_name="清河市教育局",
        payee_bank="中国工商银行清河分行营业部",
        payee_account="1203 0201 0900 0123 456",
    )
    made = [
        pledges.submit_pledge(
            drive=drive,
            idempotency_key=f"demo-pledge-{i}",
            donor_type=donor_type,
            donor_name=name,
            is_anonymous=anonymous,
            channel=channel,
            amount_fen=fen,
            goods_description=goods,
            goods_quantity=40 if goods else 0,
            goods_unit="床" if goods else "",
            goods_value_fen=40 * 12_000 if goods else 0,
        )
        for i, (donor_type, name, anonymous, channel, fen, goods) in enumerate(PLEDGES)
    ]
    pledges.confirm_pledge(by=finance, pledge=made[0])
    asked = services.request_disbursement(
        by=finance,
        drive=drive,
        use="困难学生冬衣",
        recipient=f"{village.name}小学",
        purpose="困难学生冬衣采购(40人)",
        amount_fen=600_000,
    )
    paid = services.approve_and_pay(
        by=admin, disbursement=asked, proof=_pdf_proof("暖冬助学拨付回单"), is_redacted=True
    )
    proofs.publish_proof(by=finance, disbursement=paid)
    return drive


def _book_drive(winter, admin: User, finance: User, village: Unit):
    """A second drive open today under the same finance section: gifts, a payment for books, and a transfer
    from the winter drive (its cold-weather money was raised beyond need), approved by the office."""
    drive = services.open_drive(
        by=admin,
        campaign=winter.campaign,
        item=winter.item,
        organiser=winter.organiser,
        fund=winter.fund,
        title="“书香助学”村小图书角募捐",
        starts_on=winter.starts_on,
        ends_on=winter.ends_on,
        channels=[Channel.TRANSFER, Channel.ONSITE],
        designated_uses="村小学图书角图书、书架",
        payee_name="清河市教育局",
        payee_bank="中国工商银行清河分行营业部",
        payee_account="1203 0201 0900 0123 456",
    )
    _book_gifts(drive, finance)
    moved = transfers.request_transfer(
        by=finance,
        from_drive=winter,
        to_drive=drive,
        amount_fen=100_000,
        reason="冬衣采购已足额,余款经办公室研究调剂用于村小图书角",
    )
    transfers.approve_transfer(by=admin, transfer=moved)
    asked = services.request_disbursement(
        by=finance,
        drive=drive,
        use="村小学图书角图书",
        recipient=f"{village.name}小学",
        purpose="图书角儿童读物 260 册",
        amount_fen=250_000,
    )
    # this proof waits for a second person's check, so the disclosure shows 「证明待公开」
    services.approve_and_pay(by=admin, disbursement=asked, proof=_pdf_proof("书香助学拨付回单"), is_redacted=True)
    return drive


def _book_gifts(drive, finance: User) -> None:
    for i, (name, fen) in enumerate([("清河新华书店有限公司", 300_000), ("清河市第一中学退休教师协会", 86_000)]):
        services.receive_donation(
            by=finance,
            drive=drive,
            channel=Channel.TRANSFER,
            amount_fen=fen,
            donor_type=DonorType.SOCIAL_ORGANISATION if i else DonorType.ENTERPRISE,
            donor_name=name,
            at=timezone.now() - timedelta(days=3 - i),
        )


def _county_drive(ctx: dict, city_drive, admin: User, finance: User) -> None:
    """东阳县's own drive under its derived plan, its money kept by the county bureau's finance officer in the
    county's fund: gifts recorded there, and money the city moves in from its drive (asked by the city's finance
    section, approved by the city's office), posted in both funds' books."""
    county: Unit = ctx["counties"][0]["county"]
    county_admin = User.objects.get(username="county1_admin")
    county_finance, _ = create_account(
        by=admin, unit=county, username="county1_finance", name="钱晓梅", role=Role.FINANCE, password="Fupin@2026"
    )
    User.objects.filter(pk=county_finance.pk).update(must_change_password=False)
    ctx["accounts"].append(("county1_finance", "钱晓梅", county.name, Role.FINANCE.label))
    today = timezone.localdate()
    drive = services.open_drive(
        by=county_admin,
        campaign=Campaign.objects.get(unit=county, parent=city_drive.campaign),
        organiser=county,
        fund=services.create_fund(by=county_admin, unit=county, name="东阳县教育局扶贫日募捐资金"),
        title="东阳县“结对村小”校舍修缮募捐",
        starts_on=today - timedelta(days=5),
        ends_on=today + timedelta(days=25),
        channels=[Channel.TRANSFER, Channel.ONSITE],
        designated_uses="结对帮扶村小学校舍修缮、课桌椅",
        payee_name="东阳县教育局",
        payee_bank="中国农业银行东阳县支行",
        payee_account="6228 4801 2345 6789 012",
    )
    for i, (name, fen) in enumerate([("东阳县农村信用合作联社", 1_200_000), ("东阳县建筑业协会", 450_000)]):
        services.receive_donation(
            by=county_finance,
            drive=drive,
            channel=Channel.TRANSFER,
            amount_fen=fen,
            donor_type=DonorType.SOCIAL_ORGANISATION if i else DonorType.ENTERPRISE,
            donor_name=name,
            at=timezone.now() - timedelta(days=2 - i),
        )
    moved = transfers.request_transfer(
        by=finance,
        from_drive=city_drive,
        to_drive=drive,
        amount_fen=500_000,
        reason="东阳县结对村小校舍修缮尚有缺口,经局务会研究,从市级募捐结余中调剂支持",
    )
    transfers.approve_transfer(by=admin, transfer=moved)
