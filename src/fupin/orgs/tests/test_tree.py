"""The unit tree: one indexed query per subtree whatever the depth; moving carries the subtree."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from fupin.orgs import selectors, services
from fupin.orgs.models import Unit
from fupin.orgs.tests.factories import UnitFactory


def chain(depth: int) -> list[Unit]:
    units = [UnitFactory(kind="city_bureau")]
    for _ in range(depth - 1):
        units.append(UnitFactory(parent=units[-1]))
    return units


def subtree_query_count(root: Unit) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as ctx:
        found = len(list(selectors.subtree(root)))
    return len(ctx.captured_queries), found


@pytest.mark.django_db
def test_subtree_is_one_query_at_depth_2_and_depth_8():
    shallow, deep = chain(2), chain(8)
    assert subtree_query_count(shallow[0]) == (1, 2)
    assert subtree_query_count(deep[0]) == (1, 8)


@pytest.mark.django_db
def test_subtree_query_uses_the_path_prefix():
    root = chain(3)[0]
    sql = str(selectors.subtree(root).query)
    assert "path" in sql and "LIKE" in sql.upper()


@pytest.mark.django_db
def test_paths_and_depths_follow_the_parents(tree):
    assert tree.city.depth == 0 and tree.village1.depth == 3
    assert tree.village1.path.startswith(tree.town1.path) and tree.town1.path.startswith(tree.county1.path)
    assert [u.pk for u in selectors.ancestors(tree.village1)] == [tree.city.pk, tree.county1.pk, tree.town1.pk]


@pytest.mark.django_db
def test_moving_a_unit_moves_its_whole_subtree(tree):
    services.move_unit(by=None, unit=tree.town1, new_parent=tree.county2)
    town, village = Unit.objects.get(pk=tree.town1.pk), Unit.objects.get(pk=tree.village1.pk)
    assert town.parent_id == tree.county2.pk
    assert town.path.startswith(tree.county2.path) and village.path.startswith(town.path)
    assert (town.depth, village.depth) == (2, 3)
    assert village in selectors.subtree(tree.county2) and village not in selectors.subtree(tree.county1)


@pytest.mark.django_db
def test_moving_a_deep_subtree_up_a_level_fixes_every_depth():
    units = chain(6)
    services.move_unit(by=None, unit=units[3], new_parent=units[1])
    moved = Unit.objects.filter(pk__in=[u.pk for u in units[3:]]).order_by("depth")
    assert [u.depth for u in moved] == [2, 3, 4]
    assert all(u.path.startswith(Unit.objects.get(pk=units[1].pk).path) for u in moved)


@pytest.mark.django_db
def test_a_unit_cannot_move_under_its_own_subtree(tree):
    with pytest.raises(ValidationError, match="下级单位"):
        services.move_unit(by=None, unit=tree.county1, new_parent=tree.village1)
    assert Unit.objects.get(pk=tree.county1.pk).path == tree.county1.path


@pytest.mark.django_db
def test_only_schools_have_a_stage(tree):
    with pytest.raises(ValidationError) as err:
        services.create_unit(by=None, parent=tree.county1, name="某镇", code="X1", kind="town", stage="primary")
    assert "只有学校才有学段" in str(err.value)
    with pytest.raises(ValidationError, match="学校须填写学段"):
        services.create_unit(by=None, parent=tree.county1, name="某小学", code="X2", kind="school")


@pytest.mark.django_db
def test_unit_codes_are_unique_and_phones_checked(tree):
    with pytest.raises(ValidationError) as err:
        services.create_unit(
            by=None, parent=tree.county1, name="重复", code="QH-DY", kind="department", contact_phone="12345"
        )
    assert set(err.value.message_dict) == {"code", "contact_phone"}
