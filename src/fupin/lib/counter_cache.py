"""The counters every app server shares (the limits on public writes), in the database cache's table, each count
one statement.

django-ratelimit counts with `cache.add(key, 1)` and, when the key exists, `cache.incr(key)`. Django's
`DatabaseCache` does each in several statements (read, then write, culling on the way), and its `incr` reads
the value and then writes value + 1: two servers counting at the same moment both read 3 and both write 4, so a
limit counted there lets requests through (django-ratelimit's own check says so: "does not support atomic
increment"). Here `add` is one upsert that only replaces an expired row, `incr` one `UPDATE … RETURNING` (the
database's row lock makes it atomic) and `get` one read: a public write costs two statements at most. Values
are whole numbers stored as text; the cache holds counters only.
"""

import random
from datetime import UTC, datetime
from typing import Any

from django.core.cache.backends.db import DatabaseCache
from django.db import connections, router

CLEAN_UP_SHARE = 0.01  # now and then an add removes the ended windows' counters (no other job needs to)


class CountingDatabaseCache(DatabaseCache):
    def _run(self, sql: str, params: list[Any]) -> list[tuple]:
        connection = connections[router.db_for_write(self.cache_model_class)]
        table = connection.ops.quote_name(self.cache_model_class._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(sql.format(t=table), params)
            return cursor.fetchall() if cursor.description else []

    def _moment(self, seconds: float | None = None) -> Any:
        connection = connections[router.db_for_write(self.cache_model_class)]
        moment = datetime.fromtimestamp(seconds, tz=UTC) if seconds is not None else datetime.now(tz=UTC)
        return connection.ops.adapt_datetimefield_value(moment)

    def add(self, key: Any, value: Any, timeout: Any = 300, version: int | None = None) -> bool:
        now = self._moment()
        if random.random() < CLEAN_UP_SHARE:
            self._run("DELETE FROM {t} WHERE expires < %s", [now])
        expires = self._moment(self.get_backend_timeout(timeout) or datetime.max.replace(tzinfo=UTC).timestamp())
        sql = (
            "INSERT INTO {t} (cache_key, value, expires) VALUES (%s, %s, %s) ON CONFLICT (cache_key) DO UPDATE "
            "SET value = excluded.value, expires = excluded.expires WHERE {t}.expires < %s RETURNING cache_key"
        )
        return bool(self._run(sql, [self.make_and_validate_key(key, version=version), str(int(value)), expires, now]))

    def incr(self, key: Any, delta: int = 1, version: int | None = None) -> int:
        sql = (
            "UPDATE {t} SET value = CAST(CAST(value AS INTEGER) + %s AS TEXT) "
            "WHERE cache_key = %s AND expires >= %s RETURNING value"
        )
        rows = self._run(sql, [int(delta), self.make_and_validate_key(key, version=version), self._moment()])
        if not rows:
            raise ValueError(f"Key '{key}' not found")
        return int(rows[0][0])

    def get(self, key: Any, default: Any = None, version: int | None = None) -> Any:
        sql = "SELECT value FROM {t} WHERE cache_key = %s AND expires >= %s"
        rows = self._run(sql, [self.make_and_validate_key(key, version=version), self._moment()])
        return int(rows[0][0]) if rows else default
