"""`fupin synth`: a realistic synthetic province for load tests and benchmarks, the same for the same seed.

City bureau → its 扶贫办 and counties → towns and schools → villages; households in the villages, students in
the schools; this year's campaign published and partly handed in; a drive with its gifts, ledger and receipts.
Units are written in bulk with paths computed beforehand (COPY on PostgreSQL), everything in one transaction,
and one audit event records the run. It refuses a database that holds real data unless told otherwise.
"""

import random
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fupin.audit.models import AuditAction
from fupin.audit.services import record_for
from fupin.campaigns.models import Campaign
from fupin.donations.models import DonationDrive
from fupin.orgs.models import Unit

from .activity import build_campaign, build_drive
from .people import build_households, build_students
from .tree import Accounts, Tree, build_accounts, build_tree, mark

SYNTHETIC_CODE = r"^SYN[0-9]+-"


class SynthRefused(Exception):
    """Why the province was not built, in Chinese."""


@dataclass
class Province:
    tree: Tree
    accounts: Accounts
    campaign: Campaign
    drive: DonationDrive | None
    households: int
    students: int


def refuse_unless_fit(seed: int, *, allow_real_data: bool) -> None:
    """A seed builds once per database; real units are never mixed with synthetic ones unless asked."""
    if Unit.objects.filter(code__startswith=f"{mark(seed)}-").exists():
        raise SynthRefused(_("数据库中已有种子 %(s)d 生成的模拟数据;请换一个种子,或在空库中重新生成") % {"s": seed})
    real = Unit.objects.exclude(code__regex=SYNTHETIC_CODE)
    if not allow_real_data and (first := real.order_by("path").first()) is not None:
        raise SynthRefused(
            _(
                "数据库中已有 %(n)d 个真实单位(如「%(u)s」),模拟数据只生成在没有真实数据的库中;"
                "确需在此库中生成,请加 --allow-real-data"
            )
            % {"n": real.count(), "u": first.name}
        )


@transaction.atomic
def build_province(
    *, seed: int, units: int, households: int, students: int, donations: int, allow_real_data: bool = False
) -> Province:
    """The whole province or nothing; one audit event names what was built."""
    refuse_unless_fit(seed, allow_real_data=allow_real_data)
    rng, now = random.Random(seed), timezone.now()
    tree = build_tree(seed, units)
    accounts = build_accounts(seed, tree)
    campaign = build_campaign(rng, tree, accounts.office, now)
    drive = build_drive(rng, tree, campaign, accounts.office, donations) if donations else None
    built = Province(
        tree=tree,
        accounts=accounts,
        campaign=campaign,
        drive=drive,
        households=build_households(seed, tree.villages, households) if households else 0,
        students=build_students(seed, tree.schools, students) if students else 0,
    )
    counts = {"units": len(tree.units), "households": households, "students": students, "donations": donations}
    note = _(
        "生成模拟省份数据(种子 %(s)d):单位 %(units)d 个,帮扶户 %(households)d 户,学生 %(students)d 名,"
        "捐款 %(donations)d 笔"
    ) % {"s": seed, **counts}
    record_for(None, AuditAction.IMPORT, tree.root, tree.root, {k: [None, v] for k, v in counts.items()}, note)
    return built
