"""The keys a sheet import has already read (the keyed hashes of 身份证号), kept in the database rather than
in memory.

Finding a number given twice in a sheet of a million rows would otherwise hold a million keyed hashes in
memory. Instead each chunk's keys go into a temporary table (the key, e.g. a keyed hash's first 16 bytes, and
the row that gave it), created inside the import's transaction and gone with it; the insert skips the keys an
earlier row gave and says which they were, and only for those is the earlier row looked up. The import holds
one chunk's keys however long the sheet. The table belongs to the database session, so imports running side
by side never see each other's keys.
"""

from typing import Any

from django.db import connection

BATCH = 5000  # numbers per statement: SQLite refuses statements with more than 32,766 parameters


def _table(name: str) -> str:
    """The temporary table's name, in the session's own schema (so it can never name a regular table)."""
    return ("pg_temp." if connection.vendor == "postgresql" else "temp.") + name


def _insert(table: str, numbers: list[tuple[bytes, int]]) -> tuple[str, list[Any]]:
    """One statement adding the numbers not in the table yet, returning those it added."""
    if connection.vendor == "postgresql":  # two text parameters, split by the server: far quicker than a
        # parameter per value, or arrays the driver builds value by value
        rows = (
            "SELECT decode(k, 'hex'), r::integer FROM unnest(string_to_array(%s, ','), string_to_array(%s, ','))"
            " AS t(k, r)"
        )
        params: list[Any] = [",".join(key.hex() for key, _row in numbers), ",".join(str(row) for _key, row in numbers)]
    else:
        rows = "VALUES " + ", ".join(["(%s, %s)"] * len(numbers))
        params = [value for pair in numbers for value in pair]
    query = f"INSERT INTO {table} (number_key, row_number) {rows} ON CONFLICT DO NOTHING RETURNING number_key"
    return query, params


class SeenKeys:
    """Key → the first row that gave it, in the temporary table `name` (one name per importer). Keys claimed
    before `open` (the first chunk is checked before the import's transaction begins) wait in memory, one
    chunk at most, and go into the table on `open`."""

    def __init__(self, name: str) -> None:
        self.name, self.table = name, _table(name)
        self.is_open = False
        self.waiting: dict[bytes, int] = {}

    def open(self) -> None:
        """Create the table (inside the import's transaction: a rollback removes it) with the waiting numbers."""
        kind = "bytea" if connection.vendor == "postgresql" else "BLOB"
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {self.table}")
            cursor.execute(
                f"CREATE TEMPORARY TABLE {self.name} (number_key {kind} PRIMARY KEY, row_number integer NOT NULL)"
            )
        self.is_open = True
        waiting, self.waiting = self.waiting, {}
        self.claim(list(waiting.items()))

    def close(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {self.table}")
        self.is_open = False

    def claim(self, numbers: list[tuple[bytes, int]]) -> dict[bytes, int]:
        """Each (key, row) remembered unless an earlier row gave the key: those come back, with that earlier
        row. The keys must differ from one another."""
        if not self.is_open:
            earlier = {key: self.waiting[key] for key, _row in numbers if key in self.waiting}
            self.waiting.update((key, row) for key, row in numbers if key not in earlier)
            return earlier
        added: set[bytes] = set()
        with connection.cursor() as cursor:
            for start in range(0, len(numbers), BATCH):
                cursor.execute(*_insert(self.table, numbers[start : start + BATCH]))
                added.update(bytes(key) for (key,) in cursor.fetchall())
        return self._rows([key for key, _row in numbers if key not in added])

    def _rows(self, keys: list[bytes]) -> dict[bytes, int]:
        found: dict[bytes, int] = {}
        with connection.cursor() as cursor:
            for start in range(0, len(keys), BATCH):
                part = keys[start : start + BATCH]
                marks = ", ".join(["%s"] * len(part))
                query = f"SELECT number_key, row_number FROM {self.table} WHERE number_key IN ({marks})"  # nosec B608
                cursor.execute(query, part)
                found.update((bytes(key), row) for key, row in cursor.fetchall())
        return found
