"""Collect once: the aid figures of a unit's subtree for a campaign's year, read from the awards and the
registry, for the statistics tables and the 活动总结 — nobody types them again."""

from datetime import datetime

from django.db.models import Exists, OuterRef, QuerySet, Sum

from fupin.campaigns.models import Campaign
from fupin.campaigns.sources import register_source
from fupin.lib.money import yuan
from fupin.orgs.models import Unit

from .models import AidAward, AwardStatus, Enrolment, Student, StudentCategory


def _awards(unit: Unit, campaign) -> QuerySet[AidAward]:
    return AidAward.objects.filter(
        status=AwardStatus.APPROVED, student__school__path__startswith=unit.path, program__opens_on__year=campaign.year
    )


def aided_students(unit: Unit, campaign) -> int:
    return _awards(unit, campaign).values("student_id").distinct().count()


def registered_students(unit: Unit, campaign) -> int:
    """Enrolled 建档立卡 students of the subtree, as the registry stands."""
    qs = Student.objects.filter(school__path__startswith=unit.path, enrolment=Enrolment.ENROLLED)
    return qs.filter(categories__icontains=f'"{StudentCategory.REGISTERED_POOR}"').count()


def unaided_registered(unit: Unit, campaign) -> int:
    live = AidAward.objects.filter(student=OuterRef("pk")).exclude(status=AwardStatus.RETURNED)
    qs = Student.objects.filter(school__path__startswith=unit.path, enrolment=Enrolment.ENROLLED)
    qs = qs.filter(categories__icontains=f'"{StudentCategory.REGISTERED_POOR}"')
    return qs.exclude(Exists(live)).exclude(coverage_notes__isnull=False).count()


def aid_paragraphs(campaign: Campaign, unit: Unit, now: datetime) -> list[str]:
    aided = aided_students(unit, campaign)
    if not aided:
        return []
    total = _awards(unit, campaign).aggregate(s=Sum("amount_fen"))["s"] or 0
    lines = [f"{campaign.year}年,{unit.name}及所属学校共资助家庭经济困难学生{aided}人,资助金额{yuan(total)}元。"]
    gaps = unaided_registered(unit, campaign)
    registered = registered_students(unit, campaign)
    if gaps:
        lines.append(f"在读建档立卡学生{registered}人中,尚有{gaps}人未资助且未说明原因,将逐一核实,确保应助尽助。")
    elif registered:
        lines.append(f"在读建档立卡学生{registered}人均已资助或说明原因,做到应助尽助。")
    return lines


def register() -> None:
    register_source("aid.aided_students", "学生资助:受助学生人数", aided_students)
    register_source("aid.registered_students", "学生资助:建档立卡在读学生数", registered_students)
    register_source("aid.unaided_registered", "学生资助:未资助且未说明原因的建档立卡学生数", unaided_registered)
