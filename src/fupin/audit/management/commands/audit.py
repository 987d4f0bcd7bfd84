"""`fupin audit verify`: recompute the audit trail's hash chain and name every edited or missing row;
`fupin audit purge --before DATE`: delete rows past retention (at least six months old), recorded in the trail."""

from datetime import date

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from fupin.audit import selectors, services


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as error:
        raise CommandError(f"日期应写作 2026-04-30:{text}") from error


class Command(BaseCommand):
    help = "审计日志:核验哈希链(verify),清理超过保存期限的记录(purge --before 日期)"

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["verify", "purge"])
        parser.add_argument("--before", help="purge:清理这一天(北京时间)之前的记录,须早于 6 个月前")

    def handle(self, *args, action, before=None, **options):
        if action == "verify":
            return self._verify()
        if not before:
            raise CommandError("purge 需要 --before 日期,例如 --before 2026-04-30")
        try:
            count = services.purge_expired_events(before=_date(before))
        except ValidationError as error:
            raise CommandError(";".join(error.messages)) from error
        self.stdout.write(f"已清理 {before} 之前的审计记录 {count} 条;清理本身已记入审计日志。")

    def _verify(self):
        report = selectors.verify_chain()
        if report.problems:
            raise CommandError(
                f"审计日志哈希链核验发现 {len(report.problems)} 处问题:\n" + "\n".join(report.problems[:200])
            )
        self.stdout.write(
            f"审计日志哈希链完整:核验 {report.checked} 条记录;链头 链序号 {report.head_seq} 哈希 {report.head_hash}"
        )
