"""Rotating the personal data key: numbers of the old key stay readable and findable until `fupin keys rotate`
has rewritten them under the new key, after which the old key is no longer needed."""

import pytest
from cryptography.fernet import Fernet, InvalidToken
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from fupin.audit.models import AuditEvent
from fupin.households.models import Household
from fupin.households.services import register_household, reveal_id_number

from .factories import household

pytestmark = pytest.mark.django_db

OLD_KEY = "b2xkLWtleS1vZi10aGUtcmVnaXN0cnktMzItYnl0ZXM="
NEW_KEY = "bmV3LWtleS1vZi10aGUtcmVnaXN0cnktMzItYnl0ZXM="


def _registered_under_the_old_key(by, village) -> Household:
    with override_settings(FUPIN_PERSONAL_DATA_KEY=OLD_KEY, FUPIN_PERSONAL_DATA_OLD_KEYS=[]):
        return household(by, village, "王大山", "430524199006071213")


@override_settings(FUPIN_PERSONAL_DATA_KEY=NEW_KEY, FUPIN_PERSONAL_DATA_OLD_KEYS=[OLD_KEY])
def test_before_the_rotation_a_number_of_the_old_key_is_read_found_and_not_registered_twice(
    tree, county_officer, login
):
    made = _registered_under_the_old_key(county_officer, tree.village1)
    assert reveal_id_number(by=county_officer, household=made) == "430524199006071213"
    page = login(county_officer).get(reverse("household_list"), {"q": "430524199006071213"}).content.decode()
    assert "王大山" in page
    with pytest.raises(ValidationError) as refused:
        register_household(
            by=county_officer,
            village=tree.village1,
            head_name="王大山",
            id_number="430524199006071213",
            category="registered_poor",
            poverty_causes=[],
        )
    assert refused.value.message_dict == {"id_number": ["该身份证号已登记:石桥东村 户主 王*山"]}
    assert Household.objects.count() == 1


def test_keys_rotate_rewrites_every_number_under_the_new_key_and_the_search_still_finds_it(
    tree, county_officer, login, capsys
):
    made = _registered_under_the_old_key(county_officer, tree.village1)
    old_cipher, old_hash = made.head_id_cipher, made.head_id_hash
    with override_settings(FUPIN_PERSONAL_DATA_KEY=NEW_KEY, FUPIN_PERSONAL_DATA_OLD_KEYS=[OLD_KEY]):
        call_command("keys", "rotate", "--batch", "1")
    assert "households.household: 1" in capsys.readouterr().out
    made.refresh_from_db()
    assert made.head_id_cipher != old_cipher and made.head_id_hash != old_hash
    assert Fernet(NEW_KEY.encode()).decrypt(made.head_id_cipher.encode()) == b"430524199006071213"
    with pytest.raises(InvalidToken):
        Fernet(OLD_KEY.encode()).decrypt(made.head_id_cipher.encode())
    with override_settings(FUPIN_PERSONAL_DATA_KEY=NEW_KEY, FUPIN_PERSONAL_DATA_OLD_KEYS=[]):  # old key dropped
        assert reveal_id_number(by=county_officer, household=made) == "430524199006071213"
        page = login(county_officer).get(reverse("household_list"), {"q": "430524199006071213"}).content.decode()
        assert "王大山" in page
    event = AuditEvent.objects.get(note="个人信息密钥轮换")
    assert event.changes["households.household"] == [None, 1]


def test_without_the_old_key_a_number_of_that_key_cannot_be_read(tree, county_officer):
    made = _registered_under_the_old_key(county_officer, tree.village1)
    only_the_new_key = override_settings(FUPIN_PERSONAL_DATA_KEY=NEW_KEY, FUPIN_PERSONAL_DATA_OLD_KEYS=[])
    with only_the_new_key, pytest.raises(ValueError, match="personal data key does not match"):
        reveal_id_number(by=county_officer, household=made)
