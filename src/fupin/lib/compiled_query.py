"""A read compiled to SQL once per process and run again with each request's value, for the hottest public
pages, where building the query costs more than the database takes to answer it."""

import threading
from collections.abc import Callable
from typing import Any

from django.db import connection
from django.db.models import QuerySet
from django.db.models.sql.compiler import SQLCompiler

# Stands for the request's value while the query is compiled; never a real id (ids are positive).
_PLACEHOLDER = -7_340_033


class CompiledRead:
    """`build(value)` (a `values_list` queryset) compiled once, answering `row(value)`: its first row, with the
    same conversions the queryset applies (dates, JSON), or None."""

    def __init__(self, build: Callable[[Any], QuerySet[Any, Any]]):
        self._build = build
        self._compiled: dict[str, tuple[SQLCompiler, str, list[Any], int]] = {}
        self._lock = threading.Lock()

    def _compile(self) -> tuple[SQLCompiler, str, list[Any], int]:
        key = f"{connection.alias}:{connection.vendor}"
        if key not in self._compiled:
            with self._lock:
                compiler = self._build(_PLACEHOLDER)[:1].query.get_compiler(connection=connection)
                sql, params = compiler.as_sql()
                self._compiled[key] = (compiler, sql, list(params), list(params).index(_PLACEHOLDER))
        return self._compiled[key]

    def row(self, value: Any) -> tuple[Any, ...] | None:
        compiler, sql, params, position = self._compile()
        params = params.copy()
        params[position] = value
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        converted = list(compiler.results_iter(results=[rows], tuple_expected=True))
        return tuple(converted[0]) if converted else None
