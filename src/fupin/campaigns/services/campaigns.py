"""Issuing a campaign: its text, items and requirements; publishing, copying and deriving a child."""

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fupin.audit.models import AuditAction
from fupin.audit.services import created, diff, record_for, snapshot
from fupin.lib.text import clean_text
from fupin.orgs.models import Unit, User

from ..deadlines import describe, resolve_deadline, unresolved_reason
from ..models import ActivityItem, Campaign, CampaignStatus, Contact, Requirement
from .tasks import generate_tasks

CAMPAIGN_FIELDS = ("title", "theme", "slogan", "guiding_ideas", "principles", "starts_on", "ends_on", "year")
ITEM_FIELDS = ("title", "kind", "description")
REQUIREMENT_FIELDS = (
    "kind",
    "title",
    "description",
    "due_at",
    "due_text",
    "close_after_days",
    "photo_min_count",
    "photo_min_megapixels",
    "caption_required",
    "stat_table",
    "unit_kinds",
    "school_stages",
    "direct_only",
    "recipient",
    "item",
    "paper_copies",
    "paper_stamped",
    "paper_deliver_to",
)


def _validate(obj: models.Model, exclude: Iterable[str] = ()) -> None:
    try:
        obj.full_clean(exclude=list(exclude))
    except ValidationError as exc:
        raise ValidationError(exc.message_dict) from None


def check_not_duplicate(*, unit: Unit, year: int) -> None:
    """A unit's campaign of a year is not issued twice by accident: a second one needs a confirmation,
    and the question names the one that exists."""
    existing = Campaign.objects.filter(unit=unit, year=year).order_by("id").first()
    if existing is not None:
        message = _("%(u)s已有%(y)d年的活动「%(t)s」(%(s)s),确认仍要再建一个吗?") % {
            "u": unit.name,
            "y": year,
            "t": existing.title,
            "s": existing.get_status_display(),
        }
        raise ValidationError({"allow_duplicate": [ValidationError(message, code="duplicate")]})


@transaction.atomic
def create_campaign(
    *, by: User, unit: Unit, year: int, title: str, allow_duplicate: bool = True, **fields: Any
) -> Campaign:
    """A draft campaign of `unit`; nothing reaches any other unit until it is published. With
    `allow_duplicate` off (a person issuing or copying, who has not yet confirmed), a second campaign of the
    same unit and year is refused with the question that names the existing one."""
    if not allow_duplicate:
        check_not_duplicate(unit=unit, year=year)
    campaign = Campaign(unit=unit, year=year, title=clean_text(title), created_by=by, **fields)
    _validate(campaign, exclude=["created_by", "parent"])
    campaign.save()
    record_for(by, AuditAction.CREATE, campaign, unit, created(snapshot(campaign, CAMPAIGN_FIELDS)))
    return campaign


@transaction.atomic
def update_campaign(*, by: User, campaign: Campaign, **fields: Any) -> Campaign:
    before = snapshot(campaign, CAMPAIGN_FIELDS)
    for name, value in fields.items():
        if name in CAMPAIGN_FIELDS:
            setattr(campaign, name, value)
    _validate(campaign, exclude=["created_by", "parent"])
    campaign.save()
    changes = diff(before, snapshot(campaign, CAMPAIGN_FIELDS))
    if changes:
        record_for(by, AuditAction.UPDATE, campaign, campaign.unit, changes)
    return campaign


@transaction.atomic
def add_contact(
    *, by: User, campaign: Campaign, name: str, phone: str = "", email: str = "", note: str = ""
) -> Contact:
    contact = Contact(campaign=campaign, name=clean_text(name), phone=clean_text(phone), email=email, note=note)
    _validate(contact, exclude=["campaign"])
    contact.save()
    record_for(by, AuditAction.CREATE, contact, campaign.unit, {"name": [None, contact.name]})
    return contact


@transaction.atomic
def add_item(
    *,
    by: User,
    campaign: Campaign,
    title: str,
    kind: str,
    description: str = "",
    lead_units: Iterable[Unit] = (),
    responsible_units: Iterable[Unit] = (),
    number: int | None = None,
) -> ActivityItem:
    """Add 活动内容 (N); lead and responsible units must lie within the issuing unit's subtree."""
    _check_units_within(campaign, [*lead_units, *responsible_units])
    if number is None:
        number = (campaign.items.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    item = ActivityItem(campaign=campaign, number=number, title=clean_text(title), kind=kind, description=description)
    _validate(item, exclude=["campaign", "inherited_from"])
    item.save()
    item.lead_units.set(lead_units)
    item.responsible_units.set(responsible_units)
    record_for(by, AuditAction.CREATE, item, campaign.unit, created(snapshot(item, ("number", *ITEM_FIELDS))))
    return item


@transaction.atomic
def update_item(
    *,
    by: User,
    item: ActivityItem,
    lead_units: Iterable[Unit] | None = None,
    responsible_units: Iterable[Unit] | None = None,
    **fields: Any,
) -> ActivityItem:
    before = snapshot(item, ITEM_FIELDS)
    for name in ITEM_FIELDS:
        if name in fields:
            setattr(item, name, fields[name])
    _validate(item, exclude=["campaign", "inherited_from"])
    item.save()
    for relation, units in (("lead_units", lead_units), ("responsible_units", responsible_units)):
        if units is not None:
            _check_units_within(item.campaign, units)
            getattr(item, relation).set(units)
    changes = diff(before, snapshot(item, ITEM_FIELDS))
    record_for(by, AuditAction.UPDATE, item, item.campaign.unit, changes)
    return item


def _check_units_within(campaign: Campaign, units: Iterable[Unit]) -> None:
    outside = [u.name for u in units if not u.path.startswith(campaign.unit.path)]
    if outside:
        raise ValidationError({"lead_units": [_("以下单位不在本单位管辖范围内:%(u)s") % {"u": "、".join(outside)}]})


def deadline_anchor(campaign: Campaign) -> date:
    """Where a notice's dates belong: the campaign's start, else its year's 扶贫日 (17 October)."""
    return campaign.starts_on or date(campaign.year, 10, 17)


def resolve_due(
    *, campaign: Campaign, due_at: datetime | None = None, due_text: str = "", today: date | None = None
) -> tuple[datetime, str]:
    """A typed notice phrase (「10月18日下午三点前」「10月中旬」「3个工作日内」) or an explicit time → the exact
    deadline; working days count from `today` (the day it is typed)."""
    if due_text and due_at is None:
        today = today or timezone.localdate()
        deadline = resolve_deadline(due_text, year=campaign.year, anchor=deadline_anchor(campaign), today=today)
        if deadline is None:
            reason = unresolved_reason(due_text, year=campaign.year, today=today) or _(
                "看不懂「%(t)s」中的日期,请写成「10月18日下午三点前」「10月中旬」「国庆节后第一个工作日」这样的形式"
            ) % {"t": due_text[:40]}
            raise ValidationError({"due_text": [reason]})
        due_at = deadline.at
    if due_at is None:
        raise ValidationError({"due_at": [_("请填写截止时间")]})
    return due_at, due_text


def check_due_within_parent(requirement: Requirement) -> None:
    """A child campaign's deadline cannot be later than its parent's for the same requirement."""
    parent = requirement.inherited_from
    if parent is not None and requirement.due_at > parent.due_at:
        raise ValidationError({"due_at": [_("不能晚于上级要求的截止时间 %(d)s") % {"d": describe(parent.due_at)}]})


@transaction.atomic
def add_requirement(
    *,
    by: User,
    campaign: Campaign,
    kind: str,
    title: str,
    due_at: datetime | None = None,
    due_text: str = "",
    named_units: Iterable[Unit] = (),
    **fields: Any,
) -> Requirement:
    """A 报送要求; on a published campaign its tasks are given out at once."""
    due_at, due_text = resolve_due(campaign=campaign, due_at=due_at, due_text=due_text)
    requirement = Requirement(
        campaign=campaign, kind=kind, title=clean_text(title), due_at=due_at, due_text=due_text, **fields
    )
    requirement.recipient = requirement.recipient or campaign.unit
    _validate(requirement, exclude=["campaign", "inherited_from"])
    check_due_within_parent(requirement)
    _check_units_within(campaign, named_units)
    requirement.save()
    requirement.named_units.set(named_units)
    record_for(
        by,
        AuditAction.CREATE,
        requirement,
        campaign.unit,
        created(snapshot(requirement, ("kind", "title", "due_at", "due_text"))),
    )
    if campaign.status == CampaignStatus.PUBLISHED:
        generate_tasks(requirement)
    return requirement


@transaction.atomic
def update_requirement(
    *, by: User, requirement: Requirement, named_units: Iterable[Unit] | None = None, **fields: Any
) -> Requirement:
    """Change a requirement; a new deadline is resolved and checked against the parent's again."""
    before = snapshot(requirement, ("title", "due_at", "due_text", "close_after_days"))
    if "due_text" in fields or "due_at" in fields:
        fields["due_at"], fields["due_text"] = resolve_due(
            campaign=requirement.campaign, due_at=fields.get("due_at"), due_text=fields.get("due_text", "")
        )
    for name in REQUIREMENT_FIELDS:
        if name in fields:
            setattr(requirement, name, fields[name])
    requirement.recipient = requirement.recipient or requirement.campaign.unit
    _validate(requirement, exclude=["campaign", "inherited_from"])
    check_due_within_parent(requirement)
    requirement.save()
    if named_units is not None:
        _check_units_within(requirement.campaign, named_units)
        requirement.named_units.set(named_units)
    if requirement.campaign.status == CampaignStatus.PUBLISHED:
        generate_tasks(requirement)
    record_for(
        by,
        AuditAction.UPDATE,
        requirement,
        requirement.campaign.unit,
        diff(before, snapshot(requirement, ("title", "due_at", "due_text", "close_after_days"))),
    )
    clamp_derived_deadlines(by=by, requirement=requirement)
    return requirement


def clamp_derived_deadlines(*, by: User, requirement: Requirement) -> list[Requirement]:
    """「下级截止时间不得晚于上级」 downwards too: when a deadline moves earlier, every derived requirement
    that would now end later is brought forward to it, its office told why on its own plan (and its own
    derivations in turn). Returns the derived requirements that changed."""
    changed = []
    later = requirement.derived.filter(due_at__gt=requirement.due_at).select_related("campaign__unit")
    for derived in later.select_for_update(of=("self",)):
        was = derived.due_at
        derived.due_at, derived.due_text = requirement.due_at, ""
        derived.parent_change = _("%(u)s将「%(r)s」的截止时间提前至 %(d)s,本单位的截止时间已由 %(w)s 相应提前") % {
            "u": requirement.campaign.unit.name,
            "r": requirement.title,
            "d": describe(requirement.due_at),
            "w": describe(was),
        }
        derived.save(update_fields=["due_at", "due_text", "parent_change"])
        changes = {"due_at": [was.isoformat(), derived.due_at.isoformat()]}
        record_for(by, AuditAction.UPDATE, derived, derived.campaign.unit, changes, note=derived.parent_change)
        changed += [derived, *clamp_derived_deadlines(by=by, requirement=derived)]
    return changed


@transaction.atomic
def publish_campaign(*, by: User, campaign: Campaign) -> int:
    """Publish a draft: every applicable unit gets its tasks at once. Returns how many tasks were given."""
    locked = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if locked.status != CampaignStatus.DRAFT:
        raise ValidationError(_("只有草稿可以发布"))
    requirements = list(campaign.requirements.select_related("inherited_from"))
    if not requirements:
        raise ValidationError(_("请至少添加一项报送要求后再发布"))
    for requirement in requirements:
        check_due_within_parent(requirement)
    campaign.status, campaign.published_at = CampaignStatus.PUBLISHED, timezone.now()
    campaign.save(update_fields=["status", "published_at"])
    given = sum(generate_tasks(r) for r in requirements)
    record_for(
        by,
        AuditAction.UPDATE,
        campaign,
        campaign.unit,
        {"status": ["draft", "published"]},
        note=_("发布活动,下发任务 %(n)d 项") % {"n": given},
    )
    return given


def _copy_items(source: Campaign, target: Campaign) -> dict[int, ActivityItem]:
    copies = {}
    for item in source.items.prefetch_related("lead_units", "responsible_units"):
        copy = ActivityItem.objects.create(
            campaign=target,
            number=item.number,
            title=item.title,
            kind=item.kind,
            description=item.description,
            inherited_from=item,
        )
        units_within = [u for u in item.responsible_units.all() if u.path.startswith(target.unit.path)]
        copy.lead_units.set([u for u in item.lead_units.all() if u.path.startswith(target.unit.path)])
        copy.responsible_units.set(units_within)
        copies[item.pk] = copy
    return copies


@transaction.atomic
def copy_campaign(*, by: User, source: Campaign, year: int, allow_duplicate: bool = False) -> Campaign:
    """Start this year's draft from an earlier campaign: texts, items, contacts, each requirement's
    recipient, and deadlines a year on. A second campaign of the same unit and year needs a confirmation."""
    campaign = create_campaign(
        by=by,
        unit=source.unit,
        year=year,
        allow_duplicate=allow_duplicate,
        title=source.title.replace(str(source.year), str(year)),
        theme=source.theme,
        slogan=source.slogan,
        guiding_ideas=source.guiding_ideas,
        principles=source.principles,
    )
    items = _copy_items(source, campaign)
    shift = year - source.year
    for r in source.requirements.all():
        due = (
            r.due_at.replace(year=r.due_at.year + shift)
            if not (r.due_at.month == 2 and r.due_at.day == 29)
            else r.due_at + timedelta(days=365 * shift)
        )
        add_requirement(
            by=by,
            campaign=campaign,
            kind=r.kind,
            title=r.title,
            due_at=due,
            due_text=r.due_text,
            **_requirement_copy_fields(r, items),
            named_units=list(r.named_units.all()),
        )
    for c in source.contacts.all():
        add_contact(by=by, campaign=campaign, name=c.name, phone=c.phone, email=c.email, note=c.note)
    return campaign


def _requirement_copy_fields(r: Requirement, items: dict[int, ActivityItem]) -> dict[str, Any]:
    return {
        "description": r.description,
        "close_after_days": r.close_after_days,
        "photo_min_count": r.photo_min_count,
        "photo_min_megapixels": r.photo_min_megapixels,
        "caption_required": r.caption_required,
        "stat_table": r.stat_table,
        "unit_kinds": r.unit_kinds,
        "school_stages": r.school_stages,
        "direct_only": r.direct_only,
        "recipient": r.recipient,
        "paper_copies": r.paper_copies,
        "paper_stamped": r.paper_stamped,
        "paper_deliver_to": r.paper_deliver_to,
        "item": items.get(r.item_id) if r.item_id is not None else None,
    }


@transaction.atomic
def derive_child_campaign(*, by: User, parent: Campaign, unit: Unit, lead_days: int = 2) -> Campaign:
    """方案细化: a lower unit's own campaign from its parent's. It inherits the items and, for its own
    units, each requirement with a deadline `lead_days` earlier (never later than the parent's)."""
    if not unit.path.startswith(parent.unit.path) or unit == parent.unit:
        raise ValidationError(_("只有下级单位可以细化上级活动"))
    if parent.status != CampaignStatus.PUBLISHED:
        raise ValidationError(_("上级活动发布后才能细化"))
    if parent.children.filter(unit=unit).exists():
        raise ValidationError(_("本单位已经细化过这个活动"))
    child = create_campaign(
        by=by,
        unit=unit,
        year=parent.year,
        title=f"{unit.name}{parent.year}年扶贫日活动实施方案",
        theme=parent.theme,
        slogan=parent.slogan,
        guiding_ideas=parent.guiding_ideas,
        principles=parent.principles,
        starts_on=parent.starts_on,
        ends_on=parent.ends_on,
    )
    Campaign.objects.filter(pk=child.pk).update(parent=parent)
    child.parent = parent
    items = _copy_items(parent, child)
    for r in parent.requirements.all():
        # the derived plan's hand-ins, paper copies included, go to the unit that derives it
        fields = _requirement_copy_fields(r, items) | {"direct_only": False, "recipient": unit, "inherited_from": r}
        fields["paper_deliver_to"] = unit.name if r.paper_copies else ""
        add_requirement(
            by=by, campaign=child, kind=r.kind, title=r.title, due_at=r.due_at - timedelta(days=lead_days), **fields
        )
    return child
