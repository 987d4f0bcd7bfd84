"""实施方案 (.docx): a campaign written out as the 公文 an office would issue, in the GB/T 9704 layout."""

from collections.abc import Callable
from typing import Any

from django.utils import timezone

from fupin.assessment.plan import weak_points_section
from fupin.campaigns.deadlines import SHANGHAI, describe
from fupin.campaigns.models import Campaign, Requirement, RequirementKind
from fupin.campaigns.selectors.campaigns import campaign_items, campaign_requirements
from fupin.orgs.policy import AnyUser

from . import gbt9704 as gw

# Sections other apps write into the plan from their own data, before its 活动内容. Each gives, for the campaign
# and the person drafting it, (heading, [(sub-heading, paragraphs), ...]), an empty sub-heading for paragraphs
# under the heading itself, or None to leave the section out.
type DomainSection = Callable[[Campaign, AnyUser | None], tuple[str, list[tuple[str, list[str]]]] | None]
DOMAIN_SECTIONS: list[DomainSection] = [weak_points_section]


def cn_date(day) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def editions_sentence(campaign: Campaign) -> str:
    return (
        f"{campaign.year}年10月17日是第{campaign.edition}个全国扶贫日，"
        f"也是第{campaign.international_edition}个国际消除贫困日。"
    )


def _paragraphs(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _units(item) -> str:
    """「（牵头单位：市学生资助中心；责任单位：各直属学校）」, as the notices write it."""
    parts = []
    for label, units in (("牵头单位", item.lead_units.all()), ("责任单位", item.responsible_units.all())):
        names = "、".join(unit.name for unit in units)
        if names:
            parts.append(f"{label}：{names}")
    return f"（{'；'.join(parts)}）" if parts else ""


def deliverable(requirement: Requirement) -> str:
    """What is due, in the words of a notice: 「活动照片4张以上（像素不低于3M，须配文字说明）」."""
    if requirement.kind == RequirementKind.PHOTOS:
        rules = []
        if requirement.photo_min_megapixels:
            rules.append(f"像素不低于{requirement.photo_min_megapixels.normalize():f}M")
        if requirement.caption_required:
            rules.append("须配文字说明")
        count = f"{requirement.photo_min_count}张以上" if requirement.photo_min_count else ""
        return f"{requirement.title}{count}" + (f"（{'，'.join(rules)}）" if rules else "")
    if requirement.kind == RequirementKind.STAT_TABLE and requirement.stat_table is not None:
        return f"《{requirement.stat_table.title}》"
    return requirement.title


def due_sentence(requirement: Requirement) -> str:
    """「所有学校请于2026年10月19日(周一)24:00前将活动总结报送清河市教育局。」"""
    # an extra attribute set by campaign_requirements, not a model field (hence no plain attribute access)
    who: str = getattr(requirement, "audience") or "各单位"  # noqa: B009
    to = f"报送{requirement.recipient.name}" if requirement.recipient else "报送"
    return f"{who}请于{describe(requirement.due_at)}前将{deliverable(requirement)}{to}。"


def _intro(doc, campaign: Campaign) -> None:
    gw.body(
        doc,
        f"{editions_sentence(campaign)}为组织好{campaign.year}年扶贫日系列活动，"
        f"{campaign.unit.name}结合工作实际，制定本实施方案。",
    )


def _fixed_sections(campaign: Campaign) -> list[tuple[str, list[str]]]:
    theme = [f"活动主题：{campaign.theme}"] if campaign.theme else []
    slogan = [f"行动口号：{campaign.slogan}"] if campaign.slogan else []
    period = []
    if campaign.starts_on and campaign.ends_on:
        period = [f"{cn_date(campaign.starts_on)}至{cn_date(campaign.ends_on)}。"]
    return [
        ("活动主题", theme + slogan),
        ("指导思想", _paragraphs(campaign.guiding_ideas)),
        ("基本原则", _paragraphs(campaign.principles)),
        ("活动时间", period),
    ]


def _items(doc, campaign: Campaign) -> None:
    for number, item in enumerate(campaign_items(campaign), start=1):
        gw.heading2(doc, number, item.title)
        for text in _paragraphs(item.description):
            gw.body(doc, text)
        if units := _units(item):
            gw.body(doc, units)


def _requirements(doc, requirements: list[Requirement]) -> None:
    for number, requirement in enumerate(requirements, start=1):
        gw.heading2(doc, number, requirement.title)
        gw.body(doc, due_sentence(requirement))
        for text in _paragraphs(requirement.description):
            gw.body(doc, text)


def _contacts(doc, campaign: Campaign) -> None:
    for contact in campaign.contacts.all():
        parts = [f"联系人：{contact.name}"]
        parts += [f"电话：{contact.phone}"] if contact.phone else []
        parts += [f"邮箱：{contact.email}"] if contact.email else []
        note = f"（{contact.note}）" if contact.note else ""
        gw.body(doc, "，".join(parts) + note + "。")


def _domain_sections(doc, campaign: Campaign, by: AnyUser | None, number: int) -> int:
    """Write each app's section under the next number; returns the last number used."""
    for write in DOMAIN_SECTIONS:
        section = write(campaign, by)
        if section is None:
            continue
        number += 1
        gw.heading1(doc, number, section[0])
        sub = 0
        for heading, paragraphs in section[1]:
            if heading:
                sub += 1
                gw.heading2(doc, sub, heading)
            for text in paragraphs:
                gw.body(doc, text)
    return number


def build_plan(campaign: Campaign, *, by: AnyUser | None = None) -> bytes:
    """The campaign's 实施方案 as a .docx: editions, theme, ideas, what other apps add for the office drafting
    it (`by`), items with units, requirements, contacts."""
    doc = gw.new_document()
    gw.title(doc, campaign.title)
    _intro(doc, campaign)
    number = 0
    for heading, paragraphs in _fixed_sections(campaign):
        if paragraphs:
            number += 1
            gw.heading1(doc, number, heading)
            for text in paragraphs:
                gw.body(doc, text)
    number = _domain_sections(doc, campaign, by, number)
    parts: list[tuple[str, bool, Callable[[Any, Campaign], None]]] = [("活动内容", campaign.items.exists(), _items)]
    requirements = campaign_requirements(campaign)
    parts.append(("报送要求", bool(requirements), lambda d, c: _requirements(d, requirements)))
    parts.append(("联系方式", campaign.contacts.exists(), _contacts))
    for heading, present, write in parts:
        if present:
            number += 1
            gw.heading1(doc, number, heading)
            write(doc, campaign)
    issued = campaign.published_at or timezone.now()
    gw.signature(doc, campaign.unit.name, cn_date(issued.astimezone(SHANGHAI).date()))
    return gw.to_bytes(doc)
