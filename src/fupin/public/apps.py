from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicConfig(AppConfig):
    name = "fupin.public"
    label = "public"
    verbose_name = _("公众网站")

    def ready(self) -> None:
        from fupin import checks  # noqa: F401  (registers the deployment checks)
