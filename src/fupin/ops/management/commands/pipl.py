"""`fupin pipl map` prints the personal-data map; `fupin pipl purge --before DATE` removes the public's contact data
past retention; `fupin pipl erase-person --phone N [--name 姓名]` shows what it would remove of a public donor's,
claimant's or volunteer's data at their request (volunteer sign-ups made on their behalf by phone and name), and
`--apply` removes it."""

from datetime import date

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from fupin.ops import pipl, pipl_services


class Command(BaseCommand):
    help = (
        "个人信息:数据清单(map),清理过期的个人信息(purge --before 日期),"
        "按本人要求删除(erase-person --phone [--name],默认只统计,加 --apply 删除)"
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["map", "purge", "erase-person"])
        parser.add_argument("--before", help="purge:清理这一天之前结束的事项,须早于 6 个月前(如 2026-04-30)")
        parser.add_argument("--phone", help="erase-person:本人的手机号码")
        parser.add_argument("--name", default="", help="erase-person:本人姓名,用于他人(如教师)代为报名的志愿服务")
        parser.add_argument("--apply", action="store_true", help="erase-person:执行删除(不加则只统计,不写入)")

    def handle(self, *args, action, before=None, phone=None, name="", apply=False, **options):
        if action == "map":
            self.stdout.write(pipl.markdown(), ending="")
            return
        apply = apply or action == "purge"
        try:
            if action == "purge":
                done = pipl_services.purge_personal_data(before=self._date(before))
            else:
                done = pipl_services.erase_person(phone=phone or "", name=name, apply=apply)
        except ValidationError as error:
            raise CommandError(";".join(error.messages)) from error
        for line in done.kept:
            self.stdout.write(line)
        if apply:
            self.stdout.write(f"已删除个人信息:{done.line()};每项修改已记入审计日志。")
        else:
            self.stdout.write(f"将删除个人信息:{done.line()}。以上为统计,未写入;确认后加 --apply 删除。")

    def _date(self, text: str | None) -> date:
        try:
            return date.fromisoformat(text or "")
        except ValueError as error:
            raise CommandError(f"purge 需要 --before 日期,写作 2026-04-30:{text or '(未填写)'}") from error
