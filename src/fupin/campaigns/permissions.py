"""The campaign actions in the policy table, and the doors for campaigns, requirements and tasks.

A campaign is seen by its issuing unit's subtree and by the units above it; a task by its unit's subtree
and by the issuing office. Review happens at the issuing unit or above; reopening an approved hand-in too,
never by the unit that handed it in.
"""

from django.db.models import Q
from django.shortcuts import get_object_or_404

from fupin.orgs.models import PATH_STEP, Role
from fupin.orgs.policy import ALL_ROLES, AnyUser, paths_for, register, scope_q

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


def ancestor_paths(path: str) -> list[str]:
    """The paths of every unit above (and including) the one with this path."""
    step = PATH_STEP + 1
    return [path[:i] for i in range(step, len(path) + 1, step)]


def campaign_scope_q(user: AnyUser, action: str = "campaign.view") -> Q:
    """Campaigns issued in the user's subtrees, or published by a unit above them (the notice they follow);
    a draft is seen only inside the issuing unit's subtree."""
    q = scope_q(user, action, "unit__path")
    above = {a for p in paths_for(user, action) for a in ancestor_paths(p)}
    if not above:
        return q
    return q | (Q(unit__path__in=above) & ~Q(status=CampaignStatus.DRAFT))


def task_scope_q(user: AnyUser, action: str = "task.view") -> Q:
    """Tasks of units in the user's subtrees, and every task of a campaign the user's subtree issued."""
    return scope_q(user, action, "unit__path") | scope_q(user, action, "requirement__campaign__unit__path")


def access_campaign(user: AnyUser, pk: int | str, action: str = "campaign.view") -> Campaign:
    if action == "campaign.view":
        qs = Campaign.objects.filter(campaign_scope_q(user))
    else:
        qs = Campaign.objects.filter(scope_q(user, action, "unit__path"))
    return get_object_or_404(qs.select_related("unit", "parent"), pk=pk)


def access_requirement(user: AnyUser, pk: int | str, action: str = "campaign.view") -> Requirement:
    campaign_q = campaign_scope_q(user) if action == "campaign.view" else scope_q(user, action, "unit__path")
    campaigns = Campaign.objects.filter(campaign_q)
    return get_object_or_404(Requirement.objects.filter(campaign__in=campaigns).select_related("campaign"), pk=pk)


def access_task(user: AnyUser, pk: int | str, action: str = "task.view") -> Task:
    """A task the user may act on: submit in its own subtree; review or reopen from the issuing office."""
    if action in ("task.review", "task.reopen", "task.remind"):
        q = scope_q(user, action, "requirement__campaign__unit__path")
    elif action == "task.submit":
        q = scope_q(user, action, "unit__path")
    else:
        q = task_scope_q(user, action)
    qs = Task.objects.filter(q).select_related("requirement__campaign__unit", "unit")
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
