from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VolunteersConfig(AppConfig):
    name = "fupin.volunteers"
    label = "volunteers"
    verbose_name = _("志愿服务")

    def ready(self) -> None:
        from fupin.campaigns.summary_sections import register_section
        from fupin.orgs.workbench import register_menu

        from . import permissions, sources, summary  # noqa: F401  (policy rows)

        register_menu("opportunity_list", _("志愿服务"), None, 54)
        sources.register()
        register_section("volunteers", "志愿服务", summary.volunteer_paragraphs, order=35)
