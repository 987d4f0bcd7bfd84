"""The columns of the donation lists as .xlsx (each page answers `?format=xlsx`, see fupin.lib.list_export):
the page's columns, in Chinese, money in 元 with two decimals, times in Beijing time."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fupin.lib.list_export import MONEY, Column, when, yuan


def _donor(d) -> str:
    """As the drive's page shows it to staff: an anonymous gift keeps the name it was recorded with."""
    if not d.is_anonymous:
        return d.donor_name
    return f"{_('匿名')}({d.donor_name})" if d.donor_name else _("匿名")


def _public_donor(d) -> str:
    return _("匿名") if d.is_anonymous else d.donor_name


def _person(user) -> str:
    return (user.name or user.username) if user else ""


DRIVES = (
    Column(gettext_lazy("募捐活动"), lambda d: d.title),
    Column(gettext_lazy("所属活动"), lambda d: d.campaign.title),
    Column(gettext_lazy("开始日期"), lambda d: when(d.starts_on)),
    Column(gettext_lazy("结束日期"), lambda d: when(d.ends_on)),
    Column(gettext_lazy("组织单位"), lambda d: d.organiser.name),
    Column(gettext_lazy("资金管理"), lambda d: d.fund.unit.name),
    Column(gettext_lazy("笔数"), lambda d: d.gifts),
    Column(gettext_lazy("金额(元)"), lambda d: yuan(d.total_fen), MONEY),
)

DONATIONS = (
    Column(gettext_lazy("收到时间"), lambda d: when(d.received_at)),
    Column(gettext_lazy("捐赠方"), _donor),
    Column(gettext_lazy("捐赠方类型"), lambda d: d.get_donor_type_display()),
    Column(gettext_lazy("所在单位"), lambda d: d.unit.name if d.unit else ""),
    Column(gettext_lazy("方式"), lambda d: d.get_channel_display()),
    Column(gettext_lazy("金额(元)"), lambda d: yuan(d.amount_fen), MONEY),
    Column(gettext_lazy("物资"), lambda d: d.goods_description),
)

PLEDGES = (
    Column(gettext_lazy("认捐编号"), lambda p: p.number),
    Column(gettext_lazy("认捐时间"), lambda p: when(p.created_at)),
    Column(gettext_lazy("捐赠方"), _public_donor),
    Column(gettext_lazy("捐赠方类型"), lambda p: p.get_donor_type_display()),
    Column(gettext_lazy("联系电话"), lambda p: p.phone),
    Column(gettext_lazy("方式"), lambda p: p.get_channel_display()),
    Column(gettext_lazy("物资"), lambda p: p.goods_description),
    Column(gettext_lazy("认捐金额(元)"), lambda p: yuan(p.amount_fen) if p.amount_fen else None, MONEY),
    Column(gettext_lazy("状态"), lambda p: p.get_status_display()),
    Column(gettext_lazy("确认时间"), lambda p: when(p.confirmed_at)),
    Column(
        gettext_lazy("收据号"),
        lambda p: p.donation.receipt.display_number if p.donation and hasattr(p.donation, "receipt") else "",
    ),
)

CONCERNS = (
    Column(gettext_lazy("时间"), lambda c: when(c.created_at)),
    Column(gettext_lazy("募捐活动"), lambda c: c.drive.title),
    Column(gettext_lazy("资金管理"), lambda c: c.drive.fund.unit.name),
    Column(gettext_lazy("反映的问题"), lambda c: c.text),
    Column(gettext_lazy("联系方式"), lambda c: c.contact),
)

BOXES = (
    Column(gettext_lazy("放置地点"), lambda b: b.place),
    Column(gettext_lazy("封条编号"), lambda b: b.seal_number),
    Column(gettext_lazy("类型"), lambda b: b.get_kind_display()),
    Column(gettext_lazy("登记时间"), lambda b: when(b.registered_at)),
    Column(gettext_lazy("开箱次数"), lambda b: b.opened),
    Column(gettext_lazy("累计(元)"), lambda b: yuan(b.collected_fen), MONEY),
)

OPENINGS = (
    Column(gettext_lazy("开箱时间"), lambda o: when(o.opened_at)),
    Column(gettext_lazy("第一清点人"), lambda o: _person(o.first_witness)),
    Column(gettext_lazy("第二清点人"), lambda o: _person(o.second_witness)),
    Column(gettext_lazy("金额(元)"), lambda o: yuan(o.amount_fen), MONEY),
    Column(gettext_lazy("新封条编号"), lambda o: o.new_seal_number),
)

DISBURSEMENTS = (
    Column(gettext_lazy("申请时间"), lambda d: when(d.created_at)),
    Column(gettext_lazy("拨付对象"), lambda d: d.recipient),
    Column(gettext_lazy("用途"), lambda d: d.purpose),
    Column(gettext_lazy("金额(元)"), lambda d: yuan(d.amount_fen), MONEY),
    Column(gettext_lazy("状态"), lambda d: d.get_status_display()),
    Column(gettext_lazy("申请人"), lambda d: _person(d.requested_by)),
    Column(gettext_lazy("审批人"), lambda d: _person(d.approved_by)),
)

GOODS = (
    Column(gettext_lazy("物资"), lambda g: g.goods_description),
    Column(gettext_lazy("收到时间"), lambda g: when(g.received_at)),
    Column(gettext_lazy("捐赠方"), _public_donor),
    Column(gettext_lazy("所在单位"), lambda g: g.unit.name if g.unit else ""),
    Column(gettext_lazy("数量"), lambda g: g.goods_quantity),
    Column(gettext_lazy("已发放"), lambda g: g.handed_out),
    Column(gettext_lazy("计量单位"), lambda g: g.goods_unit),
    Column(gettext_lazy("估值(元)"), lambda g: yuan(g.goods_value_fen), MONEY),
)

HANDOUTS = (
    Column(gettext_lazy("发放时间"), lambda h: when(h.handed_out_at)),
    Column(gettext_lazy("发放对象"), lambda h: h.recipient),
    Column(gettext_lazy("用途"), lambda h: h.purpose),
    Column(gettext_lazy("数量"), lambda h: h.quantity),
    Column(gettext_lazy("登记人"), lambda h: _person(h.recorded_by)),
)

NOMINATIONS = (
    Column(gettext_lazy("企业名称"), lambda n: n.enterprise),
    Column(gettext_lazy("活动"), lambda n: n.campaign.title),
    Column(gettext_lazy("推荐单位"), lambda n: n.nominated_by_unit.name),
    Column(gettext_lazy("联系人"), lambda n: n.contact),
    Column(gettext_lazy("拟捐赠款物"), lambda n: n.intention),
    Column(gettext_lazy("推荐理由"), lambda n: n.reason),
    Column(gettext_lazy("推荐时间"), lambda n: when(n.created_at)),
    Column(gettext_lazy("状态"), lambda n: n.get_status_display()),
    Column(gettext_lazy("捐赠金额(元)"), lambda n: yuan(n.donation.amount_fen) if n.donation else None, MONEY),
)

QUOTA_REVIEWS = (
    Column(gettext_lazy("单位"), lambda r: r.flag.unit.name),
    Column(gettext_lazy("捐款人数"), lambda r: r.flag.givers),
    Column(gettext_lazy("金额相同人数"), lambda r: r.flag.same),
    Column(gettext_lazy("相同金额(元)"), lambda r: yuan(r.flag.amount_fen), MONEY),
    Column(gettext_lazy("核查状态"), lambda r: r.clearance.get_outcome_display() if r.clearance else _("待核查")),
    Column(gettext_lazy("核查人"), lambda r: _person(r.clearance.cleared_by) if r.clearance else ""),
    Column(gettext_lazy("核查时间"), lambda r: when(r.clearance.cleared_at) if r.clearance else ""),
    Column(gettext_lazy("核查说明"), lambda r: r.clearance.reason if r.clearance else ""),
)
