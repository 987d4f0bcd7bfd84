"""Navigation by role: a menu entry shows only where the user may act somewhere."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .policy import can_anywhere
from .workbench import MENU, register_menu

register_menu("home", _("工作台"), None, 0)
register_menu("unit_list", _("单位"), "unit.view", 80)
register_menu("import_units", _("导入单位"), "unit.manage", 85)
register_menu("audit_list", _("审计日志"), "audit.view", 90)


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav": []}
    current = getattr(getattr(request, "resolver_match", None), "url_name", None)
    nav = [
        {"url": reverse(e.url_name), "label": e.label, "active": e.url_name == current}
        for e in MENU
        if e.action is None or can_anywhere(user, e.action)
    ]
    return {"nav": nav}
