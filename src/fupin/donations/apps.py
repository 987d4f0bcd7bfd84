from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DonationsConfig(AppConfig):
    name = "fupin.donations"
    label = "donations"
    verbose_name = _("募捐与资金")

    def ready(self) -> None:
        from fupin.campaigns.summary_sections import register_section
        from fupin.jobs.registry import Importer, register_importer
        from fupin.orgs.workbench import register_menu

        from . import bulk, permissions, sources, summary  # noqa: F401  (policy rows)

        register_menu("drive_list", _("募捐"), "fund.view", 30)
        register_menu("concern_list", _("群众反映"), "concern.handle", 35)
        sources.register()
        register_importer(
            Importer(
                kind="donation_sheet",
                title=_("导入一日捐/一元捐"),
                action="donation.record",
                run=bulk.run_donation_import,
                upload_url="donation_import",
                list_url="drive_detail",
                url_option="drive",
            )
        )
        register_section("donations", "募捐情况", summary.donation_paragraphs, order=40)
        from . import assessment_rules  # noqa: F401  (its 年度考核 deductions, into the assessment catalogue)
