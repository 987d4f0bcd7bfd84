from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PairingConfig(AppConfig):
    name = "fupin.pairing"
    label = "pairing"
    verbose_name = _("结对帮扶")

    def ready(self) -> None:
        from fupin.campaigns.summary_sections import register_section
        from fupin.jobs.registry import Importer, register_importer
        from fupin.orgs.workbench import register_menu, register_panel

        from . import pairing_sheet, panels, permissions, sources, summary  # noqa: F401  (policy rows)

        register_menu("pairing_list", _("结对帮扶"), "pairing.view", 45)
        register_menu("my_pairings", _("我的帮扶户"), "pairing.mine", 46)
        register_panel("pairing/panel_my_households.html", panels.my_households_panel, 15)
        sources.register()
        register_section("pairing", "结对帮扶", summary.pairing_paragraphs, order=50)
        register_importer(
            Importer(
                kind="cadre_pairing",
                title=_("导入干部包户结对"),
                action="pairing.manage",
                run=pairing_sheet.run_pairing_import,
                upload_url="pairing_import",
                list_url="pairing_list",
            )
        )
        from . import assessment_rules  # noqa: F401  (its 年度考核 rules, into the assessment catalogue)
