"""The database cache every app server shares, with a counter that counts under a row lock.

Django's `DatabaseCache.incr` reads the value, then writes value + 1: two servers counting the same key at the same
moment both read 3 and both write 4, so a limit counted there lets requests through (django-ratelimit's own check
says so of the database cache: "does not support atomic increment"). Here `incr` first takes the cache row's write
lock with a no-op UPDATE (PostgreSQL row lock; SQLite's database write lock) in the same transaction as the read
and the write, so a second counter waits and then reads the first one's result.
"""

from typing import Any

from django.core.cache.backends.db import DatabaseCache
from django.db import connections, router, transaction


class CountingDatabaseCache(DatabaseCache):
    def incr(self, key: Any, delta: int = 1, version: int | None = None) -> int:
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        quote = connection.ops.quote_name
        lock = "UPDATE {t} SET {e} = {e} WHERE {k} = %s".format(
            t=quote(self.cache_model_class._meta.db_table), e=quote("expires"), k=quote("cache_key")
        )
        with transaction.atomic(using=db):
            with connection.cursor() as cursor:
                cursor.execute(lock, [self.make_and_validate_key(key, version=version)])
            return super().incr(key, delta, version)
