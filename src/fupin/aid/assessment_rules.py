"""年度考核: 应助尽助, the share of a school's enrolled 建档立卡 students with an award or a recorded reason,
counted as the aid coverage page counts them."""

from collections.abc import Sequence
from decimal import Decimal

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fupin.assessment.rules import Measured, Rule, RuleKind, register_rule, shares
from fupin.campaigns.models import Campaign

from .coverage import _aided, _explained
from .models import Enrolment, Student, StudentCategory


def measure_aid_coverage(campaign: Campaign, unit_ids: Sequence[int]) -> dict[int, Measured]:
    rows = (
        Student.objects.filter(
            school__path__startswith=campaign.unit.path,
            enrolment=Enrolment.ENROLLED,
            categories__icontains=f'"{StudentCategory.REGISTERED_POOR}"',
        )
        .annotate(is_aided=_aided(), is_explained=_explained())
        .values("school_id")
        .annotate(registered=Count("pk"), covered=Count("pk", filter=Q(is_aided=True) | Q(is_explained=True)))
        .order_by()
    )
    evidence = (reverse("aid_coverage"), _("应助尽助情况"))
    return shares(
        {r["school_id"]: (r["covered"], r["registered"]) for r in rows},
        unit_ids,
        _("在校建档立卡学生 %(t)d 人:已资助或已记录原因 %(d)d 人得分,未资助且无原因 %(m)d 人不得分"),
        _("本单位没有在校建档立卡学生,本项按满分计"),
        lambda pk: evidence,
    )


register_rule(
    Rule(
        "aid.coverage",
        gettext_lazy("应助尽助"),
        RuleKind.RATIO,
        gettext_lazy("在校建档立卡学生已资助或已记录原因的比例"),
        Decimal(15),
        None,
        measure_aid_coverage,
        order=50,
    )
)
