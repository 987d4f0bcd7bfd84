"""Demo: this year's city campaign in the style of the notices, published and well under way, and one
county's own plan derived from it, with hand-ins on time, late, returned, approved and missing."""

import io
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from PIL import Image, ImageDraw

from fupin.orgs.models import Unit, User

from .deadlines import SHANGHAI
from .models import Campaign, StatTable, Task
from .services import campaigns as cs
from .services import stats
from .services import tasks as ts
from .stat_templates import ensure_ready_templates

ITEMS = [
    (
        "开展教育帮扶政策集中宣传",
        "publicity",
        "ZZZX",
        "利用校园网站、公众号、宣传栏和升旗仪式,宣传学生资助和教育帮扶政策。",
    ),
    (
        "召开一次国情教育主题班会",
        "national_conditions_education",
        "FPB",
        "引导师生了解乡村振兴进展,学会感恩、传递爱心。",
    ),
    ("开展“结对帮扶行动月”入户走访", "pairing_visit", "FPB", "帮扶责任人到结对户家中走访,核实情况,落实帮扶措施。"),
    ("开展认领“微心愿”活动", "micro_wish", "FPB", "组织干部教师认领困难学生和脱贫监测户的微心愿。"),
    ("开展秋季学期资助政策落实核查", "student_aid", "ZZZX", "逐一核对建档立卡家庭学生资助情况,确保应助尽助。"),
    ("举办“爱心助学”主题图片展", "exhibition", "XCK", "各单位报送活动照片,择优在市教育局网站展出。"),
]
# (kind, title, due text, other requirement fields); asked of the counties and the city's own schools unless
# the fields say otherwise (the photos are asked of every school, so county 1's own plan takes those tasks over)
REQUIREMENTS: list[tuple[str, str, str, dict[str, Any]]] = [
    ("plan", "扶贫日活动方案", "10月10日下午下班前", {}),
    (
        "photos",
        "活动照片",
        "10月19日前",
        {
            "photo_min_count": 2,
            "photo_min_megapixels": 3,
            "caption_required": True,
            "unit_kinds": ["school"],
            "direct_only": False,
        },
    ),
    (
        "summary",
        "扶贫日活动总结",
        "10月31日前",
        {"paper_copies": 1, "paper_stamped": True, "paper_deliver_to": "市教育局扶贫办(市行政中心5楼512室)"},
    ),
]
DIRECT_UNITS: dict[str, Any] = {"unit_kinds": ["county_bureau", "school"], "direct_only": True}


def _photo(seed: int) -> bytes:
    """A distinct 3-megapixel picture per seed (a frame at a seed-dependent place), so no two are the same."""
    image = Image.new("RGB", (2048, 1536), (183, 38, 43))
    offset = 40 + seed % 20 * 30
    ImageDraw.Draw(image).rectangle((offset, offset, 2048 - offset, 1536 - offset), outline=(255, 255, 255), width=24)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=70)
    return out.getvalue()


def _at(month: int, day: int, hour: int = 10) -> datetime:
    return datetime(2026, month, day, hour, tzinfo=SHANGHAI)


def _build_campaign(admin: User, city: Unit) -> Campaign:
    ensure_ready_templates()
    campaign = cs.create_campaign(
        by=admin,
        unit=city,
        year=2026,
        title="清河市教育局2026年教育系统扶贫日活动实施方案",
        theme="巩固拓展教育帮扶成果,助力乡村全面振兴",
        slogan="10·17,让爱心汇聚校园",
        guiding_ideas="围绕“义务教育有保障”目标,动员全市教育系统师生关注困难群众、关心困难学生,"
        "以扶贫日为契机集中宣传教育帮扶政策、展示帮扶成效。",
        principles="自愿参与,公开透明;因校制宜,务实节俭;精准帮扶,讲求实效。",
        starts_on=_at(10, 8).date(),
        ends_on=_at(10, 31).date(),
    )
    departments = {u.code.split("-")[-1]: u for u in Unit.objects.filter(parent=city, kind="department")}
    counties = list(Unit.objects.filter(parent=city, kind="county_bureau"))
    for title, kind, lead, text in ITEMS:
        cs.add_item(
            by=admin,
            campaign=campaign,
            title=title,
            kind=kind,
            description=text,
            lead_units=[departments[lead]],
            responsible_units=counties,
        )
    for kind, title, due_text, extra in REQUIREMENTS:
        cs.add_requirement(
            by=admin,
            campaign=campaign,
            kind=kind,
            title=title,
            due_text=due_text,
            recipient=departments["FPB"],
            **(DIRECT_UNITS | extra),
        )
    table = stats.copy_template(
        by=admin, campaign=campaign, template=StatTable.objects.get(campaign=None, code="fupin_day_activity")
    )
    cs.add_requirement(
        by=admin,
        campaign=campaign,
        kind="stat_table",
        title=table.title,
        stat_table=table,
        due_text="10月20日下午三点前",
        unit_kinds=["county_bureau", "school"],
        direct_only=True,
        recipient=departments["FPB"],
    )
    cs.add_contact(
        by=admin,
        campaign=campaign,
        name="李红梅",
        phone="0571-88886666",
        email="fpb@qinghe.edu.cn",
        note="市教育局扶贫办",
    )
    return campaign


def _hand_in(task: Task, by: User, at: datetime, reviewer: User, outcome: str) -> None:
    """One of: on_time, late, returned, approved, missing."""
    if outcome == "missing":
        return
    requirement = task.requirement
    if requirement.kind == "stat_table":
        stats.fill_report(by=by, task=task, rows=[_figures(task.pk)], at=at)
    elif requirement.kind == "photos":
        uploads = [
            ts.Upload(f"{task.unit.name}活动照片{i}.jpg", _photo(task.pk * 2 + i), f"{task.unit.name}扶贫日主题活动")
            for i in (1, 2)
        ]
        ts.submit_task(by=by, task=task, uploads=uploads, at=at)
    else:
        ts.submit_task(
            by=by, task=task, text=f"{task.unit.name}{requirement.title}:按照通知要求组织开展,师生踊跃参与。", at=at
        )
    if outcome == "returned":
        ts.return_submission(by=reviewer, task=task, comment="请补充参与师生人数和活动照片说明。")
    elif outcome == "approved":
        ts.approve_submission(by=reviewer, task=task)
        if requirement.paper_copies:  # the stamped paper copy came with the approved hand-in
            ts.mark_paper_received(by=reviewer, task=task)


def _figures(seed: int) -> dict:
    """Plausible figures of one unit's 扶贫日活动情况统计表."""
    participants = 600 + seed * 37 % 900
    return {
        "activities": 4 + seed % 5,
        "class_meetings": 2 + seed % 3,
        "participants": participants,
        "students": participants * (80 + seed % 15) // 100,  # 其中 students: never more than all participants
        "parents": 300 + seed * 13 % 400,
        "materials": 200 + seed % 150,
        "students_helped": 5 + seed % 20,
        "help_money": f"{1000 + seed * 97 % 9000}.00",
        "main_date": "2026-10-17",
        "remark": "",
    }


OUTCOMES = ["approved", "on_time", "late", "returned", "approved", "missing", "on_time", "approved"]


def _progress(campaign: Campaign, by: User, reviewer: User) -> None:
    """Hand in the campaign's tasks still pending (a task the county's plan took over keeps its status)."""
    tasks = Task.objects.filter(requirement__campaign=campaign, status="pending").select_related("requirement", "unit")
    for index, task in enumerate(tasks.order_by("requirement__due_at", "unit__path")):
        outcome = OUTCOMES[(task.unit_id * 7 + task.requirement_id * 3) % len(OUTCOMES)]
        due_at = task.requirement.due_at
        at = due_at + timedelta(hours=20) if outcome == "late" else due_at - timedelta(days=1, hours=index % 5)
        _hand_in(task, by, at, reviewer, outcome)


@transaction.atomic
def build(ctx: dict) -> None:
    admin, city = ctx["admin"], ctx["city"]
    campaign = _build_campaign(admin, city)
    cs.publish_campaign(by=admin, campaign=campaign)
    Campaign.objects.filter(pk=campaign.pk).update(published_at=_at(10, 5, 9))
    # what is handed in to 市教育局扶贫办 is reviewed there, by its coordinator
    _progress(campaign, User.objects.get(username="city_admin"), User.objects.get(username="city_coordinator"))
    county = ctx["counties"][0]["county"]
    county_admin = User.objects.get(username="county1_admin")
    child = cs.derive_child_campaign(by=county_admin, parent=campaign, unit=county)
    for requirement in child.requirements.all():
        cs.update_requirement(by=county_admin, requirement=requirement, unit_kinds=["school"], direct_only=True)
    cs.publish_campaign(by=county_admin, campaign=child)
    _progress(child, county_admin, county_admin)
    ctx["campaign"] = campaign
