"""A code texted to a phone before a member of the public acts without an account (claims a 微心愿, signs up for a
volunteer service); only the code's hash is kept, and the code expires, is used once and allows few tries."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PhoneCode(models.Model):
    phone = models.CharField(_("手机号码"), max_length=20)
    code_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("短信验证码")
        verbose_name_plural = _("短信验证码")
        indexes = [models.Index(fields=["phone", "created_at"], name="phone_code_recent")]

    def __str__(self) -> str:
        return self.phone
