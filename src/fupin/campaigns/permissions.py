"""The campaign actions in the policy table, and the doors for campaigns, requirements and tasks.

A campaign is seen by its issuing unit's subtree and by the units above it; a task by its unit's subtree,
by the issuing office and by the unit its requirement is handed in to (「报送至」, often a department such
as the bureau's 扶贫办). Review, reopening and chasing happen at the issuing unit or above, or at the
receiving unit; never by the unit that handed it in.
"""

from django.db.models import Q
from django.shortcuts import get_object_or_404

from fupin.orgs.models import PATH_STEP, Role, Unit
from fupin.orgs.policy import ALL_ROLES, AnyUser, can, paths_for, register, scope_q

from .models import ActivityItem, Campaign, CampaignStatus, Requirement, RequirementKind, StatTable, Task

register(
    {
        "campaign.view": ALL_ROLES,
        "campaign.manage": {Role.OFFICE_ADMIN, Role.COORDINATOR},
        "task.view": ALL_ROLES,
        "task.submit": {Role.OFFICE_ADMIN, Role.COORDINATOR, Role.REPORTER},
        "task.review": {Role.OFFICE_ADMIN, Role.COORDINATOR, Role.REVIEWER},
        "task.reopen": {Role.OFFICE_ADMIN, Role.REVIEWER},
        "task.remind": {Role.OFFICE_ADMIN, Role.COORDINATOR},
        "stat.view": ALL_ROLES,
        "stat.define": {Role.OFFICE_ADMIN, Role.COORDINATOR},
        "stat.fill": {Role.OFFICE_ADMIN, Role.COORDINATOR, Role.REPORTER},
    }
)


# what the receiving unit (「报送至」) does with what is sent to it, besides the issuing office
RECEIVING_ACTIONS = ("task.review", "task.reopen", "task.remind")


def ancestor_paths(path: str) -> list[str]:
    """The paths of every unit above (and including) the one with this path."""
    step = PATH_STEP + 1
    return [path[:i] for i in range(step, len(path) + 1, step)]


def campaign_scope_q(user: AnyUser, action: str = "campaign.view") -> Q:
    """Campaigns issued in the user's subtrees, or published by a unit above them (the notice they follow);
    a draft is seen only inside the issuing unit's subtree."""
    q = scope_q(user, action, "unit__path")
    above = {a for p in paths_for(user, action) for a in ancestor_paths(p)}
    received = Requirement.objects.filter(scope_q(user, action, "recipient__path")).values("campaign_id")
    return q | ((Q(unit__path__in=above) | Q(pk__in=received)) & ~Q(status=CampaignStatus.DRAFT))


def task_scope_q(user: AnyUser, action: str = "task.view") -> Q:
    """Tasks of units in the user's subtrees, every task of a campaign the user's subtree issued, and every
    task handed in to a unit of the user's subtrees (for the requirement it answers, or the one above)."""
    return (
        scope_q(user, action, "unit__path")
        | scope_q(user, action, "requirement__campaign__unit__path")
        | scope_q(user, action, "requirement__recipient__path")
        | scope_q(user, action, "origin__recipient__path")
    )


def office_q(user: AnyUser, action: str, prefix: str = "") -> Q:
    """Requirements (through `prefix`) whose tasks the user's units handle as the issuing office or above,
    or as the receiving unit."""
    return scope_q(user, action, f"{prefix}campaign__unit__path") | scope_q(user, action, f"{prefix}recipient__path")


def can_review(user: AnyUser, requirement: Requirement, action: str = "task.review") -> bool:
    """Whether the user may review (or reopen, or chase) this requirement's tasks."""
    recipient = requirement.recipient
    return can(user, action, requirement.campaign.unit.path) or (
        recipient is not None and can(user, action, recipient.path)
    )


def access_campaign(user: AnyUser, pk: int | str, action: str = "campaign.view") -> Campaign:
    if action == "campaign.view":
        qs = Campaign.objects.filter(campaign_scope_q(user))
    else:
        qs = Campaign.objects.filter(scope_q(user, action, "unit__path"))
    return get_object_or_404(qs.select_related("unit", "parent"), pk=pk)


def access_requirement(user: AnyUser, pk: int | str, action: str = "campaign.view") -> Requirement:
    """A requirement of a campaign the user sees; managed by the issuing office; chased (`task.remind`) by
    the issuing office or the receiving unit."""
    if action in RECEIVING_ACTIONS:
        q = office_q(user, action)
    else:
        campaign_q = campaign_scope_q(user) if action == "campaign.view" else scope_q(user, action, "unit__path")
        q = Q(campaign__in=Campaign.objects.filter(campaign_q))
    qs = Requirement.objects.filter(q).select_related("campaign__unit", "recipient")
    return get_object_or_404(qs, pk=pk)


def access_task(user: AnyUser, pk: int | str, action: str = "task.view") -> Task:
    """A task the user may act on: submit in its own subtree; review, reopen or chase from the issuing
    office or the receiving unit."""
    if action in RECEIVING_ACTIONS:
        q = office_q(user, action, "requirement__")
    elif action == "task.submit":
        q = scope_q(user, action, "unit__path")
    else:
        q = task_scope_q(user, action)
    qs = Task.objects.filter(q).select_related("requirement__campaign__unit", "requirement__recipient", "unit")
    return get_object_or_404(qs, pk=pk)


def access_item(user: AnyUser, pk: int | str, action: str = "campaign.manage") -> ActivityItem:
    campaigns = Campaign.objects.filter(scope_q(user, action, "unit__path"))
    return get_object_or_404(
        ActivityItem.objects.filter(campaign__in=campaigns).select_related("campaign__unit"), pk=pk
    )


def access_stat_table(user: AnyUser, pk: int | str, action: str = "stat.view") -> StatTable:
    """A campaign's statistics table: seen wherever its campaign is (drafts only inside the issuing
    subtree); defined (`stat.define`) by the issuing unit's office. Ready templates have no door."""
    if action == "stat.view":
        issued_within = scope_q(user, action, "unit__path")
        campaigns = Campaign.objects.filter(campaign_scope_q(user, action)).filter(
            ~Q(status=CampaignStatus.DRAFT) | issued_within
        )
    else:
        campaigns = Campaign.objects.filter(scope_q(user, action, "unit__path"))
    qs = StatTable.objects.filter(campaign__in=campaigns).select_related("campaign__unit")
    return get_object_or_404(qs, pk=pk)


def access_stat_task(user: AnyUser, pk: int | str, action: str = "stat.fill") -> Task:
    """A statistics-table task: filled (`stat.fill`) within its unit's subtree; seen (`stat.view`) there
    and by the issuing office."""
    q = scope_q(user, action, "unit__path") if action == "stat.fill" else task_scope_q(user, action)
    qs = Task.objects.filter(q, requirement__kind=RequirementKind.STAT_TABLE, requirement__stat_table__isnull=False)
    qs = qs.select_related("requirement__campaign__unit", "requirement__stat_table__campaign", "unit")
    return get_object_or_404(qs, pk=pk)


def access_progress_unit(user: AnyUser, campaign: Campaign, pk: int | str) -> Unit:
    """A unit of the campaign's tree to drill into on its progress page: any of them for the issuing office
    and the receiving units; otherwise one of the user's own subtrees."""
    units = Unit.objects.filter(path__startswith=campaign.unit.path)
    receives = campaign.requirements.filter(scope_q(user, "task.view", "recipient__path")).exists()
    if not (receives or can(user, "task.view", campaign.unit.path)):
        units = units.filter(scope_q(user, "unit.view"))
    return get_object_or_404(units, pk=pk)
