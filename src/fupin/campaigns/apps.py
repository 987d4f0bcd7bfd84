from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    name = "fupin.campaigns"
    label = "campaigns"
    verbose_name = _("扶贫日活动")

    def ready(self) -> None:
        from fupin.orgs.workbench import register_menu

        from . import permissions, sources  # noqa: F401  (policy rows; the figures the spine knows itself)

        register_menu("campaign_list", _("扶贫日活动"), "campaign.view", 10)
        register_menu("my_tasks", _("我的任务"), "task.submit", 20)
        register_menu("review_queue", _("审核报送"), "task.review", 25)
        from fupin.orgs.workbench import register_panel

        from .views.tasks import my_tasks_panel

        register_panel("campaigns/panel_my_tasks.html", my_tasks_panel, 20)

        from . import panels  # reminders to the unit, and the office's campaigns at a glance

        register_panel("campaigns/panels/reminders.html", panels.reminders_panel, 10)
        register_panel("campaigns/panels/progress.html", panels.progress_panel, 30)

        from fupin.jobs.registry import register_exporter

        from .progress_sheet import build_progress_sheet
        from .stat_export import build_stat_export

        register_exporter("campaign_progress", build_progress_sheet, title=_("导出报送进度"), action="task.view")
        register_exporter("stat_table", build_stat_export, title=_("导出统计表汇总"), action="stat.view")
