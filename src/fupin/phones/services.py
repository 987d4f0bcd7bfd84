"""Phone codes for the public: at most five an hour per number, valid ten minutes, used once, five wrong tries
end a code. The counts live in the database, so every app server sees the same ones."""

import hashlib
import hmac
import secrets
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fupin.lib.text import clean_text
from fupin.orgs.validators import validate_phone

from .models import PhoneCode

CODE_MINUTES = 10
CODE_ATTEMPTS = 5
CODES_PER_HOUR = 5


def send_text(phone: str, message: str) -> None:
    """One short message to a mobile number through the configured gateway (the mail backend)."""
    EmailMessage(_("短信"), message, None, [settings.SMS_EMAIL_GATEWAY.format(phone=phone)]).send()


def _code_hash(phone: str, code: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), f"{phone}:{code}".encode(), hashlib.sha256).hexdigest()


def check_mobile(phone: str) -> str:
    """The 11-digit mobile number, spaces removed, or the reason it is not one."""
    phone = clean_text(phone).replace(" ", "")
    if len(phone) != 11:
        raise ValidationError({"phone": _("请填写 11 位手机号码")})
    try:
        validate_phone(phone)
    except ValidationError:
        raise ValidationError({"phone": _("请填写 11 位手机号码")}) from None
    return phone


def issue_phone_code(*, phone: str) -> tuple[PhoneCode, str]:
    """A new six-digit code for the phone, valid 10 minutes, at most five an hour; only its hash is kept."""
    phone = check_mobile(phone)
    hour_ago = timezone.now() - timedelta(hours=1)
    if PhoneCode.objects.filter(phone=phone, created_at__gte=hour_ago).count() >= CODES_PER_HOUR:
        raise ValidationError({"phone": _("该号码一小时内获取验证码次数过多,请稍后再试")})
    code = f"{secrets.randbelow(1_000_000):06d}"
    made = PhoneCode.objects.create(
        phone=phone, code_hash=_code_hash(phone, code), expires_at=timezone.now() + timedelta(minutes=CODE_MINUTES)
    )
    return made, code


@transaction.atomic
def send_phone_code(*, phone: str, purpose: str) -> PhoneCode:
    """A code texted to the phone after commit; `purpose` names what it is for (「认领微心愿」)."""
    made, code = issue_phone_code(phone=phone)
    message = _("【扶贫日】您%(p)s的验证码是 %(c)s,%(m)d 分钟内有效。") % {"p": purpose, "c": code, "m": CODE_MINUTES}
    transaction.on_commit(partial(send_text, made.phone, message))
    return made


def verify_phone_code(*, phone: str, code: str) -> None:
    """The newest unused code of the phone matches, and is used up; each wrong try is kept (call it outside the
    caller's transaction, so a refusal does not undo the count) and five wrong tries end the code."""
    with transaction.atomic():
        found = (
            PhoneCode.objects.select_for_update()
            .filter(phone=phone, used_at__isnull=True, expires_at__gt=timezone.now())
            .order_by("-created_at", "-pk")
            .first()
        )
        if found is None or found.attempts >= CODE_ATTEMPTS:
            raise ValidationError({"code": _("验证码已过期或无效,请重新获取")})
        matches = hmac.compare_digest(found.code_hash, _code_hash(phone, clean_text(code)))
        if matches:
            PhoneCode.objects.filter(pk=found.pk).update(used_at=timezone.now())
        else:
            PhoneCode.objects.filter(pk=found.pk).update(attempts=found.attempts + 1)
    if not matches:
        raise ValidationError({"code": _("验证码不正确")})
