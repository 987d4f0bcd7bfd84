from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PhonesConfig(AppConfig):
    name = "fupin.phones"
    label = "phones"
    verbose_name = _("手机验证码")
