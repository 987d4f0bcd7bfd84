"""Requirements derived from one another (方案细化): a county's requirement copies the city's and takes over
the city's tasks for the county's units, so a unit keeps one task per requirement and its derivations.

A task answers `requirement` (the most specific one, with the earliest deadline) and was first given by
`origin` (the top-most requirement that asked the unit). A requirement's own figures count the tasks that
answer it or a requirement derived from it, except those given by a derived requirement alone: a county's
own schools are the county's to count, not the city's, unless the city asked them too.
"""

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import QuerySet

from .models import Requirement, Task

# city → county → town → village: deeper chains do not occur in an education system's campaigns
MAX_DEPTH = 4


def requirement_ancestors(requirement: Requirement) -> list[Requirement]:
    """The requirements this one derives from, nearest first."""
    chain: list[Requirement] = []
    current = requirement.inherited_from
    while current is not None and len(chain) < MAX_DEPTH:
        chain.append(current)
        current = current.inherited_from
    return chain


# every requirement derived from the anchor ones, with the anchor it comes from and how far below it lies; the
# anchor is an id list or a query's SQL ({given}), so the whole lineage is one round trip
LINEAGE_SQL = """
WITH RECURSIVE lineage (id, given, depth) AS (
  SELECT id, id, 0 FROM {table} WHERE id IN ({given})
  UNION ALL
  SELECT r.id, l.given, l.depth + 1 FROM {table} r JOIN lineage l ON r.inherited_from_id = l.id
  WHERE l.depth < %s
)
SELECT id, given, depth FROM lineage ORDER BY depth, id
"""


def _anchor(requirement_ids: Iterable[int]) -> tuple[str, tuple[Any, ...], list[int]]:
    """The anchor's SQL and parameters, and the given ids known without a query (none for a query)."""
    if isinstance(requirement_ids, QuerySet):
        sql, params = requirement_ids.order_by().query.sql_with_params()
        return sql, tuple(params), []
    given = list(requirement_ids)
    return ", ".join(["%s"] * len(given)), tuple(given), given


def derived_from(requirement_ids: Iterable[int]) -> dict[int, int]:
    """{id of a requirement or one derived from it: the given requirement it comes from}, given ones included.

    One query (a recursive walk down the derivations); a requirement derived from another given one comes
    from the top-most given one."""
    try:
        given_sql, params, given = _anchor(requirement_ids)
    except EmptyResultSet:  # a query that can match nothing
        return {}
    mapping = {pk: pk for pk in given}
    if not given_sql:
        return mapping
    sql = LINEAGE_SQL.format(table=Requirement._meta.db_table, given=given_sql)
    depths: dict[int, int] = {}
    with connections[Requirement.objects.db].cursor() as cursor:
        cursor.execute(sql, (*params, MAX_DEPTH))
        for pk, top, depth in cursor.fetchall():
            if depth >= depths.get(pk, -1):  # the deeper walk started at a higher given requirement
                mapping[pk], depths[pk] = top, depth
    return mapping


def answering_tasks(mapping: dict[int, int]) -> QuerySet[Task]:
    """The tasks that answer the mapped requirements: their own and their derivations', less those that only
    a derived requirement gave (its issuer's own units)."""
    only_derived = [pk for pk, given in mapping.items() if pk != given]
    return Task.objects.filter(requirement_id__in=list(mapping)).exclude(origin_id__in=only_derived)


def tasks_answering(requirement: Requirement) -> QuerySet[Task]:
    return answering_tasks(derived_from([requirement.pk]))
