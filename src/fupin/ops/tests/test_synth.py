"""`fupin synth`: a province built in bulk, the same for the same seed, never mixed into real data unless asked,
with a clean ledger and audit trail."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from fupin.aid.models import Student, StudentCategory
from fupin.audit.models import AuditEvent
from fupin.campaigns.models import Submission, Task
from fupin.donations.models import Donation, Receipt
from fupin.households.models import Household, PovertyCause
from fupin.lib.id_numbers import decrypt_id_number, validate_id_number
from fupin.orgs.models import Unit, User

pytestmark = pytest.mark.django_db

SIZES = ["--units", "120", "--households", "40", "--students", "30", "--donations", "25"]


def synth(*args: str) -> str:
    out = StringIO()
    call_command("synth", *SIZES, *args, stdout=out)
    return out.getvalue()


def snapshot(seed: int) -> dict[str, list]:
    prefix = f"SYN{seed}-"
    return {
        "units": list(
            Unit.objects.filter(code__startswith=prefix).order_by("code").values_list("code", "name", "kind")
        ),
        "households": list(
            Household.objects.filter(village__code__startswith=prefix)
            .order_by("pk")
            .values_list("head_name", "category")
        ),
        "students": list(Student.objects.filter(school__code__startswith=prefix).order_by("pk").values_list("name")),
        "donations": list(
            Donation.objects.filter(drive__organiser__code__startswith=prefix)
            .order_by("pk")
            .values_list("donor_name", "amount_fen")
        ),
        "tasks": list(
            Task.objects.filter(unit__code__startswith=prefix)
            .order_by("unit__code", "requirement__kind")
            .values_list("unit__code", "status")
        ),
    }


def built_then_rolled_back(seed: int) -> dict[str, list]:
    """What one run builds, then undone (a savepoint rolled back), as if in a database of its own."""
    with transaction.atomic():
        synth("--seed", str(seed))
        built = snapshot(seed)
        transaction.set_rollback(True)
    return built


def test_a_province_has_every_level_and_what_was_asked(db):
    said = synth("--seed", "5")

    assert "单位 120 个,帮扶户 40 户,学生 30 名,捐款 25 笔" in said
    kinds = dict.fromkeys(["city_bureau", "department", "county_bureau", "town", "school", "village"], 0)
    for kind in Unit.objects.filter(code__startswith="SYN5-").values_list("kind", flat=True):
        kinds[kind] += 1
    assert kinds == {"city_bureau": 1, "department": 1, "county_bureau": 2, "town": 9, "school": 35, "village": 72}
    village = Unit.objects.filter(code__startswith="SYN5-", kind="village").order_by("code").first()
    assert village.depth == 3 and village.path.startswith(village.parent.path) and village.parent.kind == "town"
    assert (Household.objects.count(), Student.objects.count(), Donation.objects.count()) == (40, 30, 25)
    assert Receipt.objects.count() == 25
    household = Household.objects.order_by("pk").first()
    validate_id_number(decrypt_id_number(household.head_id_cipher))  # a valid number, stored encrypted
    assert household.poverty_causes and set(household.poverty_causes) <= set(PovertyCause.values)
    student = Student.objects.order_by("pk").first()
    assert student.categories[0] in StudentCategory.values and student.school.kind == "school"
    assert Submission.objects.count() == Task.objects.exclude(status="pending").count() > 0
    assert set(Task.objects.values_list("status", flat=True)) == {"pending", "submitted", "approved"}
    assert User.objects.filter(username__startswith="syn5_").count() == 3


def test_two_runs_with_one_seed_build_the_same_province_and_another_seed_a_different_one(db):
    first, again, other = built_then_rolled_back(11), built_then_rolled_back(11), built_then_rolled_back(12)

    # tasks: plans of 2 counties, 9 towns and 35 schools, summaries of the 35 schools
    assert [len(v) for v in first.values()] == [120, 40, 30, 25, 46 + 35]
    assert again == first
    assert other["units"] != first["units"] and other["households"] != first["households"]
    assert other["donations"] != first["donations"]


def test_a_database_with_real_units_is_refused_unless_asked_and_nothing_is_written(tree):
    units, events = Unit.objects.count(), AuditEvent.objects.count()

    with pytest.raises(CommandError) as refused:
        synth("--seed", "5")

    assert str(refused.value) == (
        f"数据库中已有 {units} 个真实单位(如「清河市教育局」),模拟数据只生成在没有真实数据的库中;"
        "确需在此库中生成,请加 --allow-real-data"
    )
    assert (Unit.objects.count(), AuditEvent.objects.count(), Household.objects.count()) == (units, events, 0)
    synth("--seed", "5", "--allow-real-data")
    assert Unit.objects.count() == units + 120


def test_a_seed_builds_once_per_database(db):
    synth("--seed", "5")
    units = Unit.objects.count()

    with pytest.raises(CommandError) as refused:
        synth("--seed", "5")

    assert str(refused.value) == "数据库中已有种子 5 生成的模拟数据;请换一个种子,或在空库中重新生成"
    assert Unit.objects.count() == units


def test_the_ledger_check_and_the_audit_chain_are_clean_after_a_province(db):
    synth("--seed", "8")
    ledger, audit = StringIO(), StringIO()

    call_command("ledger", "check", stdout=ledger)
    call_command("audit", "verify", stdout=audit)

    assert "资金账核对无误" in ledger.getvalue()
    assert "审计日志哈希链完整" in audit.getvalue()
    built = AuditEvent.objects.order_by("-seq").first()
    assert built.note == "生成模拟省份数据(种子 8):单位 120 个,帮扶户 40 户,学生 30 名,捐款 25 笔"
