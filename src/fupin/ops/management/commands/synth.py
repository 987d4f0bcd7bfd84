"""`fupin synth`: build a synthetic province (for load tests and benchmarks), the same for the same seed."""

import time

from django.core.management.base import BaseCommand, CommandError

from fupin.ops.synth import SynthRefused, build_province


class Command(BaseCommand):
    help = "生成模拟省份数据(单位树、帮扶户、学生、扶贫日活动与报送、募捐与捐款),同一种子生成相同数据"

    def add_arguments(self, parser):
        parser.add_argument("--units", type=int, default=2000, help="单位数(市教育局、县、乡镇、学校、村)")
        parser.add_argument("--households", type=int, default=0, help="帮扶户数")
        parser.add_argument("--students", type=int, default=0, help="受助学生数")
        parser.add_argument("--donations", type=int, default=0, help="捐款笔数(一日捐、一元捐)")
        parser.add_argument("--seed", type=int, default=1, help="随机种子;同一种子生成相同的名称与数量")
        parser.add_argument(
            "--allow-real-data", action="store_true", help="库中已有真实单位时仍然生成(默认拒绝,以免混入真实数据)"
        )

    def handle(self, *args, **options):
        sizes = {k: options[k] for k in ("units", "households", "students", "donations")}
        if options["seed"] < 0 or any(v < 0 for v in sizes.values()) or sizes["units"] < 10:
            raise CommandError("种子和各项数量不能为负数,单位数至少 10 个")
        started = time.perf_counter()
        try:
            province = build_province(seed=options["seed"], allow_real_data=options["allow_real_data"], **sizes)
        except SynthRefused as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"已生成模拟省份「{province.tree.root.name}」:单位 {len(province.tree.units)} 个,"
            f"帮扶户 {province.households} 户,学生 {province.students} 名,捐款 {sizes['donations']} 笔,"
            f"用时 {time.perf_counter() - started:.1f} 秒;账号 {province.accounts.office.username}(办公室管理员)、"
            f"{province.accounts.reporter.username}(报送员)未设密码,可用 fupin changepassword 设置"
        )
