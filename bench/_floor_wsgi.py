"""The pledge's floor: a minimal WSGI app that stores what a public pledge stores (the pledge row and its audit
row, in the product's own tables, in one transaction) straight through psycopg, with no framework, and answers
with the same redirect. The audit row is chained as the product's trail requires (`fupin audit verify` stays
clean): the chain's head row locked, the row inserted with its hash over the same fields, the head moved.
`gunicorn bench._floor_wsgi:application` runs it on the production server's settings; the environment names
the database (DATABASE_URL) and the drive (FUPIN_FLOOR_DRIVE, its unit's path and name in FUPIN_FLOOR_UNIT_PATH
and FUPIN_FLOOR_UNIT_NAME). Each server thread keeps its own connection, as Django does."""

import json
import os
import secrets
import threading
from datetime import UTC, datetime
from urllib.parse import parse_qs

import psycopg

from fupin.audit.chain import row_hash

PLEDGE = (
    "INSERT INTO donations_pledge (drive_id, token, idempotency_key, donor_type, donor_name, is_anonymous, phone, "
    "channel, amount_fen, goods_description, goods_quantity, goods_unit, goods_value_fen, status, void_reason, "
    "created_at) VALUES (%s, %s, %s, %s, %s, false, %s, %s, %s, '', 0, '', 0, 'pledged', '', now()) RETURNING id"
)
HEAD = "SELECT seq, hash FROM audit_auditchainhead WHERE id = 1 FOR UPDATE"
AUDIT = (
    "INSERT INTO audit_auditevent (seq, prev_hash, hash, at, actor_username, ip, action, target_type, target_id, "
    "target_repr, unit_path, unit_name, changes, note) VALUES (%(seq)s, %(prev_hash)s, %(hash)s, %(at)s, '', "
    "%(ip)s, 'create', %(target_type)s, %(target_id)s, %(target_repr)s, %(unit_path)s, %(unit_name)s, "
    "%(changes)s, %(note)s)"
)
MOVE_HEAD = "UPDATE audit_auditchainhead SET seq = %s, hash = %s WHERE id = 1"
_local = threading.local()


def _connection() -> psycopg.Connection:
    if getattr(_local, "connection", None) is None or _local.connection.closed:
        _local.connection = psycopg.connect(os.environ["DATABASE_URL"])
    return _local.connection


def _chain(cursor: psycopg.Cursor, ip: str, pk: int, drive: int, amount_fen: int) -> None:
    """The pledge's audit row after the chain's head, and the head moved to it."""
    cursor.execute(HEAD)
    seq, prev_hash = cursor.fetchone() or (0, "")
    event = {
        "seq": seq + 1,
        "at": datetime.now(UTC),
        "actor_id": None,
        "actor_username": "",
        "ip": ip or None,
        "action": "create",
        "target_type": "donations.pledge",
        "target_id": str(pk),
        "target_repr": f"RJ{drive:04d}-{pk:07d}",
        "unit_path": os.environ["FUPIN_FLOOR_UNIT_PATH"],
        "unit_name": os.environ["FUPIN_FLOOR_UNIT_NAME"],
        "changes": {"amount_fen": [None, amount_fen]},
        "note": "公众认捐",
        "prev_hash": prev_hash,
    }
    event["hash"] = row_hash(event)
    cursor.execute(AUDIT, event | {"changes": json.dumps(event["changes"])})
    cursor.execute(MOVE_HEAD, (event["seq"], event["hash"]))


def _store(form: dict[str, list[str]], ip: str) -> str:
    drive, token = int(os.environ["FUPIN_FLOOR_DRIVE"]), secrets.token_urlsafe(24)
    amount_fen = int(form["amount"][0]) * 100
    with _connection().transaction(), _connection().cursor() as cursor:
        cursor.execute(
            PLEDGE,
            (
                drive,
                token,
                form["idempotency_key"][0],
                form["donor_type"][0],
                form["donor_name"][0],
                form["phone"][0],
                form["channel"][0],
                amount_fen,
            ),
        )
        (pk,) = cursor.fetchone() or (0,)
        _chain(cursor, ip, pk, drive, amount_fen)
    return token


def application(environ, start_response):
    if environ["REQUEST_METHOD"] != "POST":
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"ok"]
    body = environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0)).decode()
    token = _store(parse_qs(body), environ.get("REMOTE_ADDR", ""))
    start_response("302 Found", [("Location", f"/give/pledges/{token}/"), ("Content-Length", "0")])
    return [b""]
