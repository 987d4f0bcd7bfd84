"""`fupin restore DIR`: put a backup back into an empty database and an empty file storage."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from fupin.ops.backup import restore_backup
from fupin.ops.errors import BackupError


class Command(BaseCommand):
    help = "从备份恢复到空数据库与空文件存储(先核对 SHA-256 清单)"

    def add_arguments(self, parser):
        parser.add_argument("directory", help="fupin backup 生成的备份目录")

    def handle(self, *args, directory, **options):
        try:
            outcome = restore_backup(source=Path(directory))
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"恢复完成:{outcome.tables} 张表共 {outcome.rows} 行与清单一致,{outcome.files} 个文件的 SHA-256 已核对。"
        )
