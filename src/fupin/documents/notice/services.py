"""Creating a draft campaign from a notice the officer has checked: all of it, or nothing."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from fupin.campaigns.models import Campaign
from fupin.campaigns.services.campaigns import add_contact, add_item, add_requirement, create_campaign
from fupin.orgs.models import Unit, User

from .draft import DraftItem, DraftRequirement
from .unit_match import match_unit, match_units, tree_of


def _description(item: DraftItem) -> str:
    parts = [
        _("牵头单位:%(u)s") % {"u": "、".join(item.lead_units)} if item.lead_units else "",
        _("责任单位:%(u)s") % {"u": "、".join(item.responsible_units)} if item.responsible_units else "",
    ]
    return ";".join(p for p in parts if p)


def _requirement_error(number: int, exc: ValidationError) -> ValidationError:
    reasons = "; ".join(m for messages in exc.message_dict.values() for m in messages)
    return ValidationError(_("报送要求第%(n)d行:%(r)s") % {"n": number, "r": reasons})


@transaction.atomic
def create_campaign_from_notice(
    *,
    by: User,
    unit: Unit,
    year: int,
    title: str,
    theme: str = "",
    slogan: str = "",
    items: list[DraftItem],
    requirements: list[DraftRequirement],
    contacts: list[dict[str, str]],
) -> Campaign:
    """A draft campaign with the notice's items, requirements and contacts, the units it names matched to the
    issuer's tree (unmatched ones kept as text); a notice without items, or a deadline that cannot be resolved,
    creates nothing."""
    if not items:
        raise ValidationError(_("没有识别出任何活动内容,请在「活动内容」中至少写一项"))
    campaign = create_campaign(by=by, unit=unit, year=year, title=title, theme=theme, slogan=slogan)
    tree = tree_of(unit)
    for item in items:
        add_item(
            by=by,
            campaign=campaign,
            title=item.title,
            kind=item.kind,
            description=_description(item),
            lead_units=match_units(item.lead_units, tree),
            responsible_units=match_units(item.responsible_units, tree),
        )
    for number, requirement in enumerate(requirements, 1):
        recipient = match_unit(requirement.recipient, tree)
        fields = requirement.fields()
        if requirement.recipient and not recipient:  # a name the tree does not know stays as text
            fields["description"] = _("报送至:%(r)s") % {"r": requirement.recipient}
        try:
            add_requirement(by=by, campaign=campaign, due_text=requirement.due_text, recipient=recipient, **fields)
        except ValidationError as exc:
            raise _requirement_error(number, exc) from None
    for contact in contacts:
        add_contact(by=by, campaign=campaign, **contact)
    return campaign
