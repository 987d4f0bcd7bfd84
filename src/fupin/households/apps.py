from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HouseholdsConfig(AppConfig):
    name = "fupin.households"
    label = "households"
    verbose_name = _("帮扶对象户")

    def ready(self) -> None:
        from fupin.orgs.workbench import register_menu

        from . import permissions  # noqa: F401  (policy rows)

        register_menu("household_list", _("帮扶户"), "household.view", 40)
