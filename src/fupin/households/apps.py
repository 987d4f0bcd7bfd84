from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HouseholdsConfig(AppConfig):
    name = "fupin.households"
    label = "households"
    verbose_name = _("帮扶对象户")

    def ready(self) -> None:
        from fupin.jobs.registry import Importer, register_importer
        from fupin.orgs.workbench import register_menu

        from . import ledger_sheet, permissions  # noqa: F401  (policy rows)
        from .key_rotation import Encrypted, register_encrypted
        from .models import Household

        register_encrypted(Encrypted(Household, ("head_id_cipher",), ("head_id_hash", "head_id_cipher")))
        register_menu("household_list", _("帮扶户"), "household.view", 40)
        register_importer(
            Importer(
                kind="household_ledger",
                title=_("导入帮扶户台账"),
                action="household.manage",
                run=ledger_sheet.run_ledger_import,
                upload_url="household_import",
                list_url="household_list",
            )
        )
