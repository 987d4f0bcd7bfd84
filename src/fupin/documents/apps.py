from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "fupin.documents"
    label = "documents"
    verbose_name = _("公文与存档")

    def ready(self) -> None:
        from . import permissions  # noqa: F401  (policy rows)
