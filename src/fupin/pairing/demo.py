"""Demo: 东阳县's cadres and teachers paired with the households of its villages (county1_cadre with five),
each county bureau paired with a village (单位包村), an urban school with a rural one and its joint activity,
and visits of this year's 行动月 (or last year's before October), some households still unvisited and their
cadres reminded."""

import io
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw

from fupin.households.models import Household
from fupin.lib.uploads import check_photo
from fupin.orgs.models import Role, Unit, UnitKind, User
from fupin.orgs.services import create_account

from . import services
from .coverage import Period
from .reminders import remind_cadres

TEACHERS = [("dy_teacher1", "陈静"), ("dy_teacher2", "周明"), ("xc_teacher1", "吴磊")]
FINDINGS: dict[str, str] = {
    "living": "住房经鉴定安全,饮水入户,家中有电视和冰箱。",
    "income": "种植茶叶两亩,户主在镇上打零工,人均年收入约九千元。",
    "schooling": "孩子在镇中心小学就读,享受营养改善计划。",
    "health": "妻子患高血压,已办理慢性病门诊。",
    "difficulties": "缺少发展产业的启动资金。",
}
MEASURES = ["协助申请小额信贷扩大茶叶种植", "联系县职业学校参加电商培训", "落实教育资助和慢病报销", ""]


def _photo(seed: int):
    image = Image.new("RGB", (1600, 1200), (225, 235, 220))
    draw = ImageDraw.Draw(image)
    draw.rectangle((200, 300 + seed * 20, 1400, 1100), fill=(170, 130, 90))
    draw.polygon([(150, 320), (800, 80), (1450, 320)], fill=(120, 60, 40))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80)
    return check_photo(f"入户走访{seed}.jpg", out.getvalue())


def _day(period: Period, day: int, today: date) -> date:
    return min(period.start + timedelta(days=day - 1), today)


def _cadre_pairings(admin: User, county: Unit, cadres: list[User], started: date) -> list:
    villages = Unit.objects.filter(path__startswith=county.path, kind=UnitKind.VILLAGE).order_by("path")
    households = list(Household.objects.filter(village__in=villages).order_by("village__path", "pk")[:11])
    made = []
    for i, household in enumerate(households):
        cadre = cadres[0] if i < 5 else cadres[1 + i % (len(cadres) - 1)]
        unit = Unit.objects.filter(memberships__user=cadre).order_by("memberships__pk")[0]
        made.append(
            services.create_pairing(
                by=admin, kind="cadre_household", unit=unit, cadre=cadre, household=household, started_on=started
            )
        )
    return made


def _visits(admin: User, pairings: list, period: Period, today: date) -> None:
    for i, pairing in enumerate(pairings):
        if i % 4 == 3:
            continue  # not yet visited: shows on the coverage page with the cadre's phone
        day = _day(period, 3 + i, today)
        follow = day + timedelta(days=14) if i % 3 == 0 else None
        services.record_visit(
            by=pairing.cadre,
            pairing=pairing,
            kind="home_visit",
            visited_on=day,
            visitors=pairing.cadre.name,
            poverty_causes=pairing.household.poverty_causes,
            measures=MEASURES[i % len(MEASURES)],
            follow_up_on=follow,
            photos=[_photo(i)] if i % 2 == 0 else [],
            living=FINDINGS["living"],
            income=FINDINGS["income"],
            schooling=FINDINGS["schooling"],
            health=FINDINGS["health"],
            difficulties=FINDINGS["difficulties"],
        )
    services.record_visit(
        by=admin, pairing=pairings[0], kind="leader_visit", visited_on=_day(period, 17, today), visitors="陈志刚"
    )


def _school_pairing(admin: User, county: Unit, period: Period, today: date) -> None:
    schools = Unit.objects.filter(path__startswith=county.path, kind=UnitKind.SCHOOL).order_by("path")
    urban, rural = schools.filter(area="urban").first(), schools.filter(area="rural").first()
    if urban is None or rural is None:
        return
    pairing = services.create_pairing(
        by=admin, kind="school_school", unit=urban, partner_unit=rural, started_on=period.start - timedelta(days=300)
    )
    services.record_visit(
        by=admin,
        pairing=pairing,
        kind="joint_activity",
        visited_on=_day(period, 16, today),
        visitors="两校师生代表",
        place=rural.name,
        participants=120,
        photos=[_photo(40)],
    )


@transaction.atomic
def build(ctx: dict) -> None:
    admin, counties = ctx["admin"], ctx["counties"]
    today = timezone.localdate()
    period = Period.action_month(today)
    started = period.start - timedelta(days=200)
    for username, name in TEACHERS:
        county = counties[0 if username.startswith("dy") else 1]
        create_account(
            by=admin, unit=county["first_school"], username=username, name=name, role=Role.CADRE, password="Fupin@2026"
        )
    for county in counties:
        village = Unit.objects.filter(path__startswith=county["county"].path, kind=UnitKind.VILLAGE).first()
        services.create_pairing(
            by=admin, kind="unit_village", unit=county["county"], partner_unit=village, started_on=started
        )
    cadres = [User.objects.get(username=u) for u in ("county1_cadre", "dy_teacher1", "dy_teacher2")]
    pairings = _cadre_pairings(admin, counties[0]["county"], cadres, started)
    _visits(admin, pairings, period, today)
    xc = _cadre_pairings(admin, counties[1]["county"], [User.objects.get(username="xc_teacher1")] * 2, started)
    _visits(admin, xc[:4], period, today)
    _school_pairing(admin, counties[0]["county"], period, today)
    remind_cadres(today=today)
