"""Django's PostgreSQL backend whose health check of a kept connection (CONN_HEALTH_CHECKS) looks at the socket
instead of sending `SELECT 1` to the server before every request.

An idle connection the server has given up on (a restart, an administrator's terminate, an idle timeout) has
been sent a last message and closed, so its socket is readable; a healthy idle connection has nothing to read.
Polling the socket with a zero timeout tells the two apart without a round trip. Anything unexpected (a
transaction left open, a message we did not ask for) counts as unusable: the connection is closed and the
request opens a fresh one, as with Django's own check."""

import select

from django.db.backends.postgresql import base
from psycopg.pq import TransactionStatus


class DatabaseWrapper(base.DatabaseWrapper):
    def is_usable(self) -> bool:
        connection = self.connection
        if connection is None or connection.closed or connection.broken:
            return False
        if connection.info.transaction_status != TransactionStatus.IDLE:
            return False
        try:
            readable, _writable, _failed = select.select([connection.fileno()], [], [], 0)
        except (OSError, ValueError):
            return False
        return not readable
