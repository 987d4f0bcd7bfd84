"""A kept PostgreSQL connection is checked before reuse without a round trip: a healthy idle one is reused
without sending anything, one the server has terminated is found unusable and replaced."""

import select

import pytest
from django.db import connection, connections

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the check is PostgreSQL's"),
]


@pytest.fixture
def kept():
    """A second connection to the test database, as a server thread keeps one between requests."""
    wrapper = connections.create_connection("default")
    wrapper.ensure_connection()
    yield wrapper
    wrapper.close()


class Refusing:
    """Stands in for the driver's connection: sending anything to the server fails the test."""

    def __init__(self, real):
        self.real = real

    def __getattr__(self, name):
        if name in ("cursor", "execute"):
            raise AssertionError("the health check sent a statement")
        return getattr(self.real, name)


def test_a_healthy_idle_connection_passes_the_check_without_a_statement(kept):
    real = kept.connection
    kept.connection = Refusing(real)
    try:
        assert kept.is_usable() is True
    finally:
        kept.connection = real


def test_a_connection_the_server_terminated_fails_the_check_and_is_replaced(kept):
    pid = kept.connection.info.backend_pid
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
        assert cursor.fetchone() == (True,)
    select.select([kept.connection.fileno()], [], [], 10)  # the server's last message arrives
    assert kept.is_usable() is False
    kept.health_check_enabled, kept.health_check_done = True, False
    kept.close_if_health_check_failed()
    with kept.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        assert cursor.fetchone()[0] != pid


def test_a_connection_left_inside_a_transaction_fails_the_check(kept):
    kept.connection.execute("BEGIN")
    assert kept.is_usable() is False
