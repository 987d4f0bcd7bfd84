from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentConfig(AppConfig):
    name = "fupin.assessment"
    label = "assessment"
    verbose_name = _("年度考核")

    def ready(self) -> None:
        from fupin.campaigns.summary_sections import register_section
        from fupin.orgs.workbench import register_menu

        from . import campaign_rules, permissions, summary  # noqa: F401  (policy rows)

        campaign_rules.register()
        register_section("assessment", "年度考核", summary.assessment_paragraphs, order=90)
        register_menu("assessment_index", _("年度考核"), "assessment.view", 60)
