"""Navigation by role: a menu entry shows only where the user may act somewhere."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .policy import can_anywhere

MENU = [
    ("home", _("工作台"), None),
    ("unit_list", _("单位"), "unit.view"),
    ("import_units", _("导入单位"), "unit.manage"),
    ("audit_list", _("审计日志"), "audit.view"),
]


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav": []}
    current = getattr(getattr(request, "resolver_match", None), "url_name", None)
    nav = [
        {"url": reverse(name), "label": label, "active": name == current}
        for name, label, action in MENU
        if action is None or can_anywhere(user, action)
    ]
    return {"nav": nav}
