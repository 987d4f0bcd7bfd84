from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VolunteersConfig(AppConfig):
    name = "fupin.volunteers"
    label = "volunteers"
    verbose_name = _("志愿服务")

    def ready(self) -> None:
        from fupin.orgs.workbench import register_menu

        from . import permissions, sources  # noqa: F401  (policy rows)

        register_menu("opportunity_list", _("志愿服务"), None, 54)
        sources.register()
