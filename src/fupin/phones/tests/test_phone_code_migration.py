"""Moving the phone codes from matching to the shared phones app keeps every code: a code issued before the move
is still verified (once) after it, on SQLite and on PostgreSQL alike."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from fupin.phones.models import PhoneCode
from fupin.phones.services import _code_hash, verify_phone_code

BEFORE = [("matching", "0006_remove_projectupdate_photo"), ("phones", None)]


def migrate(target):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(target)
    return executor


@pytest.mark.django_db(transaction=True)
def test_a_code_issued_before_the_move_is_verified_once_after_it():
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    executor = migrate(BEFORE)
    old_model = executor.loader.project_state(BEFORE[:1]).apps.get_model("matching", "PhoneCode")
    old_model.objects.create(
        phone="13912345678",
        code_hash=_code_hash("13912345678", "246810"),
        expires_at=timezone.now() + timedelta(minutes=10),
    )

    migrate(latest)

    assert list(PhoneCode.objects.values_list("phone", "attempts", "used_at")) == [("13912345678", 0, None)]
    assert PhoneCode._meta.db_table in connection.introspection.table_names()
    assert "matching_phonecode" not in connection.introspection.table_names()
    verify_phone_code(phone="13912345678", code="246810")
    with pytest.raises(ValidationError) as refused:
        verify_phone_code(phone="13912345678", code="246810")
    assert refused.value.messages == ["验证码已过期或无效,请重新获取"]
