from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "fupin.audit"
    label = "audit"
    verbose_name = _("审计日志")

    def ready(self) -> None:
        from . import permissions  # noqa: F401  (registers the audit actions in the policy table)
