"""Password complexity for 等保 2.0 level 2 (three of four character classes), and one-time passwords."""

import re

from django.contrib.auth.hashers import PBKDF2PasswordHasher
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


class TemporaryPasswordHasher(PBKDF2PasswordHasher):
    """For generated one-time passwords only (≥ 70 random bits), which the owner replaces at first login.

    Their randomness, not the hash's cost, protects them, so a bulk import of accounts takes seconds rather
    than minutes; the password the owner then chooses is stored with the default hasher.
    """

    algorithm = "pbkdf2_temp"
    iterations = 20_000
