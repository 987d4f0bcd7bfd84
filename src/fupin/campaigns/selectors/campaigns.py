"""Reading campaigns, their items and requirements."""

from typing import Any

from django.db.models import Count, Prefetch, QuerySet

from fupin.orgs.models import SchoolStage, Unit, UnitKind, User
from fupin.orgs.policy import POLICY, AnyUser

from ..deadlines import describe, year_warning
from ..lineage import answering_tasks, derived_from
from ..models import ActivityItem, Campaign, CampaignStatus, Requirement
from ..permissions import campaign_scope_q


def visible_campaigns(user: AnyUser, *, year: int | None = None) -> QuerySet[Campaign]:
    """Campaigns the user may read; drafts only within the issuing unit's own subtree."""
    qs = Campaign.objects.filter(campaign_scope_q(user))
    if year:
        qs = qs.filter(year=year)
    return qs.select_related("unit", "parent__unit").annotate(item_count=Count("items", distinct=True))


def campaign_items(campaign: Campaign) -> QuerySet[ActivityItem]:
    return campaign.items.prefetch_related("lead_units", "responsible_units").order_by("number")


def campaign_requirements(campaign: Campaign) -> list[Requirement]:
    """The requirements with their task counts (a task a derived plan took over still counts here, as on the
    progress page) and who they ask, in words."""
    requirements: list[Requirement] = list(
        campaign.requirements.select_related("item", "recipient", "stat_table", "inherited_from").prefetch_related(
            Prefetch("named_units")
        )
    )
    mapping = derived_from(r.pk for r in requirements)
    counts: dict[int, int] = {}
    for row in answering_tasks(mapping).values("requirement_id").annotate(n=Count("pk")).order_by():
        given = mapping[row["requirement_id"]]
        counts[given] = counts.get(given, 0) + row["n"]
    for requirement in requirements:
        # extra attributes for the pages, not model fields (hence no plain assignment)
        setattr(requirement, "task_count", counts.get(requirement.pk, 0))  # noqa: B010
        setattr(requirement, "audience", describe_audience(requirement))  # noqa: B010
        setattr(requirement, "year_warning", year_warning(requirement.due_at, campaign.year))  # noqa: B010
    return requirements


def describe_audience(requirement: Requirement) -> str:
    """「直属的县(区)教育局、学校」, 「所有学校(小学、中学)」, plus named units."""
    parts = []
    if requirement.unit_kinds:
        kinds = "、".join(str(UnitKind(k).label) for k in requirement.unit_kinds if k in UnitKind.values)
        stages = "、".join(str(SchoolStage(s).label) for s in requirement.school_stages if s in SchoolStage.values)
        parts.append(("直属的" if requirement.direct_only else "所有") + kinds + (f"({stages})" if stages else ""))
    named = [u.name for u in requirement.named_units.all()]
    if named:
        parts.append("、".join(named))
    return ";".join(parts)


def issuing_units(user: User) -> QuerySet[Unit]:
    """Units on which the user may issue a campaign (its own units where it holds a managing role)."""
    roles = POLICY["campaign.manage"]
    if user.is_superuser:
        return Unit.objects.filter(depth__lte=1)
    return Unit.objects.filter(memberships__user=user, memberships__role__in=roles).distinct()


def selectable_units(campaign: Campaign) -> QuerySet[Unit]:
    """Units an item or requirement may name: the issuing unit's direct units (departments, counties, schools)."""
    issuer = campaign.unit
    return Unit.objects.filter(path__startswith=issuer.path, depth=issuer.depth + 1).order_by("kind", "name")


def derivable_units(user: User, campaign: Campaign) -> QuerySet[Unit]:
    """The user's units below the issuer that have not yet made their own plan from this campaign."""
    if campaign.status != CampaignStatus.PUBLISHED:
        return Unit.objects.none()
    return (
        issuing_units(user)
        .filter(path__startswith=campaign.unit.path)
        .exclude(pk=campaign.unit_id)
        .exclude(campaigns__parent=campaign)
    )


def child_campaigns(user: AnyUser, campaign: Campaign) -> QuerySet[Campaign]:
    return visible_campaigns(user).filter(parent=campaign).order_by("unit__path")


def requirement_initial(requirement: Requirement) -> dict[str, Any]:
    """A requirement's values as the edit form shows them (the deadline as typed, or resolved)."""
    fields = (
        "kind",
        "title",
        "item",
        "close_after_days",
        "unit_kinds",
        "school_stages",
        "direct_only",
        "recipient",
        "photo_min_count",
        "photo_min_megapixels",
        "caption_required",
        "stat_table",
        "description",
        "paper_copies",
        "paper_stamped",
        "paper_deliver_to",
    )
    initial = {name: getattr(requirement, name) for name in fields}
    initial["due_text"] = requirement.due_text or describe(requirement.due_at)
    initial["named_units"] = list(requirement.named_units.all())
    return initial
