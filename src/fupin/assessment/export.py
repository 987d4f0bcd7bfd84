"""The ranking as an assessment table (.xlsx): 序号, 单位, each rule's points, 合计, 名次, written a row at a
time as the group is read a chunk at a time."""

from django.utils import timezone
from django.utils.translation import gettext as _

from fupin.lib.xlsx_form_stream import display_width, stream_form
from fupin.orgs.models import Unit

from . import selectors
from .models import AssessmentScheme
from .rules import RULES
from .selectors import PeerGroup


def assessment_table(scheme: AssessmentScheme, group: PeerGroup, within: Unit | None) -> bytes:
    rules = [r for r in scheme.rules.all() if r.rule_key in RULES]
    keys = [r.rule_key for r in rules]
    headers = [_("序号"), _("单位"), *[str(RULES[key].label) for key in keys], _("合计"), _("名次")]
    longest = selectors.longest_name(scheme, kind=group.kind, stage=group.stage, within=within)
    numbers = len(str(group.count))
    widths = [numbers, display_width(longest), *[6] * len(keys), 6, numbers]
    ranked = selectors.ranking(scheme, kind=group.kind, stage=group.stage, within=within)
    body = (
        [i, row.unit_name, *[row.points.get(k) for k in keys], row.total, row.rank]
        for i, row in enumerate(ranked, start=1)
    )
    state = _("已发布") if scheme.is_published else _("初稿")
    info = [
        _("考核单位:%(u)s") % {"u": scheme.campaign.unit.name},
        _("参评类别:%(g)s") % {"g": group.label},
        _("状态:%(s)s") % {"s": state},
        _("导出日期:%(d)s") % {"d": f"{timezone.localdate():%Y-%m-%d}"},
    ]
    return stream_form(
        title=_("%(c)s 年度考核得分表") % {"c": scheme.campaign.title},
        headers=headers,
        rows=body,
        widths=widths,
        info=info,
        formats=[None, None, *["0.00"] * len(keys), "0.00", None],
        sheet_name=_("考核得分"),
    )
