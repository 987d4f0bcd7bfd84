"""`fupin backup [DIR]`: a consistent database dump plus every stored file, with a manifest of SHA-256 hashes."""

from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from fupin.ops.backup import make_backup
from fupin.ops.errors import BackupError


class Command(BaseCommand):
    help = "备份数据库与上传文件(附 SHA-256 清单)"

    def add_arguments(self, parser):
        parser.add_argument("directory", nargs="?", help="新的空目录;默认 FUPIN_VAR_DIR/backups/fupin-<UTC 时间>")

    def handle(self, *args, directory=None, **options):
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        target = Path(directory) if directory else Path(settings.VAR_DIR) / "backups" / f"fupin-{stamp}"
        try:
            outcome = make_backup(destination=target)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        counted = f"{outcome.tables} 张表共 {outcome.rows} 行,{outcome.files} 个文件"
        self.stdout.write(f"备份完成:{outcome.path}({counted},清单 manifest.json)")
