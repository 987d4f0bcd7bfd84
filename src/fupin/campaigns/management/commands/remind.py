"""`fupin remind`: the scheduled reminders, for cron (e.g. hourly). Safe to run as often as you like: each
task gets each lead time's reminder once, and each office hears of a missed deadline once per unit."""

from datetime import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from fupin.campaigns.deadlines import describe
from fupin.campaigns.models import Reminder
from fupin.campaigns.services.reminders import Sent, send_scheduled_reminders

SHOWN_UNITS = 5


def _days(text: str) -> tuple[int, ...]:
    try:
        days = tuple(int(x) for x in text.split(",") if x.strip())
    except ValueError:
        raise CommandError(f"--days 应为逗号分隔的天数,如 3,1(收到「{text}」)") from None
    if not days or any(d < 1 for d in days):
        raise CommandError("--days 至少一个大于 0 的天数,如 3,1")
    return days


def _now(text: str | None) -> datetime:
    if not text:
        return timezone.now()
    when = parse_datetime(text)
    if when is None:
        raise CommandError(f"--now 应为 ISO 时间,如 2026-10-16T09:00+08:00(收到「{text}」)")
    return when if timezone.is_aware(when) else timezone.make_aware(when)


def describe_sent(sent: Sent) -> str:
    requirement = sent.requirement
    units = "、".join(sent.units[:SHOWN_UNITS]) + (" 等" if len(sent.units) > SHOWN_UNITS else "")
    head = f"「{requirement.campaign.title}」「{requirement.title}」(截止 {describe(requirement.due_at)})"
    if sent.kind == Reminder.Kind.OVERDUE:
        return f"逾期未报通知 {head}:{len(sent.units)} 个单位未报(通知发文单位{requirement.campaign.unit.name}):{units}"
    return f"到期提醒(提前{sent.days_before}天){head}:{len(sent.units)} 个单位:{units}"


class Command(BaseCommand):
    help = "发送到期提醒(截止前 N 天)和逾期未报通知;可由 cron 定时运行,重复运行不会重复发送"

    def add_arguments(self, parser):
        parser.add_argument("--days", default="3,1", help="截止前几天提醒,逗号分隔(默认 3,1)")
        parser.add_argument("--now", help="按此时间计算(ISO 格式,默认当前时间),用于补发或演练")

    def handle(self, *args, days: str, now: str | None, **options):
        sent = send_scheduled_reminders(_now(now), days_before=_days(days))
        for item in sent:
            self.stdout.write(describe_sent(item))
        total = sum(len(item.units) for item in sent)
        self.stdout.write(f"共发出 {total} 条提醒" if sent else "没有需要发送的提醒")
