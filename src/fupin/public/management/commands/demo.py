"""`fupin demo`: build the demo data (units, accounts, and each domain's own) into the database."""

from importlib import import_module

from django.apps import apps
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from fupin.orgs.demo import DEMO_PASSWORD
from fupin.orgs.models import Unit


def demo_builders():
    """Each app's `demo.build(ctx)`, in INSTALLED_APPS order (orgs first, then the domains)."""
    for config in apps.get_app_configs():
        if config.name.startswith("fupin."):
            try:
                module = import_module(f"{config.name}.demo")
            except ModuleNotFoundError as exc:
                if exc.name != f"{config.name}.demo":
                    raise
                continue
            yield config.label, module.build


class Command(BaseCommand):
    help = "构建演示数据(--reset 清空后重建)"

    def add_arguments(self, parser):
        parser.add_argument("--reset", action="store_true", help="清空数据库后重建演示数据")

    def handle(self, *args, reset=False, **options):
        if Unit.objects.exists():
            if not reset:
                self.stdout.write("演示数据已存在;如需重建,请加 --reset")
                self._print_accounts()
                return
            call_command("flush", interactive=False, verbosity=0)
        ctx: dict = {}
        for label, build in demo_builders():
            self.stdout.write(f"构建演示数据:{label}")
            try:
                build(ctx)
            except Exception as exc:
                raise CommandError(f"{label} 演示数据构建失败:{exc}") from exc
        self._print_accounts()

    def _print_accounts(self):
        from fupin.orgs.models import User
        from fupin.orgs.selectors import memberships_of

        self.stdout.write(f"\n演示账号(密码均为 {DEMO_PASSWORD}):")
        for user in User.objects.order_by("id"):
            roles = ";".join(f"{m.unit.name} {m.get_role_display()}" for m in memberships_of(user))
            self.stdout.write(f"  {user.username:<18} {user.name:<6} {roles or '系统管理员(超级用户)'}")
