"""Rotating the personal data key: every stored 身份证号 (and bank card number) re-encrypted under the current key
and every keyed hash recomputed under it, a batch at a time, so the earlier keys can then be dropped.

Each app that stores such numbers registers its columns at start-up (the households registry here, students
and payment lines in aid), so this module knows none of the apps above it.
"""

from dataclasses import dataclass

from django.db import models, transaction
from django.utils.translation import gettext as _

from fupin.audit.models import AuditAction
from fupin.audit.services import record
from fupin.lib.id_numbers import decrypt_id_number, id_number_hash, reencrypt_id_number


@dataclass(frozen=True)
class Encrypted:
    model: type[models.Model]
    ciphers: tuple[str, ...]  # Fernet token columns (an empty one is left empty)
    hash_of: tuple[str, str] | None = None  # (hash column, the cipher column whose number it hashes)


ENCRYPTED: list[Encrypted] = []


def register_encrypted(columns: Encrypted) -> None:
    if columns not in ENCRYPTED:
        ENCRYPTED.append(columns)


def _rewrite(columns: Encrypted, row: models.Model) -> None:
    """The row's tokens and hash under the current key (a token of any configured key is read)."""
    for name in columns.ciphers:
        if token := getattr(row, name):
            setattr(row, name, reencrypt_id_number(token))
    if columns.hash_of is not None:
        hash_field, source = columns.hash_of
        setattr(row, hash_field, id_number_hash(decrypt_id_number(getattr(row, source))))


def _batch(columns: Encrypted, after: int, size: int) -> tuple[int, int]:
    """(rows rewritten, last pk) of the next batch, in its own transaction under row locks."""
    fields = [*columns.ciphers, *(columns.hash_of[:1] if columns.hash_of else ())]
    with transaction.atomic():
        rows = list(
            columns.model._default_manager.select_for_update()
            .filter(pk__gt=after)
            .order_by("pk")
            .only("pk", *fields)[:size]
        )
        for row in rows:
            _rewrite(columns, row)
        columns.model._default_manager.bulk_update(rows, fields)
    return len(rows), rows[-1].pk if rows else after


def rotate_keys(*, batch: int = 1000) -> dict[str, int]:
    """Every registered column rewritten under the current key; rows rewritten per model. Safe to run again
    (or after an interruption): a row already under the current key is rewritten to the same number."""
    counts: dict[str, int] = {}
    for columns in ENCRYPTED:
        label, after, total = columns.model._meta.label_lower, 0, 0
        while True:
            done, last = _batch(columns, after, batch)
            if last == after:
                break
            total, after = total + done, last
        counts[label] = total
    changes = {label: [None, n] for label, n in counts.items()}
    record(by=None, action=AuditAction.UPDATE, changes=changes, note=_("个人信息密钥轮换"), username="fupin keys")
    return counts
