"""What the other apps add to the shell without orgs knowing them: menu entries and workbench panels.

A domain registers at start-up (in its AppConfig.ready); the arrow still points down to orgs.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise


@dataclass(frozen=True)
class MenuEntry:
    url_name: str
    label: str | Promise
    action: str | None  # shown when the user may do this action somewhere; None: every signed-in user
    order: int


@dataclass(frozen=True)
class Panel:
    """A block of the workbench: `context(user)` returns the template's context, or None to hide it."""

    template: str
    context: Callable[[object], dict | None]
    order: int


MENU: list[MenuEntry] = []
PANELS: list[Panel] = []


def register_menu(url_name: str, label, action: str | None, order: int) -> None:
    if all(e.url_name != url_name for e in MENU):
        MENU.append(MenuEntry(url_name, label, action, order))
        MENU.sort(key=lambda e: e.order)


def register_panel(template: str, context: Callable[[object], dict | None], order: int) -> None:
    if all(p.template != template for p in PANELS):
        PANELS.append(Panel(template, context, order))
        PANELS.sort(key=lambda p: p.order)


def panels_for(user) -> list[dict]:
    shown = []
    for panel in PANELS:
        context = panel.context(user)
        if context is not None:
            shown.append({"template": panel.template, **context})
    return shown
