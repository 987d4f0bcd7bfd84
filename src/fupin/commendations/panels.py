"""The reviewing office's workbench panel: nominations from the units below waiting for its decision."""

from .selectors import awaiting_review

SHOWN = 5


def awaiting_review_panel(user) -> dict | None:
    if not getattr(user, "is_authenticated", False):
        return None
    waiting = list(awaiting_review(user)[: SHOWN + 1])
    if not waiting:
        return None
    return {"nominations": waiting[:SHOWN], "more": len(waiting) > SHOWN}
