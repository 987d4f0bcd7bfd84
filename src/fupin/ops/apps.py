from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpsConfig(AppConfig):
    name = "fupin.ops"
    label = "ops"
    verbose_name = _("运维")

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the checks for several app servers)
