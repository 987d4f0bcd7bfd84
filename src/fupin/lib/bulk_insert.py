"""Inserting many rows of one model in one statement, for imports whose rows are already checked.

`Model.objects.bulk_create` prepares every value of every object in Python (a few microseconds each), which
for a sheet of thousands of rows over several tables costs more than reading and checking the sheet. Here the
rows arrive as plain values in the order of the named fields: PostgreSQL takes them with one `COPY … FROM
STDIN` (its bulk-loading path, rows formatted by the driver's C code); SQLite runs one prepared statement over
all rows. The
rows bypass model validation and `save()`: the caller has checked them, and the database's constraints still
hold. Ids are taken beforehand (`allocate_ids`) when other rows must point at the new ones.
"""

from collections.abc import Sequence
from typing import Any

from django.db import connection, models
from django.db.models import Max

# fields whose Python values the database driver cannot take as they are (SQLite stores times as text)
_PREPARED = (models.DateTimeField, models.DateField, models.TimeField, models.DecimalField, models.JSONField)


def allocate_ids(model: type[models.Model], count: int) -> list[int]:
    """Ids for `count` new rows of `model`, taken before they are inserted.

    PostgreSQL hands them out from the table's sequence; SQLite's writer holds the database from the start of
    the caller's transaction (IMMEDIATE), so the ids after the highest ever used are free for it."""
    if count <= 0:
        return []
    table = model._meta.db_table  # the model's own constant; the count is a parameter
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            query = f"SELECT nextval(pg_get_serial_sequence('{table}', 'id')) FROM generate_series(1, %s)"  # nosec B608
            cursor.execute(query, [count])
            return [row[0] for row in cursor.fetchall()]
        highest = model._default_manager.aggregate(highest=Max("pk"))["highest"] or 0
        cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
        used = cursor.fetchone()
        first = max(highest, used[0] if used else 0) + 1
        return list(range(first, first + count))


def insert_rows(model: type[models.Model], fields: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """Insert `rows` (one value per named field, a foreign key as its id) into `model`'s table; every other
    column takes its field's default (the id its sequence's next, when not named)."""
    if not rows:
        return
    meta = model._meta
    named = [meta.get_field(name) for name in fields]
    rest = [f for f in meta.concrete_fields if f not in named and not f.primary_key]
    concrete = [field for field in named if isinstance(field, models.Field)] + rest
    if len(concrete) != len(named) + len(rest):
        raise ValueError(f"{meta.label}: only concrete fields can be inserted: {fields}")
    defaults = [field.get_default() for field in rest]
    values = [list(column) for column in zip(*rows, strict=True)] + [[d] * len(rows) for d in defaults]
    for index, field in enumerate(concrete):
        if isinstance(field, _PREPARED):
            values[index] = [field.get_db_prep_save(v, connection) for v in values[index]]
    quote = connection.ops.quote_name
    names = ", ".join(quote(str(field.column)) for field in concrete)
    table = quote(meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:  # nosec B608
                for row in zip(*values, strict=True):
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(concrete))
            query = f"INSERT INTO {table} ({names}) VALUES ({marks})"  # nosec B608
            cursor.executemany(query, list(zip(*values, strict=True)))
