"""`fupin remind_visits`: reminds cadres of households not yet visited in the 行动月 and of overdue follow-ups,
for cron (e.g. daily). Safe to run as often as you like: each reminder goes out once."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from fupin.pairing.reminders import remind_cadres


class Command(BaseCommand):
    help = "提醒帮扶责任人:行动月内尚未走访的结对户、已逾期的回访(每条只提醒一次)"

    def add_arguments(self, parser):
        parser.add_argument("--today", help="按该日期计算(如 2026-10-20),默认今天")

    def handle(self, *args, today=None, **options):
        try:
            day = date.fromisoformat(today) if today else timezone.localdate()
        except ValueError:
            raise CommandError(f"--today 应为日期,如 2026-10-20(收到「{today}」)") from None
        made = remind_cadres(today=day)
        for reminder in made:
            self.stdout.write(f"{reminder.cadre}:{reminder.message}")
        self.stdout.write(f"共发送 {len(made)} 条走访提醒")
