"""Rows written in bulk with ids taken beforehand: every column as `save()` would write it, and the ids handed out
afterwards never collide with them."""

import pytest
from django.db import IntegrityError, transaction

from fupin.households.models import Household
from fupin.lib.bulk import allocate_ids, insert_rows
from fupin.orgs.models import Unit, path_segment

pytestmark = pytest.mark.django_db


def _villages(parent: Unit, count: int) -> list[Unit]:
    made = []
    for n, pk in enumerate(allocate_ids(Unit, count)):
        unit = Unit(pk=pk, parent=parent, name=f"批量{n}村", code=f"BULK-{n:04d}", kind="village", area="rural")
        unit.depth, unit.path = parent.depth + 1, parent.path + path_segment(pk)
        made.append(unit)
    return made


def test_rows_written_in_bulk_read_back_with_every_column(tree):
    villages = _villages(tree.town1, 3)

    insert_rows(Unit, villages)

    back = Unit.objects.get(code="BULK-0002")
    assert (back.pk, back.name, back.parent_id, back.depth) == (villages[2].pk, "批量2村", tree.town1.pk, 3)
    assert back.path == f"{tree.town1.path}{villages[2].pk:08d}/" and back.created_at is not None


def test_a_json_column_is_written_as_json(tree):
    pk = allocate_ids(Household, 1)[0]
    made = Household(pk=pk, village=tree.village1, head_name="批量户", head_id_cipher="x", head_id_hash="h" * 64)
    made.head_id_masked, made.category, made.status = "4305**********1213", "registered_poor", "lifted"
    made.poverty_causes = ["illness", "schooling"]

    insert_rows(Household, [made])

    assert Household.objects.get(pk=pk).poverty_causes == ["illness", "schooling"]


def test_ids_handed_out_after_a_bulk_write_never_collide_with_it(tree):
    villages = _villages(tree.town1, 2)
    insert_rows(Unit, villages)

    later = Unit.objects.create(name="后建村", code="BULK-LATER", kind="village", parent=tree.town1, path="tmp/")

    assert later.pk > villages[-1].pk


def test_a_bulk_write_that_breaks_a_constraint_writes_nothing(tree):
    villages = _villages(tree.town1, 3)
    villages[2].code = villages[0].code  # the same code twice

    with pytest.raises(IntegrityError), transaction.atomic():
        insert_rows(Unit, villages)

    assert not Unit.objects.filter(code__startswith="BULK-").exists()
