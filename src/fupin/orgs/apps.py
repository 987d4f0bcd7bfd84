from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgsConfig(AppConfig):
    name = "fupin.orgs"
    label = "orgs"
    verbose_name = _("单位与账号")

    def ready(self) -> None:
        from . import permissions, signals  # noqa: F401  (policy rows; login events to the audit trail)
