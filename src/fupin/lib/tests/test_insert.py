"""One new row saved by a statement built once stores exactly what `save()` would, and chains the audit trail."""

from datetime import UTC, datetime

import pytest

from fupin.audit.models import AuditEvent
from fupin.audit.selectors import verify_chain
from fupin.audit.services import record
from fupin.donations.models import Pledge
from fupin.donations.tests.public_data import open_drive_today
from fupin.lib.insert import insert_one

pytestmark = pytest.mark.django_db


def test_a_row_inserted_once_reads_back_as_save_would_have_stored_it(tree, city_officer):
    drive = open_drive_today(city_officer, tree.city)
    before = datetime.now(UTC)
    pledge = insert_one(
        Pledge(
            drive=drive,
            token="t-1",
            idempotency_key="k-1",
            donor_type="individual",
            channel="transfer",
            donor_name="张小三",
            amount_fen=12345,
        )
    )
    stored = Pledge.objects.get(pk=pledge.pk)
    assert (stored.token, stored.donor_name, stored.amount_fen, stored.status) == ("t-1", "张小三", 12345, "pledged")
    assert stored.created_at == pledge.created_at and stored.created_at >= before  # auto_now_add, as save() sets it
    assert not pledge._state.adding and pledge.pk is not None


def test_audit_rows_appended_one_statement_each_keep_the_chain_whole(db):
    for n in range(3):
        record(
            by=None, action="create", unit_path="0001", unit_name="清河市教育局", changes={"n": [None, n]}, note="测试"
        )
    rows = list(AuditEvent.objects.order_by("seq").values_list("changes", "ip", "note"))
    assert rows[-3:] == [
        ({"n": [None, 0]}, None, "测试"),
        ({"n": [None, 1]}, None, "测试"),
        ({"n": [None, 2]}, None, "测试"),
    ]
    assert verify_chain().problems == []
