"""Saving one new row on the hottest writes (the public pledge and the audit row every write appends) with its
INSERT built once per model and database, not on every save: building the statement costs the ORM more than the
database takes to store the row.

The values are prepared exactly as `save()` prepares them (each field's `pre_save`, so `auto_now_add` is the
time of writing, and `get_db_prep_save`); the instance gets its id and counts as saved. Like `bulk_create`, it
sends no signals (the product has none on these models) and runs no model validation: the caller has checked.
"""

from typing import Any

from django.db import connection, models

_STATEMENTS: dict[tuple[str, str], tuple[str, list[Any]]] = {}


def _statement(model: type[models.Model]) -> tuple[str, list[Any]]:
    key = (model._meta.label, connection.vendor)
    if key not in _STATEMENTS:
        meta, quote = model._meta, connection.ops.quote_name
        fields = [f for f in meta.concrete_fields if not f.primary_key and not f.generated]
        names = ", ".join(quote(str(f.column)) for f in fields)
        marks = ", ".join(["%s"] * len(fields))
        pk = quote(str(meta.pk.column)) if meta.pk is not None else ""
        sql = f"INSERT INTO {quote(meta.db_table)} ({names}) VALUES ({marks}) RETURNING {pk}"  # nosec B608
        _STATEMENTS[key] = (sql, fields)
    return _STATEMENTS[key]


def insert_one[M: models.Model](obj: M) -> M:
    """INSERT `obj` (a new row whose id the database assigns), as `obj.save(force_insert=True)` would."""
    sql, fields = _statement(type(obj))
    values = [f.get_db_prep_save(f.pre_save(obj, True), connection) for f in fields]
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
        (obj.pk,) = cursor.fetchone()
    obj._state.adding, obj._state.db = False, connection.alias
    return obj
