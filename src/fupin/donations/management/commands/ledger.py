"""`fupin ledger check`: verify every invariant of the fund ledger; exits non-zero naming what is wrong."""

from django.core.management.base import BaseCommand, CommandError

from fupin.donations import disclosure, ledger, ledger_checks


class Command(BaseCommand):
    help = "核对资金账:借贷平衡、余额不为负、收据编号连续、公示与账目一致"

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["check"])

    def handle(self, *args, action, **options):
        found = ledger.problems() + disclosure.problems() + ledger_checks.registered_problems()
        if found:
            raise CommandError("资金账核对发现问题:\n" + "\n".join(found))
        self.stdout.write("资金账核对无误:所有凭证借贷平衡,各项资金余额均不为负,收据编号连续,公示与账目一致。")
