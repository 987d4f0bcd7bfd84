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
