"""A student's 身份证号 and bank card number are rewritten under the new key by `fupin keys rotate`, and the
student is still found by the whole number once the old key is dropped."""

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.test import override_settings

from fupin.aid.models import Student
from fupin.aid.selectors import visible_students
from fupin.aid.services.students import reveal_student_id

from .factories import NUMBERS, aid_officer, student

pytestmark = pytest.mark.django_db

OLD_KEY = "b2xkLWtleS1vZi10aGUtcmVnaXN0cnktMzItYnl0ZXM="
NEW_KEY = "bmV3LWtleS1vZi10aGUtcmVnaXN0cnktMzItYnl0ZXM="


def test_keys_rotate_rewrites_a_students_id_and_card_number_under_the_new_key(tree, make_user):
    officer = aid_officer(tree, make_user)
    with override_settings(FUPIN_PERSONAL_DATA_KEY=OLD_KEY, FUPIN_PERSONAL_DATA_OLD_KEYS=[]):
        made = student(officer, tree.school1, card_number="6222021234567890123")
    with override_settings(FUPIN_PERSONAL_DATA_KEY=NEW_KEY, FUPIN_PERSONAL_DATA_OLD_KEYS=[OLD_KEY]):
        call_command("keys", "rotate")
    made = Student.objects.get(pk=made.pk)
    new = Fernet(NEW_KEY.encode())
    assert new.decrypt(made.id_cipher.encode()).decode() == NUMBERS[0]
    assert new.decrypt(made.card_cipher.encode()).decode() == "6222021234567890123"
    with override_settings(FUPIN_PERSONAL_DATA_KEY=NEW_KEY, FUPIN_PERSONAL_DATA_OLD_KEYS=[]):
        assert reveal_student_id(by=officer, student=made) == NUMBERS[0]
        assert list(visible_students(officer, text=NUMBERS[0])) == [made]
