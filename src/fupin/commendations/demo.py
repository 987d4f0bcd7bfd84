"""Demo: this year's 选树典型. Two schools and a county bureau nominate a teacher, a student volunteer group and
an enterprise with their deeds; the counties select and forward, the city selects the enterprise and a county
returns one nomination for more detail; the city publishes its 表彰名单 with a certificate each. The teacher's
case takes its photo from the school's photo library, so the library holds what the publicity records hold."""

from datetime import date

from django.utils import timezone

from fupin.orgs.models import Membership, Unit, User
from fupin.publicity.models import Photo

from . import services

LIBRARY_CAPTION = "班主任向家长讲解学生资助政策"  # recorded by the publicity demo at the same school
NOMINATIONS = [
    # (who, category, kind, name, nominee unit, deeds, reviewer, decision, reason)
    (
        "school1_reporter",
        "individual",
        "teacher",
        "李明华",
        "东阳县第一中学",
        "担任高一(3)班班主任八年,结对帮扶石桥镇建档立卡家庭学生12名,坚持每月家访;"
        "扶贫日期间组织全班开展主题班会和图书捐赠,带动家长捐赠图书600余册。",
        "county1_admin",
        "select",
        "扎根一线,结对帮扶成效明显,事迹感人",
    ),
    (
        "school2_reporter",
        "collective",
        "other",
        "西川县第一中学青年志愿者服务队",
        "西川县第一中学",
        "服务队由86名师生组成,一年来到敬老院和留守儿童之家开展助老、助学志愿服务40余次,"
        "扶贫日当天为结对村小学送去学习用品300套。",
        "county2_admin",
        "select",
        "志愿服务常态化,带动面广",
    ),
    (
        "county1_admin",
        "collective",
        "enterprise",
        "东阳县绿源茶业有限公司",
        "东阳县绿源茶业有限公司",
        "以“公司+合作社+农户”方式带动石桥镇168户脱贫户种植茶叶,户均年增收6000余元;"
        "扶贫日认领教育帮扶项目2个,资助家庭困难学生45名。",
        "city_admin",
        "select",
        "产业带动作用突出,积极参与教育帮扶",
    ),
    (
        "school2_reporter",
        "individual",
        "teacher",
        "赵静",
        "西川县第一中学",
        "积极参与扶贫日活动。",
        "county2_admin",
        "return",
        "事迹过于简略,请补充具体做法和成效后重新报送",
    ),
]


def _unit_of(user: User) -> Unit:
    return Membership.objects.select_related("unit").get(user=user).unit


def _nominate(campaign, row):
    who, category, kind, name, nominee_unit, deeds, reviewer, decision, reason = row
    user = User.objects.get(username=who)
    made = services.nominate(
        by=user,
        unit=_unit_of(user),
        campaign=campaign,
        category=category,
        kind=kind,
        name=name,
        nominee_unit=nominee_unit,
        deeds=deeds,
    )
    if kind == "teacher" and decision == "select":
        photo = Photo.objects.filter(unit=made.unit, caption=LIBRARY_CAPTION).first()
        if photo is not None:
            services.attach_library_photo(by=user, nomination=made, photo=photo)
    services.submit_nomination(by=user, nomination=made)
    office_admin = User.objects.get(username=reviewer)
    office = _unit_of(office_admin)
    made = services.review_nomination(by=office_admin, office=office, nomination=made, decision=decision, reason=reason)
    if decision == "select" and office.parent_id is not None:
        made = services.forward_nomination(by=office_admin, office=office, nomination=made)
    return made


def build(ctx: dict) -> None:
    campaign, today = ctx["campaign"], timezone.localdate()
    made = [_nominate(campaign, row) for row in NOMINATIONS]
    city_admin = User.objects.get(username="city_admin")
    clist = services.create_commendation_list(
        by=city_admin,
        office=ctx["city"],
        campaign=campaign,
        title=f"关于表彰{campaign.year}年扶贫日活动先进个人和先进集体的决定",
        document_number=f"清教发〔{campaign.year}〕18号",
        issued_on=min(date(campaign.year, 10, 25), today),
    )
    for nomination in made:
        if nomination.status == "selected":
            services.add_to_list(by=city_admin, commendation_list=clist, nomination=nomination)
    services.publish_list(by=city_admin, commendation_list=clist)
