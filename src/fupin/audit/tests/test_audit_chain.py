"""The audit trail is tamper-evident: each row's hash covers its content and the row before, `fupin audit verify`
names an edited or deleted row, and rows go only after six months (等保 2.0), by a purge that is itself recorded."""

import hashlib
from datetime import UTC, date, datetime
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from fupin.audit import chain, selectors, services
from fupin.audit.models import AuditChainHead, AuditEvent
from fupin.lib.tests.races import kinds, race

POSTGRES = connection.vendor == "postgresql"


def three_rows() -> list[AuditEvent]:
    return [services.record(by=None, action="update", note=f"第{n}次修改") for n in (1, 2, 3)]


def tamper(sql: str, params: list) -> None:
    """Run `sql` with the append-only trigger set aside, as someone with the database's owner rights could."""
    with connection.cursor() as cursor:
        if POSTGRES:
            cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER audit_event_append_only")
            cursor.execute(sql, params)
            cursor.execute("ALTER TABLE audit_auditevent ENABLE TRIGGER audit_event_append_only")
        else:
            cursor.execute("DROP TRIGGER audit_event_no_update")
            cursor.execute(sql, params)


def verify_error() -> str:
    with pytest.raises(CommandError) as refused:
        call_command("audit", "verify")
    return str(refused.value)


def test_the_hash_is_sha256_of_the_rows_canonical_json():
    at = datetime(2026, 10, 17, 1, 2, 3, 456, tzinfo=UTC)
    values = {"seq": 1, "at": at, "action": "create", "changes": {"amount_fen": [None, 1.0e2]}, "prev_hash": ""}
    text = (
        '{"action":"create","actor_id":null,"actor_username":null,"at":"2026-10-17T01:02:03.000456+00:00",'
        '"changes":{"amount_fen":[null,100]},"ip":null,"note":null,"prev_hash":"","seq":1,"target_id":null,'
        '"target_repr":null,"target_type":null,"unit_name":null,"unit_path":null}'
    )
    assert chain.row_hash(values) == hashlib.sha256(text.encode()).hexdigest()


def test_each_audit_row_is_chained_to_the_one_before(db):
    first, second, third = three_rows()
    assert [first.seq, second.seq, third.seq] == [1, 2, 3]
    assert (first.prev_hash, second.prev_hash, third.prev_hash) == ("", first.hash, second.hash)
    assert AuditChainHead.objects.get().seq == 3 and AuditChainHead.objects.get().hash == third.hash
    out = StringIO()
    call_command("audit", "verify", stdout=out)
    assert "审计日志哈希链完整:核验 3 条记录;链头 链序号 3" in out.getvalue()


def test_verify_names_a_row_edited_in_the_database(db):
    second = three_rows()[1]
    tamper("UPDATE audit_auditevent SET note = %s WHERE id = %s", ["改过的说明", second.pk])
    message = verify_error()
    assert f"第 {second.pk} 号记录(链序号 2)的内容与其哈希不符(记录被改动)" in message
    assert "1 处问题" in message


def test_verify_names_a_row_deleted_from_the_middle_of_the_trail(db):
    _first, second, third = three_rows()
    tamper("DELETE FROM audit_auditevent WHERE id = %s", [second.pk])
    assert f"链序号 2 至 2 的记录缺失(记录被删除),缺口在第 {third.pk} 号记录之前" in verify_error()


def test_verify_finds_rows_cut_from_the_end_by_the_head(db):
    third = three_rows()[2]
    tamper("DELETE FROM audit_auditevent WHERE id = %s", [third.pk])
    assert "链头记到链序号 3,而最后一条记录是链序号 2(末尾的记录被删除或改动)" in verify_error()


def test_verify_finds_the_first_rows_deleted_without_a_purge(db):
    first = three_rows()[0]
    tamper("DELETE FROM audit_auditevent WHERE id = %s", [first.pk])
    assert "链序号 1 至 1 的记录缺失,且没有清理过期记录的登记(记录被删除)" in verify_error()


def test_audit_rows_younger_than_six_months_cannot_be_purged(db):
    three_rows()
    with pytest.raises(ValidationError) as refused:
        services.purge_expired_events(before=date(2026, 6, 1), today=date(2026, 11, 30))
    assert refused.value.messages == [
        "审计记录至少保存 6 个月(等保 2.0):只能清理 2026-05-30 之前的记录,2026-06-01 太近"
    ]
    assert AuditEvent.objects.count() == 3 and not AuditEvent.objects.filter(action="purge").exists()


def test_the_purge_command_refuses_a_recent_date_and_deletes_nothing(db):
    three_rows()
    with pytest.raises(CommandError, match="审计记录至少保存 6 个月"):
        call_command("audit", "purge", "--before", timezone.localdate().isoformat())
    assert AuditEvent.objects.count() == 3


def test_old_rows_are_purged_and_the_trail_still_verifies(db, monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: datetime(2025, 1, 10, 2, 0, tzinfo=UTC))
    old = three_rows()
    monkeypatch.undo()
    kept = services.record(by=None, action="update", note="近期修改")
    assert services.purge_expired_events(before=date(2025, 2, 1)) == 3
    assert list(AuditEvent.objects.order_by("seq").values_list("seq", "note")) == [
        (4, "近期修改"),
        (5, "清理 2025-02-01 之前的审计记录 3 条(链序号 3 及以前)"),
    ]
    assert AuditEvent.objects.get(action="purge").changes == {"through_seq": 3, "last_hash": old[2].hash, "count": 3}
    assert kept.prev_hash == old[2].hash and selectors.verify_chain().problems == []


@pytest.mark.skipif(not POSTGRES, reason="the retention trigger is PostgreSQL's")
def test_postgresql_refuses_to_delete_a_young_row_even_in_a_purge(db):
    [event, *_rest] = three_rows()
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL fupin.audit_purge = 'on'")
        cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [event.pk])
    assert AuditEvent.objects.filter(pk=event.pk).exists()


@pytest.mark.skipif(not POSTGRES, reason="concurrent connections: PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_writers_on_separate_connections_append_one_unbroken_chain():
    def write(n: int) -> int:
        with transaction.atomic():
            return services.record(by=None, action="update", note=f"并发写入{n}").seq

    outcomes = race(write, [(n,) for n in range(6)])
    assert kinds(outcomes) == ["ok"] * 6, outcomes
    assert sorted(AuditEvent.objects.values_list("seq", flat=True)) == [1, 2, 3, 4, 5, 6]
    assert selectors.verify_chain().problems == []


@pytest.mark.django_db(transaction=True)
def test_the_migration_chains_the_rows_already_in_the_trail():
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()  # every app: going back unapplies the apps that depend on audit
    executor.migrate([("audit", "0003_append_only")])
    old_model = executor.loader.project_state([("audit", "0003_append_only")]).apps.get_model("audit", "AuditEvent")
    for note in ("迁移前一", "迁移前二"):
        old_model.objects.create(action="update", note=note, changes={"note": ["", note]})
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(latest)
    rows = list(AuditEvent.objects.order_by("seq"))
    assert [(r.seq, r.note) for r in rows] == [(1, "迁移前一"), (2, "迁移前二")]
    assert rows[1].prev_hash == rows[0].hash and selectors.verify_chain().problems == []
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=rows[0].pk).update(note="篡改")
