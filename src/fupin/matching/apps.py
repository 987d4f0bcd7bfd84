from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "fupin.matching"
    label = "matching"
    verbose_name = _("微心愿与认领项目")

    def ready(self) -> None:
        from fupin.campaigns.summary_sections import register_section
        from fupin.donations.ledger_checks import register_check
        from fupin.orgs.workbench import register_menu

        from . import permissions, sources, summary  # noqa: F401  (policy rows)
        from .project_funds import funding_problems

        register_menu("wish_list", _("微心愿"), "wish.view", 47)
        register_menu("project_list", _("认领项目"), "project.claim", 48)
        sources.register()
        register_check(funding_problems)
        register_section("matching", "微心愿与认领项目", summary.matching_paragraphs, order=55)
        from . import assessment_rules  # noqa: F401  (its 年度考核 rules, into the assessment catalogue)
