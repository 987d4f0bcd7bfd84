"""Private links for members of the public who act without an account: the link carries a random secret, the
database keeps only its SHA-256, so a leaked table reveals no link."""

import hashlib
import secrets


def secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def new_secret() -> tuple[str, str]:
    """A fresh secret for the link, and the hash to store."""
    secret = secrets.token_urlsafe(24)
    return secret, secret_hash(secret)
