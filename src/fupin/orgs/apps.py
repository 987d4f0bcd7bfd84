from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgsConfig(AppConfig):
    name = "fupin.orgs"
    label = "orgs"
    verbose_name = _("单位与账号")

    def ready(self) -> None:
        from fupin.jobs.registry import Importer, register_importer

        from . import permissions, signals, unit_sheet  # noqa: F401  (policy rows; login events to the audit trail)

        register_importer(
            Importer(
                kind="unit_sheet",
                title=_("导入单位表"),
                action="unit.manage",
                run=unit_sheet.run_unit_import,
                upload_url="import_units",
                list_url="unit_list",
            )
        )
