"""`fupin matching expire`: for cron; claims past their due time expire and their wishes reopen. Safe to run
again: a claim already expired is left alone."""

from django.core.management.base import BaseCommand

from fupin.matching.services import expire_claims


class Command(BaseCommand):
    help = "微心愿:过期未实现的认领失效,心愿重新开放认领(fupin matching expire)"

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["expire"])

    def handle(self, *args, **options):
        expired = expire_claims()
        self.stdout.write(f"微心愿认领过期:{len(expired)} 条")
