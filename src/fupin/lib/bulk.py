"""Writing many rows of one model at once: ids taken beforehand (so children can point at parents in the same
run), then PostgreSQL's COPY, or `bulk_create` in chunks elsewhere. Nothing is written row by row, nothing twice."""

from collections.abc import Sequence
from typing import Any

from django.db import connection, models

CHUNK = 1000  # rows per statement where COPY is not available (SQLite)
PLAIN = (
    models.CharField,
    models.TextField,
    models.IntegerField,
    models.BooleanField,
    models.DateField,  # DateTimeField too: psycopg sends aware datetimes as they are
    models.ForeignKey,
    models.AutoField,
    models.BigAutoField,
)


def allocate_ids(model: type[models.Model], count: int) -> list[int]:
    """Ids for `count` new rows of `model`, taken before they are inserted.

    PostgreSQL hands them out from the table's sequence; SQLite's writer holds the database from the start of
    the transaction (IMMEDIATE), so the ids after the highest ever used are free for it.
    """
    table = model._meta.db_table  # the model's own constant; the count is a parameter
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            query = f"SELECT nextval(pg_get_serial_sequence('{table}', 'id')) FROM generate_series(1, %s)"  # nosec B608
            cursor.execute(query, [count])
            return [row[0] for row in cursor.fetchall()]
        cursor.execute(f'SELECT MAX("id") FROM "{table}"')  # nosec B608
        highest = cursor.fetchone()[0] or 0
        cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
        used = cursor.fetchone()
        first = max(highest, used[0] if used else 0) + 1
        return list(range(first, first + count))


def _value(field: models.Field[Any, Any], obj: models.Model) -> Any:
    if isinstance(field, PLAIN):
        return getattr(obj, field.attname)
    return field.get_db_prep_save(getattr(obj, field.attname), connection)


def insert_rows(model: type[models.Model], objs: Sequence[models.Model]) -> None:
    """Insert `objs` (their ids already set) with every column; defaults and `auto_now_add` filled as `save()`
    would. Inside the caller's transaction, so a failure leaves nothing."""
    if not objs:
        return
    fields = [f for f in model._meta.concrete_fields if not f.generated]
    for field in fields:
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            for obj in objs:
                field.pre_save(obj, add=True)  # the time of writing, as save() and bulk_create set it
    if connection.vendor != "postgresql":
        model._default_manager.bulk_create(objs, batch_size=CHUNK)
        return
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(str(f.column)) for f in fields)
    statement = f"COPY {table} ({columns}) FROM STDIN"  # the model's own names
    with connection.cursor() as cursor, connection.wrap_database_errors, cursor.cursor.copy(statement) as copy:
        for obj in objs:
            copy.write_row([_value(f, obj) for f in fields])
