"""Demo: 认领项目 open, claimed in part, claimed in full and closed; and 微心愿 of the demo villages in every
state — waiting for the town's reviewer, returned with a reason, open on the public wall, claimed by a teacher
and by a member of the public, delivered, fulfilled (已实现) with the village's photo, and one whose claim expired
and is open again. The village's and the town's staff get accounts (village1_reporter, town1_reviewer)."""

import io
from datetime import date, datetime, time, timedelta

from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw

from fupin.campaigns.services import campaigns as campaign_services
from fupin.donations import services as donations
from fupin.donations.models import Channel
from fupin.donations.proofs import publish_proof
from fupin.households.models import Household
from fupin.lib.uploads import check_photo
from fupin.orgs.models import Role, Unit, UnitKind, User
from fupin.orgs.services import create_account
from fupin.phones.services import issue_phone_code

from . import project_funds, project_services, services
from .models import ProjectClaim, WishClaim

WISHES = [  # (category, title, value in 分, reason)
    ("study_supplies", "一个新书包和一套文具", 15_000, "孩子升入初中,旧书包已经破了"),
    ("clothing", "一件厚实的冬衣", 28_000, "山里冬天冷,孩子只有一件旧棉袄"),
    ("small_appliance", "一台电饭煲", 25_000, "老人独居,旧电饭煲坏了,做饭不便"),
    ("daily_goods", "一床新棉被", 20_000, "家中棉被用了十多年,已经板结"),
    ("medical_aid", "一副老花镜和一个血压计", 18_000, "户主患高血压,需每天测量"),
    ("study_supplies", "一套初中课外读物", 12_000, "孩子喜欢读书,家里没有课外书"),
    ("daily_goods", "一个保温水壶和台灯", 9_000, "孩子晚上写作业光线不好"),
    ("clothing", "一双防滑雨靴", 8_000, "上学路上泥泞"),
]


def _photo(seed: int):
    image = Image.new("RGB", (1600, 1200), (235, 228, 215))
    ImageDraw.Draw(image).rectangle((300, 300 + seed * 10, 1300, 1000), fill=(190, 60, 50))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80)
    return check_photo(f"收到心愿{seed}.jpg", out.getvalue())


def _staff(admin: User, village: Unit) -> tuple[User, User]:
    town = village.parent
    assert town is not None
    reporter, _ = create_account(
        by=admin, unit=village, username="village1_reporter", name="赵文书", role=Role.REPORTER, password="Fupin@2026"
    )
    reviewer, _ = create_account(
        by=admin, unit=town, username="town1_reviewer", name="孙审核", role=Role.REVIEWER, password="Fupin@2026"
    )
    User.objects.filter(pk__in=[reporter.pk, reviewer.pk]).update(must_change_password=False)
    return reporter, reviewer


def _public_claim(wish, name: str, phone: str):
    """A member of the public's claim, as if they had typed the code they were sent."""
    _made, code = issue_phone_code(phone=phone)
    return services.claim_wish_as_public(wish=wish, name=name, phone=phone, code=code)[0]


@transaction.atomic
def build(ctx: dict) -> None:
    admin, campaign = ctx["admin"], ctx["campaign"]
    village = Unit.objects.filter(path__startswith=ctx["counties"][0]["county"].path, kind=UnitKind.VILLAGE).first()
    assert village is not None
    reporter, reviewer = _staff(admin, village)
    households = list(Household.objects.filter(village=village).order_by("pk"))
    wishes = [
        services.post_wish(
            by=reporter,
            campaign=campaign,
            household=households[i % len(households)],
            category=c,
            title=t,
            value_fen=v,
            reason=r,
        )
        for i, (c, t, v, r) in enumerate(WISHES)
    ]
    services.return_wish(by=reviewer, wish=wishes[7], reason="雨靴请写明尺码后重新提交")
    shown = [services.approve_wish(by=reviewer, wish=w) for w in wishes[1:7]]  # wishes[0] waits for vetting
    teacher = User.objects.get(username="county1_cadre")
    claimed = services.claim_wish(by=teacher, wish=shown[0])
    delivered = services.claim_wish(by=teacher, wish=shown[1])
    services.record_delivery(by=teacher, claim=delivered, kind="handed_over", note="10月17日送到户主家中")
    fulfilled = _public_claim(shown[2], "李爱心", "13900001111")
    services.record_delivery(by=AnonymousUser(), claim=fulfilled, kind="handed_over", note="和孩子们一起送到家中")
    services.confirm_receipt(by=reporter, wish=shown[2], photo=_photo(1))
    lapsed = _public_claim(shown[3], "王热心", "13900002222")
    WishClaim.objects.filter(pk=lapsed.pk).update(due_at=timezone.now() - timedelta(days=1))
    services.expire_claims()
    _public_claim(shown[4], "陈志愿", "13900003333")
    ctx["wishes"] = {"claimed": claimed.pk}
    _claim_item(admin, campaign)
    _projects(admin, campaign, village, ctx.get("drive"))


def _claim_item(admin: User, campaign) -> None:
    """The notice's 「认领一个项目」: the counties and the city's 扶贫办 are to claim, their 回执 due by 10 October,
    so the office's claims page shows who claimed in time, late, or not at all."""
    city = campaign.unit
    office = Unit.objects.filter(parent=city, kind=UnitKind.DEPARTMENT, code__endswith="-FPB").first()
    named = [*Unit.objects.filter(parent=city, kind=UnitKind.COUNTY_BUREAU).order_by("path"), *filter(None, [office])]
    item = campaign_services.add_item(
        by=admin,
        campaign=campaign,
        title="认领一个扶贫项目",
        kind="project_claim",
        description="各县区教育局和市教育局扶贫办结合所包村,认领特色种养、光伏扶贫或技能培训项目。",
        lead_units=[office] if office else [],
        responsible_units=named,
    )
    campaign_services.add_requirement(
        by=admin,
        campaign=campaign,
        kind="stamped_scan",
        title="项目认领回执",
        due_text="10月10日前",
        item=item,
        named_units=named,
        recipient=office,
    )


PROJECTS = [  # (kind, title, budget in 分, description)
    ("specialty_farming", "茶叶种植基地扩建", 12_000_000, "扩种高山茶 50 亩,带动 20 户建档立卡户务工增收"),
    ("solar", "村集体光伏电站", 30_000_000, "屋顶光伏 100 千瓦,收益用于公益岗位和临时救助"),
    ("skills_training", "电商直播技能培训", 2_000_000, "培训 40 名村民开网店、做直播,销售本地农产品"),
    ("other", "村小学图书角", 1_000_000, "为村小学添置图书 2000 册和书架"),
]


def _projects(admin: User, campaign, village: Unit, city_drive) -> None:
    """A project open, one claimed in part, one claimed in full with its 拨付证明 and progress, one closed
    whose money went through the city's managed fund (paid in by the claimant, paid out to the village)."""
    made = [
        project_services.create_project(
            by=admin, campaign=campaign, village=village, kind=k, title=t, budget_fen=b, description=d
        )
        for k, t, b, d in PROJECTS
    ]
    city = Unit.objects.get(parent__isnull=True)
    department = Unit.objects.filter(parent=city, kind=UnitKind.DEPARTMENT).order_by("path").first() or city
    early = project_services.claim_project(by=admin, project=made[1], unit=department, amount_fen=10_000_000)
    in_time = timezone.make_aware(datetime.combine(date(2026, 10, 9), time(10)))
    ProjectClaim.objects.filter(pk=early.pk).update(claimed_at=in_time)  # claimed before the notice's deadline
    for project in made[2:]:
        claim = project_services.claim_project(by=admin, project=project, unit=city, amount_fen=project.budget_fen)
        project_services.attach_disbursement_proof(by=admin, claim=claim, proof=_photo(20 + project.pk % 10))
        shot = project_services.ProgressPhoto(_photo(3), f"{project.title}开工现场,村干部和施工队查看进度")
        project_services.record_progress(by=admin, project=project, note="资金已拨付到村,项目已开工", photos=[shot])
        if city_drive is not None and project is made[3]:
            _through_the_fund(admin, claim, city_drive)
    project_services.close_project(by=admin, project=made[3])


def _through_the_fund(admin: User, claim, city_drive) -> None:
    """The claim's money received into a restricted account of the city's fund, then paid to the village by
    two people with the bank slip."""
    drive = donations.open_drive(
        by=admin,
        campaign=city_drive.campaign,
        item=city_drive.item,
        organiser=city_drive.organiser,
        fund=city_drive.fund,
        title="扶贫日认领项目资金(统筹管理)",
        starts_on=date(2026, 10, 10),
        ends_on=date(2026, 11, 30),
        channels=[Channel.TRANSFER],
        designated_uses="认领项目",
    )
    finance = User.objects.get(username="city_finance")
    at = timezone.make_aware(datetime.combine(date(2026, 10, 20), time(10)))
    project_funds.pay_claim_into_fund(by=finance, claim=claim, drive=drive, amount_fen=claim.amount_fen, at=at)
    out = project_funds.request_project_payout(
        by=finance, project=claim.project, drive=drive, amount_fen=claim.amount_fen, use="认领项目"
    )
    assert out.disbursement is not None
    paid = donations.approve_and_pay(by=admin, disbursement=out.disbursement, proof=_photo(4), is_redacted=True)
    publish_proof(by=finance, disbursement=paid)
