"""Backups that restore: a consistent database dump plus every stored file, described by a manifest of SHA-256
hashes and row counts; a restore goes only into an empty database and storage, and only from a backup whose
files still match its manifest."""

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import Any

from django.core.files import File
from django.core.files.storage import Storage, default_storage
from django.db import DEFAULT_DB_ALIAS, connections

from . import databases
from .errors import BackupError

MANIFEST = "manifest.json"
FORMAT = "fupin-backup"
VERSION = 1
MEDIA_DIR = "media"
# The readiness probe's scratch files are not the product's data.
SKIPPED_MEDIA = ("readyz/",)


@dataclass(frozen=True)
class Outcome:
    path: Path
    tables: int
    rows: int
    files: int


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def make_backup(*, destination: Path, using: str = DEFAULT_DB_ALIAS, storage: Storage | None = None) -> Outcome:
    """Dump the database and copy every stored file into `destination` (new or empty); the manifest is written
    last, so a directory without one is an unfinished backup."""
    storage = storage or default_storage
    connection = connections[using]
    engine = databases.engine_of(connection)
    if destination.exists() and any(destination.iterdir()):
        raise BackupError(f"备份目录 {destination} 不是空的:请指定一个新目录")
    destination.mkdir(parents=True, exist_ok=True)
    dump_name = databases.DUMP_FILES[engine]
    tables = databases.dump(connection, destination / dump_name)
    media = [_copy_out(storage, name, destination) for name in sorted(stored_files(storage))]
    manifest = {
        "format": FORMAT,
        "version": VERSION,
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "engine": engine,
        "database": _entry(destination, dump_name),
        "tables": tables,
        "media": media,
    }
    (destination / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    return Outcome(destination, len(tables), sum(tables.values()), len(media))


def restore_backup(*, source: Path, using: str = DEFAULT_DB_ALIAS, storage: Storage | None = None) -> Outcome:
    """Refuse a backup whose files differ from its manifest and a target that already holds data; then put back
    the files and the database, and check every table's row count against the manifest."""
    storage = storage or default_storage
    connection = connections[using]
    manifest = read_manifest(source)
    engine = databases.engine_of(connection)
    if manifest["engine"] != engine:
        raise BackupError(f"这是 {manifest['engine']} 数据库的备份,不能恢复到 {engine} 数据库")
    verify_files(source, manifest)
    _require_empty(connection, storage)
    written: list[str] = []
    try:
        for entry in manifest["media"]:
            written.append(_copy_in(storage, source, entry["name"]))
        databases.restore(connection, source / manifest["database"]["file"])
    except BaseException:
        for name in written:  # the database restore is one transaction; the files go with it
            storage.delete(name)
        raise
    _compare_counts(connection, manifest["tables"])
    tables = manifest["tables"]
    return Outcome(source, len(tables), sum(tables.values()), len(written))


def read_manifest(source: Path) -> dict[str, Any]:
    path = source / MANIFEST
    if not path.is_file():
        raise BackupError(f"{source} 中没有 {MANIFEST}:这不是一份完整的备份")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BackupError(f"{path} 无法读取:{exc}") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT or manifest.get("version") != VERSION:
        raise BackupError(f"{path} 不是本系统第 {VERSION} 版的备份清单")
    for entry in manifest["media"]:
        _check_media_name(entry["name"])
    return manifest


def verify_files(source: Path, manifest: dict[str, Any]) -> None:
    """Every file the manifest lists is present with its SHA-256; all problems are named at once."""
    expected = [(manifest["database"]["file"], manifest["database"]["sha256"])]
    expected += [(f"{MEDIA_DIR}/{entry['name']}", entry["sha256"]) for entry in manifest["media"]]
    problems = []
    for relative, digest in expected:
        path = source / relative
        if not path.is_file():
            problems.append(f"缺少文件 {relative}")
        elif (actual := sha256_of(path)) != digest:
            problems.append(f"文件 {relative} 的 SHA-256 与清单不符(清单 {digest[:12]}…,实际 {actual[:12]}…)")
    if problems:
        raise BackupError("备份已损坏或被改动,未恢复任何数据:\n" + "\n".join(problems))


def stored_files(storage: Storage, folder: str = "") -> list[str]:
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return []
    names = [f"{folder}{name}" for name in files]
    for sub in folders:
        names += stored_files(storage, f"{folder}{sub}/")
    return [name for name in names if not name.startswith(SKIPPED_MEDIA)]


def _entry(root: Path, relative: str) -> dict[str, Any]:
    path = root / relative
    return {"file": relative, "sha256": sha256_of(path), "bytes": path.stat().st_size}


def _copy_out(storage: Storage, name: str, destination: Path) -> dict[str, Any]:
    target = destination / MEDIA_DIR / name
    target.parent.mkdir(parents=True, exist_ok=True)
    with storage.open(name, "rb") as source, target.open("wb") as out:
        for chunk in iter(lambda: source.read(1 << 20), b""):
            out.write(chunk)
    entry = _entry(destination / MEDIA_DIR, name)
    return {"name": name, "sha256": entry["sha256"], "bytes": entry["bytes"]}


def _copy_in(storage: Storage, source: Path, name: str) -> str:
    with (source / MEDIA_DIR / name).open("rb") as handle:
        saved = storage.save(name, File(handle, name=name))
    if saved != name:
        storage.delete(saved)
        raise BackupError(f"文件存储把 {name} 存成了 {saved}:目标存储不是空的")
    return saved


def _check_media_name(name: str) -> None:
    path = PurePosixPath(name)
    if not name or path.is_absolute() or ".." in path.parts or "\\" in name:
        raise BackupError(f"清单中的文件名 {name!r} 不安全:备份不可信,未恢复任何数据")


def _require_empty(connection: Any, storage: Storage) -> None:
    tables = databases.table_names(connection)
    if tables:
        raise BackupError(
            f"目标数据库不是空的(已有 {len(tables)} 张表,如 {tables[0]}):只能恢复到空数据库,未恢复任何数据"
        )
    files = stored_files(storage)
    if files:
        raise BackupError(
            f"目标文件存储不是空的(已有 {len(files)} 个文件,如 {files[0]}):只能恢复到空存储,未恢复任何数据"
        )


def _compare_counts(connection: Any, expected: dict[str, int]) -> None:
    with connection.cursor() as cursor:
        actual = databases.count_rows(cursor, expected, connection.ops.quote_name)
    wrong = [
        f"{table}:清单 {expected[table]} 行,恢复后 {actual[table]} 行"
        for table in expected
        if actual[table] != expected[table]
    ]
    if wrong:
        raise BackupError("恢复后的行数与备份清单不一致:\n" + "\n".join(wrong))
