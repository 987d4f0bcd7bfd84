"""The campaign as a short text file for the archive, and the 实施方案 .docx where that generator exists."""

from collections.abc import Callable

from django.utils.translation import gettext as _

from fupin.campaigns.deadlines import describe
from fupin.campaigns.models import ActivityItem, Campaign, Requirement

_build_plan: Callable[[Campaign], bytes] | None
try:  # written by the documents/word package; the archive carries the text notice alone without it
    from fupin.documents.word.plan import build_plan as _build_plan
except ImportError:  # pragma: no cover - depends on what is installed
    _build_plan = None


plan_document: Callable[[Campaign], bytes] | None = _build_plan


def _item_lines(item: ActivityItem) -> list[str]:
    lines = [f"({item.number}){item.title}  [{item.get_kind_display()}]"]
    lead = "、".join(u.name for u in item.lead_units.all())
    responsible = "、".join(u.name for u in item.responsible_units.all())
    if lead:
        lines.append(_("    牵头单位:%(u)s") % {"u": lead})
    if responsible:
        lines.append(_("    责任单位:%(u)s") % {"u": responsible})
    if item.description:
        lines += [f"    {line}" for line in item.description.splitlines() if line.strip()]
    return lines


def _requirement_lines(n: int, requirement: Requirement) -> list[str]:
    lines = [f"{n}. {requirement.title}  [{requirement.get_kind_display()}]"]
    due = describe(requirement.due_at)
    if requirement.due_text:
        due += _("(通知原文:%(t)s)") % {"t": requirement.due_text}
    lines.append(_("    截止时间:%(d)s") % {"d": due})
    audience = getattr(requirement, "audience", "")
    if audience:
        lines.append(_("    报送单位:%(a)s") % {"a": audience})
    if requirement.recipient is not None:
        lines.append(_("    报送至:%(u)s") % {"u": requirement.recipient.name})
    if requirement.photo_min_count:
        lines.append(
            _("    照片:%(n)d张以上,像素不低于%(m)sM%(c)s")
            % {
                "n": requirement.photo_min_count,
                "m": requirement.photo_min_megapixels,
                "c": _(",须配文字说明") if requirement.caption_required else "",
            }
        )
    if requirement.description:
        lines += [f"    {line}" for line in requirement.description.splitlines() if line.strip()]
    return lines


def notice_text(campaign: Campaign, items: list[ActivityItem], requirements: list[Requirement]) -> str:
    """「活动通知.txt」: the campaign, its items with their units, requirements with resolved deadlines."""
    lines = [campaign.title, ""]
    lines.append(_("发文单位:%(u)s") % {"u": campaign.unit.name})
    lines.append(
        _("年度:%(y)d年(第%(e)d个扶贫日,第%(i)d个国际消除贫困日)")
        % {"y": campaign.year, "e": campaign.edition, "i": campaign.international_edition}
    )
    for label, value in ((_("活动主题"), campaign.theme), (_("行动口号"), campaign.slogan)):
        if value:
            lines.append(f"{label}:{value}")
    if campaign.starts_on or campaign.ends_on:
        lines.append(_("活动时间:%(s)s 至 %(e)s") % {"s": campaign.starts_on or "", "e": campaign.ends_on or ""})
    for label, text in ((_("指导思想"), campaign.guiding_ideas), (_("基本原则"), campaign.principles)):
        if text:
            lines += ["", f"{label}:", text]
    lines += ["", _("一、活动内容")]
    for item in items:
        lines += _item_lines(item)
    lines += ["", _("二、报送要求")]
    for n, requirement in enumerate(requirements, start=1):
        lines += _requirement_lines(n, requirement)
    contacts = list(campaign.contacts.all())
    if contacts:
        lines += ["", _("三、联系方式")]
        lines += [" ".join(x for x in (c.name, c.phone, c.email, c.note) if x) for c in contacts]
    return "\n".join(lines) + "\n"
