"""Demo: 共青团东阳县委 (account `league_reporter`) and 东阳县第一中学 organise this year's volunteer services; people
signed up, the services of 扶贫日 are done and their hours confirmed (one volunteer did not come), and a service
next week is still open for sign-up."""

from datetime import datetime, time, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from fupin.orgs.demo import DEMO_PASSWORD
from fupin.orgs.models import Membership, Role, User
from fupin.orgs.services import create_account, create_unit

from . import services
from .models import Opportunity

DONE: list[tuple[Any, ...]] = [
    # (organiser, kind, title, place, hours, volunteers with their confirmed hours; None: did not come)
    (
        "league",
        "disability",
        "助残志愿服务:走进县残疾人康复中心",
        "东阳县残疾人康复中心",
        (9, 12),
        [("陈思雨", "3"), ("刘子涵", "3"), ("王一诺", "2.5"), ("张浩然", None)],
    ),
    (
        "league",
        "medical",
        "助医志愿服务:石桥镇义诊引导",
        "石桥镇卫生院",
        (8, 11),
        [("赵晨阳", "3"), ("孙雅琪", "2")],
    ),
    (
        "school",
        "education",
        "助学志愿服务:结对村小周末课业辅导",
        "石桥镇中心小学",
        (14, 17),
        [("高一(3)班 李明轩", "3"), ("高一(3)班 周欣怡", "3"), ("高一(5)班 吴俊杰", "2.5")],
    ),
]


def _league(admin: User, county) -> User:
    league = create_unit(
        by=admin,
        parent=county,
        code="QH-DY-TW",
        name="共青团东阳县委",
        kind="social_organisation",
        contact_person="团县委联络员",
        contact_phone="13900000088",
        contact_email="",
    )
    user, _ = create_account(
        by=admin, unit=league, username="league_reporter", name="马晓东", role=Role.REPORTER, password=DEMO_PASSWORD
    )
    User.objects.filter(pk=user.pk).update(must_change_password=False)
    return user


def _on_the_day(made: Opportunity, year: int, hours: tuple[int, int]) -> Opportunity:
    """The services were posted before 扶贫日 (17 October) and have taken place: set their hours to that day."""
    day = min(datetime(year, 10, 17).date(), timezone.localdate() - timedelta(days=1))
    start, end = (timezone.make_aware(datetime.combine(day, time(h))) for h in hours)
    Opportunity.objects.filter(pk=made.pk).update(starts_at=start, ends_at=end)
    return Opportunity.objects.select_related("organiser").get(pk=made.pk)


@transaction.atomic
def build(ctx: dict) -> None:
    campaign, county = ctx["campaign"], ctx["counties"][0]["county"]
    organisers = {"league": _league(ctx["admin"], county), "school": User.objects.get(username="school1_reporter")}
    teacher = organisers["school"]
    tomorrow = timezone.localdate() + timedelta(days=1)
    for n, (who, kind, title, place, hours, people) in enumerate(DONE):
        by = organisers[who]
        unit = Membership.objects.get(user=by).unit
        made = services.post_opportunity(
            by=by, organiser=unit, campaign=campaign, kind=kind, title=title, place=place,
            held_on=tomorrow, starts=time(hours[0]), ends=time(hours[1]), slots=len(people) + 2,
        )  # fmt: skip
        signed = [
            services.sign_up(by=teacher, opportunity=made, name=name, phone=f"1370000{n:02d}{k:02d}")
            for k, (name, _hours) in enumerate(people)
        ]
        made = _on_the_day(made, campaign.year, hours)
        for sign_up, (_name, confirmed) in zip(signed, people, strict=True):
            sign_up.opportunity = made
            if confirmed is None:
                services.mark_absent(by=by, sign_up=sign_up)
            else:
                services.confirm_hours(by=by, sign_up=sign_up, hours=confirmed)
    upcoming = services.post_opportunity(
        by=organisers["league"], organiser=Membership.objects.get(user=organisers["league"]).unit,
        campaign=campaign, kind="environment", title="环境志愿服务:清洁家园进村庄", place="石桥东村",
        held_on=timezone.localdate() + timedelta(days=7), starts=time(9), ends=time(11, 30), slots=30,
        description="与村民一起清理村道、河塘垃圾,宣传垃圾分类。", is_public=True,
    )  # fmt: skip
    services.sign_up(by=teacher, opportunity=upcoming, name="林小燕", phone="13900000911")
