"""Logins, logouts and failed logins go to the audit trail (a side effect, not business logic)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from fupin.audit.context import ip_of, reset_client_ip, set_client_ip
from fupin.audit.models import AuditAction
from fupin.audit.services import record

from .services import home_unit


def _record_auth(request, user, action, username: str = "") -> None:
    token = set_client_ip(ip_of(request)) if request is not None else None
    try:
        unit = home_unit(user)
        record(by=user, action=action, target=user, username=username, unit_path=unit.path, unit_name=unit.name)
    finally:
        if token is not None:
            reset_client_ip(token)


@receiver(user_logged_in)
def on_login(sender, request, user, **kwargs):
    _record_auth(request, user, AuditAction.LOGIN)


@receiver(user_logged_out)
def on_logout(sender, request, user, **kwargs):
    if user is not None:
        _record_auth(request, user, AuditAction.LOGOUT)


@receiver(user_login_failed)
def on_login_failed(sender, credentials, request=None, **kwargs):
    username = str(credentials.get("username", ""))[:150]
    user = get_user_model().objects.filter(username=username).first()
    _record_auth(request, user, AuditAction.LOGIN_FAILED, username=username)
