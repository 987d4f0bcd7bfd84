from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommendationsConfig(AppConfig):
    name = "fupin.commendations"
    label = "commendations"
    verbose_name = _("选树典型与表彰")

    def ready(self) -> None:
        from fupin.campaigns.summary_sections import register_section
        from fupin.orgs.workbench import register_menu, register_panel

        from . import panels, permissions, sources, summary  # noqa: F401  (policy rows)

        register_menu("honour_nomination_list", _("选树典型"), "commendations.view", 54)
        register_panel("commendations/panel_awaiting_review.html", panels.awaiting_review_panel, 30)
        sources.register()
        register_section("commendations", "选树典型", summary.commendation_paragraphs, order=35)
