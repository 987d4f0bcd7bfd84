"""Personal API tokens: issued once in clear, stored as SHA-256, checked on every API call."""

import hashlib
import secrets

from django.db import transaction
from django.utils import timezone

from fupin.audit.models import AuditAction
from fupin.audit.services import record

from .models import ApiToken, User


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@transaction.atomic
def issue_token(*, by: User, name: str) -> str:
    """Create a token for `by` and return it in clear; it is never shown again."""
    raw = "fp_" + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=by, name=name.strip()[:60], key_hash=_digest(raw), prefix=raw[:8])
    record(by=by, action=AuditAction.CREATE, target=token)
    return raw


@transaction.atomic
def revoke_token(*, by: User, token: ApiToken) -> None:
    record(by=by, action=AuditAction.DELETE, target=token)
    token.delete()


def user_for_token(raw: str) -> User | None:
    """The active account a token belongs to, or None."""
    if not raw or len(raw) > 100:
        return None
    token = ApiToken.objects.select_related("user").filter(key_hash=_digest(raw)).first()
    if token is None or not token.user.is_active:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token.user
