"""A subtree costs the same whatever its depth: 2,000 units eight levels down against 2,000 units two
levels down, in a tree of about 12,000 units (one indexed prefix query either way). Built and read in one
transaction that is then rolled back, so the benchmark can run again on the same database."""

from django.db import transaction

from bench._result import Result, analyze, best_of
from fupin.orgs import selectors
from fupin.orgs.models import Unit, path_segment


def _add(parent: Unit | None, code: str, kind: str = "other") -> Unit:
    unit = Unit.objects.create(
        name=code, code=code, kind=kind, parent=parent, path=f"tmp-{code}", depth=parent.depth + 1 if parent else 0
    )
    unit.path = (parent.path if parent else "") + path_segment(unit.pk)
    Unit.objects.filter(pk=unit.pk).update(path=unit.path)
    return unit


def _fan(parent: Unit, prefix: str, count: int) -> None:
    Unit.objects.bulk_create(
        Unit(
            name=f"{prefix}{i}",
            code=f"{prefix}{i}",
            kind="village",
            parent=parent,
            depth=parent.depth + 1,
            path=parent.path + f"x{i:08d}/",
        )
        for i in range(count)
    )


def _build() -> tuple[Unit, Unit]:
    root = _add(None, "B-ROOT", "city_bureau")
    shallow = _add(root, "B-SHALLOW")
    _fan(shallow, "B-S-", 1999)
    deep = root
    for level in range(7):
        deep = _add(deep, f"B-DEEP-{level}")
    _fan(deep, "B-D-", 1999)
    for i in range(4):
        _fan(_add(root, f"B-OTHER-{i}"), f"B-O{i}-", 2000)
    return shallow, deep


def run() -> Result:
    with transaction.atomic():
        shallow, deep = _build()
        analyze()
        assert selectors.subtree(shallow).count() == selectors.subtree(deep).count() == 2000
        baseline = best_of(lambda: list(selectors.subtree(shallow).values_list("id", flat=True)))
        value = best_of(lambda: list(selectors.subtree(deep).values_list("id", flat=True)))
        transaction.set_rollback(True)
    return Result(value=value, baseline=baseline, target=1.5)
