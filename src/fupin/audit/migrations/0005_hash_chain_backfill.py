"""Chains the rows already in the trail, oldest first (by id, the order they were written), and sets the head.

The digest is a frozen copy of `fupin.audit.chain.row_hash` at the time of writing (a migration never imports
live code); the two must agree, which `test_audit_chain.py` checks on a back-filled row. The append-only trigger
is set aside for this one transaction on PostgreSQL; on SQLite the previous migration's table rebuild dropped it
and a later migration puts it back.
"""

import hashlib
import json
from datetime import UTC, datetime

from django.db import migrations

FIELDS = (
    "seq", "at", "actor_id", "actor_username", "ip", "action", "target_type", "target_id", "target_repr",
    "unit_path", "unit_name", "changes", "note", "prev_hash",
)  # fmt: skip
BATCH = 2000


def _canonical(value):
    if isinstance(value, dict):
        return {str(k): _canonical(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_canonical(v) for v in value]
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat(timespec="microseconds")
    return value


def _hash(row):
    payload = {name: _canonical(getattr(row, name)) for name in FIELDS}
    text = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def chain(apps, schema_editor):
    event_model = apps.get_model("audit", "AuditEvent")
    head_model = apps.get_model("audit", "AuditChainHead")
    postgres = schema_editor.connection.vendor == "postgresql"
    if postgres:
        schema_editor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER audit_event_append_only")
    seq, prev, batch = 0, "", []
    for row in event_model.objects.order_by("id").iterator(chunk_size=BATCH):
        seq += 1
        row.seq, row.prev_hash = seq, prev
        row.hash = prev = _hash(row)
        batch.append(row)
        if len(batch) == BATCH:
            event_model.objects.bulk_update(batch, ["seq", "prev_hash", "hash"])
            batch = []
    event_model.objects.bulk_update(batch, ["seq", "prev_hash", "hash"])
    head_model.objects.update_or_create(pk=1, defaults={"seq": seq, "hash": prev})
    if postgres:
        schema_editor.execute("ALTER TABLE audit_auditevent ENABLE TRIGGER audit_event_append_only")


def unchain(apps, schema_editor):
    apps.get_model("audit", "AuditChainHead").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("audit", "0004_hash_chain_fields")]
    operations = [migrations.RunPython(chain, unchain)]
