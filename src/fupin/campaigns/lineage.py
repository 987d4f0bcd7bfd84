"""Requirements derived from one another (方案细化): a county's requirement copies the city's and takes over
the city's tasks for the county's units, so a unit keeps one task per requirement and its derivations.

A task answers `requirement` (the most specific one, with the earliest deadline) and was first given by
`origin` (the top-most requirement that asked the unit). A requirement's own figures count the tasks that
answer it or a requirement derived from it, except those given by a derived requirement alone: a county's
own schools are the county's to count, not the city's, unless the city asked them too.
"""

from collections.abc import Iterable

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


def derived_from(requirement_ids: Iterable[int]) -> dict[int, int]:
    """{id of a requirement or one derived from it: the given requirement it comes from}, given ones included."""
    mapping = {pk: pk for pk in requirement_ids}
    frontier = list(mapping)
    for _depth in range(MAX_DEPTH):
        rows = list(Requirement.objects.filter(inherited_from__in=frontier).values_list("pk", "inherited_from_id"))
        if not rows:
            break
        frontier = []
        for pk, parent_id in rows:
            if parent_id is not None:
                mapping[pk] = mapping[parent_id]
                frontier.append(pk)
    return mapping


def answering_tasks(mapping: dict[int, int]) -> QuerySet[Task]:
    """The tasks that answer the mapped requirements: their own and their derivations', less those that only
    a derived requirement gave (its issuer's own units)."""
    only_derived = [pk for pk, given in mapping.items() if pk != given]
    return Task.objects.filter(requirement_id__in=list(mapping)).exclude(origin_id__in=only_derived)


def tasks_answering(requirement: Requirement) -> QuerySet[Task]:
    return answering_tasks(derived_from([requirement.pk]))
