"""The campaigns app's workbench panels: a unit's unread reminders, and its office's campaigns at a glance.

Registered with `fupin.orgs.workbench` from CampaignsConfig.ready(); each returns None to stay hidden.
"""

from django.urls import NoReverseMatch, reverse

from .selectors.reminders import issued_campaigns_progress, reminders_for

REMINDERS_SHOWN = 20


def _task_url(task) -> str | None:
    """The task's own page, where the hand-in pages provide one."""
    try:
        return reverse("task_detail", args=[task.pk])
    except NoReverseMatch:
        return None


def reminders_panel(user) -> dict | None:
    """Unread reminders to the units where the user hands in, newest first."""
    reminders = list(reminders_for(user)[: REMINDERS_SHOWN + 1])
    if not reminders:
        return None
    for reminder in reminders:
        # an extra attribute for the panel's template, not a model field (hence no plain assignment)
        setattr(reminder, "task_url", _task_url(reminder.task))  # noqa: B010
    return {"reminders": reminders[:REMINDERS_SHOWN], "more": len(reminders) > REMINDERS_SHOWN}


def progress_panel(user) -> dict | None:
    """The published campaigns the user's office issued, with how much has been handed in."""
    campaigns = issued_campaigns_progress(user)
    return {"campaigns": campaigns} if campaigns else None
