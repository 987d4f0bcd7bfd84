"""Reading campaigns, their items and requirements."""

from django.db.models import Count, Prefetch, Q, QuerySet

from fupin.orgs.policy import scope_q

from ..models import ActivityItem, Campaign, CampaignStatus, Requirement
from ..permissions import campaign_scope_q


def visible_campaigns(user, *, year: int | None = None) -> QuerySet[Campaign]:
    """Campaigns the user may read; drafts only within the issuing unit's own subtree."""
    issued_within = scope_q(user, "campaign.view", "unit__path")
    qs = Campaign.objects.filter(campaign_scope_q(user)).filter(~Q(status=CampaignStatus.DRAFT) | issued_within)
    if year:
        qs = qs.filter(year=year)
    return qs.select_related("unit", "parent").annotate(item_count=Count("items", distinct=True))


def campaign_items(campaign: Campaign) -> QuerySet[ActivityItem]:
    return campaign.items.prefetch_related("lead_units", "responsible_units").order_by("number")


def campaign_requirements(campaign: Campaign) -> QuerySet[Requirement]:
    return (
        campaign.requirements.select_related("item", "recipient", "stat_table", "inherited_from")
        .prefetch_related(Prefetch("named_units"))
        .annotate(task_count=Count("tasks"))
    )
