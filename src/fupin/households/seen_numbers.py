"""The 身份证号 a ledger import has already read, kept in the database rather than in memory.

Finding a number given twice in a sheet of a million rows would otherwise hold a million keyed hashes in
memory. Instead each chunk's numbers go into a temporary table (the keyed hash's first 16 bytes and the row
that gave it), created inside the import's transaction and gone with it; the insert skips the numbers an
earlier row gave and says which they were, and only for those is the earlier row looked up. The import holds
one chunk's numbers however long the sheet. The table belongs to the database session, so imports running
side by side never see each other's numbers.
"""

from typing import Any

from django.db import connection

NAME = "households_ledger_seen"
BATCH = 5000  # numbers per statement: SQLite refuses statements with more than 32,766 parameters


def _table() -> str:
    """The temporary table's name, in the session's own schema (so it can never name a regular table)."""
    return ("pg_temp." if connection.vendor == "postgresql" else "temp.") + NAME


def _insert(numbers: list[tuple[bytes, int]]) -> tuple[str, list[Any]]:
    """One statement adding the numbers not in the table yet, returning those it added."""
    if connection.vendor == "postgresql":  # two array parameters: far quicker than a parameter per value
        rows = "SELECT * FROM unnest(%s::bytea[], %s::integer[])"
        params: list[Any] = [[key for key, _row in numbers], [row for _key, row in numbers]]
    else:
        rows = "VALUES " + ", ".join(["(%s, %s)"] * len(numbers))
        params = [value for pair in numbers for value in pair]
    query = f"INSERT INTO {_table()} (number_key, row_number) {rows} ON CONFLICT DO NOTHING RETURNING number_key"
    return query, params


class SeenNumbers:
    """Keyed hash → the first row that gave it. Numbers claimed before `open` (the first chunk is checked
    before the import's transaction begins) wait in memory, one chunk at most, and go into the table on
    `open`."""

    def __init__(self) -> None:
        self.is_open = False
        self.waiting: dict[bytes, int] = {}

    def open(self) -> None:
        """Create the table (inside the import's transaction: a rollback removes it) with the waiting numbers."""
        kind = "bytea" if connection.vendor == "postgresql" else "BLOB"
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {_table()}")
            cursor.execute(
                f"CREATE TEMPORARY TABLE {NAME} (number_key {kind} PRIMARY KEY, row_number integer NOT NULL)"
            )
        self.is_open = True
        waiting, self.waiting = self.waiting, {}
        self.claim(list(waiting.items()))

    def close(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE {_table()}")
        self.is_open = False

    def claim(self, numbers: list[tuple[bytes, int]]) -> dict[bytes, int]:
        """Each (keyed hash, row) remembered unless an earlier row gave the number: those come back, with that
        earlier row. The keys must differ from one another."""
        if not self.is_open:
            earlier = {key: self.waiting[key] for key, _row in numbers if key in self.waiting}
            self.waiting.update((key, row) for key, row in numbers if key not in earlier)
            return earlier
        added: set[bytes] = set()
        with connection.cursor() as cursor:
            for start in range(0, len(numbers), BATCH):
                cursor.execute(*_insert(numbers[start : start + BATCH]))
                added.update(bytes(key) for (key,) in cursor.fetchall())
        return self._rows([key for key, _row in numbers if key not in added])

    def _rows(self, keys: list[bytes]) -> dict[bytes, int]:
        found: dict[bytes, int] = {}
        with connection.cursor() as cursor:
            for start in range(0, len(keys), BATCH):
                part = keys[start : start + BATCH]
                marks = ", ".join(["%s"] * len(part))
                query = f"SELECT number_key, row_number FROM {_table()} WHERE number_key IN ({marks})"  # nosec B608
                cursor.execute(query, part)
                found.update((bytes(key), row) for key, row in cursor.fetchall())
        return found
