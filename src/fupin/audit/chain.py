"""The audit trail's hash chain: each row's hash covers its own content and the hash of the row before it, so an
edited, inserted or deleted row breaks the chain from that row on.

The digest is over canonical JSON (sorted keys, no spaces, times in UTC to the microsecond) so it is the same
whether the row is read from PostgreSQL or SQLite. A float that is a whole number is hashed as an integer,
because a JSON column may hand `1e20` back as `100000000000000000000`.
"""

import hashlib
import json
from datetime import UTC, datetime
from typing import Any

GENESIS = ""  # the previous hash of the very first row
CHAINED_FIELDS = (
    "seq",
    "at",
    "actor_id",
    "actor_username",
    "ip",
    "action",
    "target_type",
    "target_id",
    "target_repr",
    "unit_path",
    "unit_name",
    "changes",
    "note",
    "prev_hash",
)


def _canonical(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _canonical(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_canonical(v) for v in value]
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat(timespec="microseconds")
    return value


def row_hash(values: dict[str, Any]) -> str:
    """SHA-256 (hex) of one row's chained fields, `prev_hash` included."""
    payload = {name: _canonical(values.get(name)) for name in CHAINED_FIELDS}
    text = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
