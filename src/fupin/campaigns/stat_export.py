"""A statistics table's figures for a subtree as .xlsx, built the same way in the request or by the worker
from the table and unit kept with the job."""

from typing import Any

from fupin.jobs.registry import ExportFile, ExportProgress
from fupin.orgs.models import Unit, User
from fupin.orgs.permissions import access_unit

from .models import StatTable
from .permissions import access_stat_table
from .selectors.stat_totals import export_rows
from .stat_sheet import export_table


def stat_export_params(table: StatTable, unit: Unit) -> dict[str, Any]:
    return {"table": table.pk, "unit": unit.pk}


def stat_export_rows(table: StatTable, unit: Unit) -> int:
    """How many rows the export writes: one per unit (or per item) that adds up to the unit's figures."""
    return len(export_rows(table, unit))


def build_stat_export(*, by: User, params: dict[str, Any], progress: ExportProgress) -> ExportFile:
    """The statistics table export, in the request or in the worker: within the person's own scope."""
    table = access_stat_table(by, params["table"])
    unit = access_unit(by, params["unit"], "stat.view")
    total = stat_export_rows(table, unit)
    progress(0, total)
    content = export_table(table, unit)
    progress(total, total)
    return ExportFile(content, f"{table.title}-{unit.name}.xlsx")
