"""Writing many rows of one model at once, for imports and generators whose rows are already checked.

Ids are taken beforehand (`allocate_ids`), so children can point at parents in the same run. `insert_rows`
takes model objects (every column, defaults and `auto_now_add` filled as `save()` would); `insert_values`
takes plain values in the order of the named fields, skipping the per-object preparation `bulk_create` does
(a few microseconds a value, more than reading and checking a sheet of thousands of rows). PostgreSQL takes
the rows with one `COPY … FROM STDIN`; SQLite with chunked `bulk_create` or one prepared statement. Rows
bypass model validation and `save()`: the caller has checked them, and the database's constraints still hold.
Nothing is written row by row, nothing twice, and everything inside the caller's transaction."""

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

# fields whose Python values the database driver cannot take as they are (SQLite stores times as text)
_DRIVER_NEEDS_PREP = (models.DateTimeField, models.DateField, models.TimeField, models.DecimalField, models.JSONField)


def allocate_ids(model: type[models.Model], count: int) -> list[int]:
    """Ids for `count` new rows of `model`, taken before they are inserted.

    PostgreSQL hands them out from the table's sequence; SQLite's writer holds the database from the start of
    the transaction (IMMEDIATE), so the ids after the highest ever used are free for it.
    """
    if count <= 0:
        return []
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


def insert_values(model: type[models.Model], fields: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
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
        if isinstance(field, _DRIVER_NEEDS_PREP):
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
