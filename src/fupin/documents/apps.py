from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "fupin.documents"
    label = "documents"
    verbose_name = _("公文与存档")

    def ready(self) -> None:
        from fupin.jobs.registry import register_exporter

        from . import permissions  # noqa: F401  (policy rows)
        from .task_sheet import build_task_sheet

        register_exporter("campaign_tasks", build_task_sheet, title=_("导出报送任务清单"), action="task.view")
