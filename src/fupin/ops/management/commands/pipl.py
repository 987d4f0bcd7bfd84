"""`fupin pipl map` prints the personal-data map; `fupin pipl purge --before DATE` removes the public's contact data
past retention; `fupin pipl erase-person --phone N` removes a public donor's or claimant's data at their request."""

from datetime import date

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from fupin.ops import pipl, pipl_services


class Command(BaseCommand):
    help = "个人信息:数据清单(map),清理过期的个人信息(purge --before 日期),按本人要求删除(erase-person --phone)"

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["map", "purge", "erase-person"])
        parser.add_argument("--before", help="purge:清理这一天之前结束的事项,须早于 6 个月前(如 2026-04-30)")
        parser.add_argument("--phone", help="erase-person:本人的手机号码")

    def handle(self, *args, action, before=None, phone=None, **options):
        if action == "map":
            self.stdout.write(pipl.markdown(), ending="")
            return
        try:
            if action == "purge":
                done = pipl_services.purge_personal_data(before=self._date(before))
            else:
                done = pipl_services.erase_person(phone=phone or "")
        except ValidationError as error:
            raise CommandError(";".join(error.messages)) from error
        self.stdout.write(f"已删除个人信息:{done.line()};每项修改已记入审计日志。")

    def _date(self, text: str | None) -> date:
        try:
            return date.fromisoformat(text or "")
        except ValueError as error:
            raise CommandError(f"purge 需要 --before 日期,写作 2026-04-30:{text or '(未填写)'}") from error
