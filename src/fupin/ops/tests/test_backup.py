"""The backup drill: build data, back up, restore into a fresh database and storage, and compare."""

import hashlib
import os
import sqlite3
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import connection

from fupin.donations.models import Disbursement, Donation
from fupin.donations.services import approve_and_pay, receive_donation, request_disbursement
from fupin.donations.tests.factories import proof
from fupin.donations.tests.staff_data import staffed_drive
from fupin.ops import backup as backups

ON_POSTGRESQL = connection.vendor == "postgresql"


def _build_data(tree):
    staffed = staffed_drive(tree.county1, "dy")
    for amount, donor in ((100000, "东阳建材"), (25000, "石桥镇中心小学")):
        receive_donation(
            by=staffed.finance,
            drive=staffed.drive,
            channel="transfer",
            amount_fen=amount,
            donor_type="enterprise",
            donor_name=donor,
        )
    asked = request_disbursement(
        by=staffed.finance, drive=staffed.drive, recipient="石桥东村", purpose="购置冬衣", amount_fen=30000
    )
    approve_and_pay(by=staffed.office, disbursement=asked, proof=proof(), is_redacted=True)
    default_storage.save("exhibition/扶贫日 合影.txt", ContentFile("合影说明".encode()))


def _source_counts():
    with connection.cursor() as cursor:
        names = connection.introspection.table_names(cursor)
        counts = {}
        for name in names:
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(name)}")
            counts[name] = cursor.fetchone()[0]
    return counts


def _hashes(root: Path):
    return {
        str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in root.rglob("*")
        if path.is_file()
    }


@pytest.fixture
def fresh_database(tmp_path):
    """An empty database of the engine under test, as a DATABASE_URL, dropped afterwards."""
    if not ON_POSTGRESQL:
        yield f"sqlite:///{tmp_path / 'restored' / 'fupin.sqlite3'}", None
        return
    name = f"fupin_drill_{uuid.uuid4().hex[:10]}"
    settings = connection.settings_dict
    server = {"host": settings["HOST"], "port": settings["PORT"], "user": settings["USER"], "dbname": "postgres"}
    if settings.get("PASSWORD"):
        server["password"] = settings["PASSWORD"]
    with psycopg.connect(**server, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    password = f":{settings['PASSWORD']}" if settings.get("PASSWORD") else ""
    yield (
        f"postgres://{settings['USER']}{password}@{settings['HOST']}:{settings['PORT']}/{name}",
        {**server, "dbname": name},
    )
    with psycopg.connect(**server, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _fupin(*args, database_url, var_dir):
    env = {**os.environ, "DATABASE_URL": database_url, "FUPIN_VAR_DIR": str(var_dir)}
    return subprocess.run(
        [sys.executable, "-m", "fupin.cli", *args], env=env, capture_output=True, text=True, check=False
    )


def _restored_counts(database_url, server, tables):
    if server is None:
        db = sqlite3.connect(database_url.removeprefix("sqlite:///"))
        try:
            return {name: db.execute(f'SELECT COUNT(*) FROM "{name}"').fetchone()[0] for name in tables}
        finally:
            db.close()
    with psycopg.connect(**server) as db:
        return {name: db.execute(f'SELECT COUNT(*) FROM "{name}"').fetchone()[0] for name in tables}


@pytest.mark.django_db(transaction=True)
def test_a_backup_restores_into_a_fresh_database_with_the_same_rows_ledger_and_files(
    tree, tmp_path, settings, fresh_database
):
    _build_data(tree)
    assert Donation.objects.count() == 2 and Disbursement.objects.filter(status="paid").count() == 1
    call_command("backup", str(tmp_path / "backup"))
    before = _source_counts()
    database_url, server = fresh_database
    var_dir = tmp_path / "restored"

    restored = _fupin("restore", str(tmp_path / "backup"), database_url=database_url, var_dir=var_dir)

    assert restored.returncode == 0, restored.stderr
    assert "恢复完成" in restored.stdout and "2 个文件" in restored.stdout
    assert _restored_counts(database_url, server, before) == before
    assert before["donations_donation"] == 2 and before["donations_disbursement"] == 1
    checked = _fupin("ledger", "check", database_url=database_url, var_dir=var_dir)
    assert checked.returncode == 0, checked.stderr
    assert "资金账核对无误" in checked.stdout
    source_files = _hashes(Path(settings.MEDIA_ROOT))
    assert len(source_files) == 2 and "exhibition/扶贫日 合影.txt" in source_files
    assert _hashes(var_dir / "media") == source_files


def _backup_of_this_database(tmp_path):
    default_storage.save("proofs/回单.txt", ContentFile(b"receipt"))
    call_command("backup", str(tmp_path / "backup"))
    return tmp_path / "backup"


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_database_that_is_not_empty(tree, tmp_path, settings):
    source = _backup_of_this_database(tmp_path)
    settings.MEDIA_ROOT = tmp_path / "empty-media"
    units_before = _source_counts()["orgs_unit"]

    with pytest.raises(CommandError) as refused:
        call_command("restore", str(source))

    assert "目标数据库不是空的" in str(refused.value) and "只能恢复到空数据库,未恢复任何数据" in str(refused.value)
    assert _source_counts()["orgs_unit"] == units_before
    assert not (tmp_path / "empty-media").exists() or not any((tmp_path / "empty-media").rglob("*"))


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_backup_whose_files_do_not_match_the_manifest(tree, tmp_path, settings):
    source = _backup_of_this_database(tmp_path)
    (source / "media" / "proofs" / "回单.txt").write_bytes(b"edited receipt")
    settings.MEDIA_ROOT = tmp_path / "empty-media"

    with pytest.raises(CommandError) as refused:
        call_command("restore", str(source))

    message = str(refused.value)
    assert message.startswith("备份已损坏或被改动,未恢复任何数据")
    assert "文件 media/proofs/回单.txt 的 SHA-256 与清单不符" in message
    assert not (tmp_path / "empty-media").exists()


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_manifest_naming_a_file_outside_the_storage(tree, tmp_path):
    source = _backup_of_this_database(tmp_path)
    manifest = (source / "manifest.json").read_text(encoding="utf-8")
    (source / "manifest.json").write_text(manifest.replace("proofs/回单.txt", "../../etc/回单.txt"), encoding="utf-8")

    with pytest.raises(CommandError) as refused:
        call_command("restore", str(source))

    assert "清单中的文件名 '../../etc/回单.txt' 不安全" in str(refused.value)


def test_a_backup_refuses_a_directory_that_already_holds_files(tree, tmp_path):
    (tmp_path / "old").mkdir()
    (tmp_path / "old" / "notes.txt").write_text("x")

    with pytest.raises(CommandError) as refused:
        call_command("backup", str(tmp_path / "old"))

    assert "不是空的:请指定一个新目录" in str(refused.value)
    assert sorted(p.name for p in (tmp_path / "old").iterdir()) == ["notes.txt"]


@pytest.mark.django_db(transaction=True)
def test_the_manifest_lists_every_file_with_its_sha256(tree, tmp_path):
    source = _backup_of_this_database(tmp_path)
    manifest = backups.read_manifest(source)
    assert manifest["media"] == [
        {
            "name": "proofs/回单.txt",
            "sha256": "6f32860910ca0fb2a20c7fda143666b09dbf8db5238195c90a586fb542ff0cad",
            "bytes": 7,
        }
    ]
