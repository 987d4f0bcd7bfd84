"""The columns of the pairing lists when exported to .xlsx (households masked, as on the pages)."""

from django.utils.translation import gettext_lazy as _

from fupin.lib.list_export import Column, Sheet, when


def _cadre(p) -> str:
    return str(p.cadre) if p.cadre_id else ""


PAIRINGS = [
    Column(_("结对类型"), lambda p: p.get_kind_display()),
    Column(_("帮扶单位"), lambda p: p.unit.name),
    Column(_("帮扶责任人"), _cadre),
    Column(_("结对对象"), lambda p: p.partner_label()),
    Column(_("开始日期"), lambda p: when(p.started_on)),
    Column(_("走访次数"), lambda p: p.visit_count),
    Column(_("最近走访"), lambda p: when(p.last_visit)),
]

MINE = [
    Column(_("所在村"), lambda p: p.household.village.name),
    Column(_("户主"), lambda p: p.household.head_name),
    Column(_("户类别"), lambda p: p.household.get_category_display()),
    Column(_("走访次数"), lambda p: p.visit_count),
    Column(_("最近走访"), lambda p: when(p.last_visit)),
]


def my_sheet(pairings) -> Sheet:
    return Sheet(str(_("我的帮扶户")), MINE, pairings)


def coverage_columns(first: str, *, phone: bool = False):
    return [
        Column(first, lambda t: t.label),
        *([Column(_("联系电话"), lambda t: t.cadre.phone if t.cadre else "")] if phone else []),
        Column(_("结对户"), lambda t: t.paired),
        Column(_("已走访户"), lambda t: t.visited_count),
        Column(_("未走访户"), lambda t: t.unvisited),
        Column(_("走访覆盖率(%)"), lambda t: t.percent),
        Column(_("入户走访(人次)"), lambda t: t.visits),
        Column(_("商定帮扶措施的走访"), lambda t: t.with_measures),
        Column(_("回访逾期"), lambda t: t.overdue),
        Column(_("一线慰问调研(次)"), lambda t: t.leader_visits),
    ]
