from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DonationsConfig(AppConfig):
    name = "fupin.donations"
    label = "donations"
    verbose_name = _("募捐与资金")

    def ready(self) -> None:
        from . import permissions  # noqa: F401  (policy rows)
