"""The ranking as an assessment table (.xlsx): 序号, 单位, each rule's points, 合计, 名次."""

from django.utils import timezone
from django.utils.translation import gettext as _

from fupin.lib.xlsx_write import write_form

from .models import AssessmentScheme
from .rules import RULES
from .selectors import RankedRow


def assessment_table(scheme: AssessmentScheme, group_label: str, rows: list[RankedRow]) -> bytes:
    rules = list(scheme.rules.all())
    headers = [_("序号"), _("单位"), *[str(RULES[r.rule_key].label) for r in rules if r.rule_key in RULES]]
    headers += [_("合计"), _("名次")]
    keys = [r.rule_key for r in rules if r.rule_key in RULES]
    body = [
        [i, row.result.unit.name, *[row.points.get(k) for k in keys], row.result.total, row.rank]
        for i, row in enumerate(rows, start=1)
    ]
    state = _("已发布") if scheme.is_published else _("初稿")
    info = [
        _("考核单位:%(u)s") % {"u": scheme.campaign.unit.name},
        _("参评类别:%(g)s") % {"g": group_label},
        _("状态:%(s)s") % {"s": state},
        _("导出日期:%(d)s") % {"d": f"{timezone.localdate():%Y-%m-%d}"},
    ]
    return write_form(
        title=_("%(c)s 年度考核得分表") % {"c": scheme.campaign.title},
        headers=headers,
        rows=body,
        info=info,
        formats=[None, None, *["0.00"] * len(keys), "0.00", None],
        sheet_name=_("考核得分"),
    )
