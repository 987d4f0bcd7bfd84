"""Consistent dumps and restores of the configured database: pg_dump/pg_restore, or SQLite's online backup API."""

import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import psycopg
from psycopg.conninfo import make_conninfo

from .errors import BackupError

DUMP_FILES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}


def engine_of(connection: Any) -> str:
    """`sqlite` or `postgresql`; any other engine is refused with the reason."""
    vendor = str(connection.vendor)
    if vendor not in DUMP_FILES:
        raise BackupError(f"不支持的数据库类型:{vendor}(只支持 PostgreSQL 和 SQLite)")
    return vendor


def table_names(connection: Any) -> list[str]:
    with connection.cursor() as cursor:
        return sorted(connection.introspection.table_names(cursor))


def count_rows(cursor: Any, tables: Iterable[str], quote: Any) -> dict[str, int]:
    counts: dict[str, int] = {}
    for table in tables:  # the names come from the database's own catalogue, quoted
        cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")  # nosec B608
        counts[table] = int(cursor.fetchone()[0])
    return counts


def dump(connection: Any, target: Path) -> dict[str, int]:
    """Write a consistent dump of the database to `target`; returns the row count of every table in that dump."""
    if engine_of(connection) == "sqlite":
        return _dump_sqlite(connection, target)
    return _dump_postgresql(connection, target)


def restore(connection: Any, source: Path) -> None:
    """Load a dump into the (empty) database in one transaction."""
    connection.close()
    if engine_of(connection) == "sqlite":
        _restore_sqlite(connection, source)
    else:
        _run([_pg_tool("pg_restore"), *_RESTORE_FLAGS, f"--dbname={_conninfo(connection)}", str(source)], connection)
    connection.close()


def _dump_sqlite(connection: Any, target: Path) -> dict[str, int]:
    if connection.in_atomic_block:
        # The backup would wait forever on this connection's own uncommitted writes.
        raise BackupError("不能在未提交的事务中备份:请在命令行单独运行 fupin backup")
    connection.ensure_connection()
    copy = sqlite3.connect(target)
    try:
        # The online backup API copies a consistent snapshot even while other connections write.
        connection.connection.backup(copy)
        names = [
            row[0]
            for row in copy.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]
        return count_rows(copy.cursor(), names, lambda name: '"' + name.replace('"', '""') + '"')
    finally:
        copy.close()


def _restore_sqlite(connection: Any, source: Path) -> None:
    target = str(connection.settings_dict["NAME"])
    Path(target).parent.mkdir(parents=True, exist_ok=True)
    dump_db, live_db = sqlite3.connect(source), sqlite3.connect(target)
    try:
        dump_db.backup(live_db)  # page by page under one lock: the target holds all of it or none
    finally:
        dump_db.close()
        live_db.close()


def _dump_postgresql(connection: Any, target: Path) -> dict[str, int]:
    # The rows are counted and pg_dump runs in one exported snapshot, so the manifest describes the dump exactly.
    with psycopg.connect(_conninfo(connection), password=_password(connection), autocommit=False) as conn:
        conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        conn.read_only = True
        with conn.cursor() as cursor:
            cursor.execute("SELECT pg_export_snapshot()")
            row = cursor.fetchone()
            assert row is not None
            snapshot = str(row[0])
            cursor.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename",
            )
            names = [str(name) for (name,) in cursor.fetchall()]
            counts = count_rows(cursor, names, connection.ops.quote_name)
            flags = ["--format=custom", "--no-owner", "--no-privileges", f"--snapshot={snapshot}"]
            _run([_pg_tool("pg_dump"), *flags, f"--file={target}", f"--dbname={_conninfo(connection)}"], connection)
        conn.rollback()
    return counts


_RESTORE_FLAGS = ["--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction"]


def _conninfo(connection: Any) -> str:
    """libpq connection string without the password (that goes through the environment, never argv)."""
    settings = connection.settings_dict
    params = {
        "dbname": settings["NAME"],
        "user": settings.get("USER") or None,
        "host": settings.get("HOST") or None,
        "port": str(settings["PORT"]) if settings.get("PORT") else None,
        "sslmode": settings.get("OPTIONS", {}).get("sslmode"),
    }
    return make_conninfo(**{key: value for key, value in params.items() if value})


def _password(connection: Any) -> str | None:
    return connection.settings_dict.get("PASSWORD") or None


def _pg_tool(name: str) -> str:
    """The client tool from FUPIN_PG_BIN, else PATH, else the newest Debian PostgreSQL."""
    configured = os.environ.get("FUPIN_PG_BIN")
    if configured:
        return str(Path(configured) / name)
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), key=lambda p: int(p.parts[-3]))
    if not candidates:
        raise BackupError(f"找不到 {name}:请安装 PostgreSQL 客户端,或用 FUPIN_PG_BIN 指明其目录")
    return str(candidates[-1])


def _run(command: list[str], connection: Any) -> None:
    env = dict(os.environ)
    password = _password(connection)
    if password:
        env["PGPASSWORD"] = password
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        tool = Path(command[0]).name
        raise BackupError(f"{tool} 失败(退出码 {done.returncode}):{done.stderr.strip()[-800:]}")
