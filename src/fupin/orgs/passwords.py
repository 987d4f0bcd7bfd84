"""Password rules for 等保 2.0 level 2 (three of four character classes, no reuse of recent ones), and
one-time passwords."""

import re

from django.contrib.auth.hashers import PBKDF2PasswordHasher, check_password
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

_CLASSES = [re.compile(r"[a-z]"), re.compile(r"[A-Z]"), re.compile(r"\d"), re.compile(r"[^A-Za-z0-9]")]


class CharacterClassValidator:
    def __init__(self, min_classes: int = 3):
        self.min_classes = min_classes

    def validate(self, password: str, user=None) -> None:
        if sum(1 for c in _CLASSES if c.search(password)) < self.min_classes:
            raise ValidationError(self.get_help_text(), code="password_too_simple")

    def get_help_text(self) -> str:
        return _("密码须包含大写字母、小写字母、数字、符号中的至少三类。")


REMEMBERED_PASSWORDS = 5  # the current one and the last five cannot be chosen again


class PasswordHistoryValidator:
    """The current password (at first login, the temporary one) and the last few cannot be chosen again."""

    def validate(self, password: str, user=None) -> None:
        if user is None or user.pk is None:
            return
        from .models import UsedPassword  # validators load before the app registry is ready

        used = list(
            UsedPassword.objects.filter(user=user).order_by("-replaced_at", "-pk").values_list("password", flat=True)
        )[:REMEMBERED_PASSWORDS]
        current = [user.password] if user.has_usable_password() else []
        if any(check_password(password, encoded) for encoded in current + used):
            raise ValidationError(self.get_help_text(), code="password_reused")

    def get_help_text(self) -> str:
        return _("新密码不能与当前密码(包括管理员发放的临时密码)或最近 %(n)d 次用过的密码相同。") % {
            "n": REMEMBERED_PASSWORDS
        }


class TemporaryPasswordHasher(PBKDF2PasswordHasher):
    """For generated one-time passwords only (≥ 70 random bits), which the owner replaces at first login.

    Their randomness, not the hash's cost, protects them, so a bulk import of accounts takes seconds rather
    than minutes; the password the owner then chooses is stored with the default hasher.
    """

    algorithm = "pbkdf2_temp"
    iterations = 20_000
