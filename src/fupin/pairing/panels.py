"""The cadre's workbench panel: the households they are responsible for, those not yet visited first."""

from .selectors import latest_reminders, my_pairings

SHOWN = 10


def my_households_panel(user) -> dict | None:
    if not getattr(user, "is_authenticated", False):
        return None
    pairings = list(my_pairings(user)[: SHOWN + 1])
    if not pairings:
        return None
    reminders = list(latest_reminders(user)[:5])
    return {"pairings": pairings[:SHOWN], "more": len(pairings) > SHOWN, "reminders": reminders}
