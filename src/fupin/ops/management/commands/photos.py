"""`fupin photos backfill` counts the photos of visits, 微心愿 receipts and project progress that the photo library
lacks (recorded before it took them); `--apply` files them, once."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from fupin.ops.photo_backfill import backfill_library


class Command(BaseCommand):
    help = "图片库:补录此前登记的走访、微心愿、项目照片(backfill,默认只统计;加 --apply 才补录)"

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["backfill"])
        parser.add_argument("--apply", action="store_true", help="补录到图片库(不加则只统计,不写入)")

    def handle(self, *args, action, apply=False, **options):
        try:
            done = backfill_library(apply=apply)
        except ValidationError as error:
            raise CommandError(";".join(error.messages)) from error
        for line in done.lines(applied=apply):
            self.stdout.write(line)
        for name in done.missing:
            self.stdout.write(f"照片文件已不存在或无法读取,未补录:{name}")
        if apply:
            self.stdout.write(f"已补录 {sum(done.filed.values())} 张照片;本次补录已记入审计日志。")
        else:
            self.stdout.write("以上为统计,未写入;确认后加 --apply 补录。")
