"""Field rules for units and accounts, with messages in Chinese."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_LANDLINE = re.compile(r"^0\d{2,3}-?\d{7,8}(-\d{1,6})?$")
_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$")


def validate_phone(value: str) -> None:
    """A mainland mobile number (11 digits) or a landline with area code (0551-12345678)."""
    if value and not (_MOBILE.match(value) or _LANDLINE.match(value)):
        raise ValidationError(_("电话号码格式不正确:应为11位手机号或带区号的固定电话"), code="phone")


def validate_unit_code(value: str) -> None:
    if not _CODE.match(value):
        raise ValidationError(_("单位代码只能由字母、数字、下划线和短横线组成,最长40位"), code="code")
