from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicityConfig(AppConfig):
    name = "fupin.publicity"
    label = "publicity"
    verbose_name = _("宣传与图片展")

    def ready(self) -> None:
        from fupin.campaigns.summary_sections import register_section
        from fupin.lib.photo_library import register_library
        from fupin.orgs.workbench import register_menu

        from . import permissions, sources, summary  # noqa: F401  (policy rows)

        register_menu("photo_list", _("宣传图片"), "publicity.view", 50)
        register_menu("event_list", _("活动与报道"), "publicity.view", 51)
        register_menu("news_list", _("信息报送"), "publicity.view", 52)
        register_menu("exhibition_list", _("图片展"), "publicity.manage", 53)
        sources.register()
        from . import library

        register_library(library.file_photo)
        register_section("publicity", "宣传活动", summary.publicity_paragraphs, order=30)
        from . import assessment_rules  # noqa: F401  (its 年度考核 rules, into the assessment catalogue)
