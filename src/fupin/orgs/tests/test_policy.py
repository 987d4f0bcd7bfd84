"""The policy table: role × action × (own subtree, sibling subtree), in one parametrised test."""

import itertools

import pytest

from fupin.orgs.models import Role
from fupin.orgs.policy import POLICY, can, scope_q
from fupin.orgs.tests.factories import make_user

MATRIX = list(itertools.product(sorted(Role.values), sorted(POLICY)))


@pytest.mark.parametrize(("role", "action"), MATRIX)
def test_a_role_granted_on_a_unit_applies_to_its_subtree_and_nowhere_else(role, action, tree):
    user = make_user(f"u_{role}", tree.county1, role)
    allowed = role in POLICY[action]
    assert can(user, action, tree.county1.path) is allowed
    assert can(user, action, tree.village1.path) is allowed  # deep inside the subtree
    assert can(user, action, tree.school2.path) is False  # sibling subtree
    assert can(user, action, tree.city.path) is False  # the level above


def test_the_policy_table_names_known_actions_only(tree):
    with pytest.raises(KeyError):
        scope_q(make_user("x", tree.city, Role.OFFICE_ADMIN), "unit.destroy_everything")


def test_office_admin_manages_and_auditor_only_reads():
    assert Role.OFFICE_ADMIN in POLICY["unit.manage"] and Role.OFFICE_ADMIN in POLICY["member.manage"]
    assert Role.AUDITOR in POLICY["audit.view"]
    assert not any(Role.AUDITOR in roles for action, roles in POLICY.items() if not action.endswith(".view"))


def test_a_user_without_memberships_can_do_nothing(tree):
    user = make_user("nobody")
    assert not any(can(user, action, tree.city.path) for action in POLICY)


def test_an_inactive_superuser_has_no_powers(tree):
    user = make_user("root", is_superuser=True, is_active=False)
    assert not can(user, "unit.manage", tree.city.path)
