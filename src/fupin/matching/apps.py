from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "fupin.matching"
    label = "matching"
    verbose_name = _("微心愿与认领项目")

    def ready(self) -> None:
        from . import permissions  # noqa: F401  (policy rows)
