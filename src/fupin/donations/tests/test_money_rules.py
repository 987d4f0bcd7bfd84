"""The notices' rules on money: voluntary drives, 分 not floats, a ledger that balances and never goes negative."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from fupin.donations import ledger, services
from fupin.donations.models import Account, Channel, Disbursement, LedgerLine, LedgerTransaction
from fupin.donations.tests.factories import drive_for, proof
from fupin.lib.money import parse_yuan, yuan
from fupin.orgs.tests.factories import UnitFactory


@pytest.fixture
def drive(tree, city_officer):
    return drive_for(city_officer, tree.city)


def give(drive, by, fen, **kw):
    fields = {"channel": Channel.TRANSFER, "donor_type": "enterprise", "donor_name": "清河建工集团"} | kw
    return services.receive_donation(by=by, drive=drive, amount_fen=fen, **fields)


@pytest.mark.parametrize("stage", ["primary", "secondary"])
def test_primary_and_secondary_schools_cannot_open_a_donation_drive(stage, tree, city_officer):
    school = UnitFactory(parent=tree.county1, kind="school", stage=stage, name="某校")
    campaign_drive = drive_for(city_officer, tree.city)
    with pytest.raises(ValidationError, match="中小学校原则上不组织捐赠活动"):
        services.open_drive(
            by=city_officer,
            campaign=campaign_drive.campaign,
            organiser=school,
            fund=campaign_drive.fund,
            title="募捐",
            starts_on=date(2026, 10, 1),
            ends_on=date(2026, 10, 31),
            channels=["one_yuan"],
        )


def test_a_vocational_school_may_open_a_drive(tree, city_officer):
    school = UnitFactory(parent=tree.city, kind="school", stage="vocational", name="清河职校")
    existing = drive_for(city_officer, tree.city)
    drive = services.open_drive(
        by=city_officer,
        campaign=existing.campaign,
        organiser=school,
        fund=existing.fund,
        title="职校爱心募捐",
        starts_on=date(2026, 10, 1),
        ends_on=date(2026, 10, 31),
        channels=["onsite"],
    )
    assert drive.organiser == school


def test_a_county_cannot_open_a_drive_for_another_county(tree, city_officer, county_officer):
    existing = drive_for(city_officer, tree.city)
    with pytest.raises(PermissionDenied):
        services.open_drive(
            by=county_officer,
            campaign=existing.campaign,
            organiser=tree.county2,
            fund=existing.fund,
            title="x",
            starts_on=date(2026, 10, 1),
            ends_on=date(2026, 10, 2),
            channels=["onsite"],
        )


def test_there_is_no_quota_field_anywhere():
    from django.apps import apps

    names = {f.name for model in apps.get_app_config("donations").get_models() for f in model._meta.get_fields()}
    assert not {n for n in names if "quota" in n or "target" in n or "指标" in n}


def test_a_donation_is_recorded_in_fen_and_balances_the_ledger(drive, finance):
    donation = give(drive, finance, parse_yuan("1,234.56"))
    assert donation.amount_fen == 123456 and ledger.balance_fen(drive) == 123456
    lines = dict(donation.transaction.lines.values_list("account", "amount_fen"))
    assert lines == {Account.CASH: 123456, Account.DONATIONS: -123456}
    assert ledger.problems() == []


def test_a_pledge_retried_with_the_same_idempotency_key_records_once(drive, finance):
    first = give(drive, finance, 5000, idempotency_key="pledge-7f3a")
    again = give(drive, finance, 5000, idempotency_key="pledge-7f3a")
    assert first == again and LedgerTransaction.objects.count() == 1 and ledger.balance_fen(drive) == 5000


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("-5", "负数"),
        ("10.005", "超过两位小数"),
        ("1e12", "不是有效的金额"),
        ("1E+2", "不是有效的金额"),
        ("NaN", "不是有效的金额"),
        ("壹万元整", "不是有效的金额"),
        ("0", "必须大于零"),
        ("1000000000000", "不是有效"),
        ("200000000", "超过单笔上限"),
    ],
)
def test_bad_amounts_are_refused_with_the_reason(text, reason):
    with pytest.raises(ValidationError, match=reason):
        parse_yuan(text)


@pytest.mark.parametrize(("text", "fen"), [("１００", 10000), ("￥1,234.5", 123450), ("88元", 8800), ("0.01", 1)])
def test_amounts_in_a_documented_set_of_forms_are_read_exactly(text, fen):
    assert parse_yuan(text) == fen and yuan(fen).replace(",", "").startswith(str(fen // 100))


def test_a_float_amount_is_refused():
    with pytest.raises(ValidationError, match="不接受浮点数"):
        parse_yuan(0.1)


def test_a_disbursement_needs_two_different_people_and_a_proof(drive, finance, city_officer):
    give(drive, finance, 100000)
    request = services.request_disbursement(
        by=finance, drive=drive, recipient="石桥东村", purpose="村小学冬季取暖", amount_fen=60000
    )
    with pytest.raises(ValidationError, match="须两人经手"):
        services.approve_and_pay(by=finance, disbursement=request, proof=proof(), is_redacted=True)
    paid = services.approve_and_pay(by=city_officer, disbursement=request, proof=proof(), is_redacted=True)
    assert paid.status == Disbursement.Status.PAID and paid.proof_name == "拨付证明.jpg"
    assert ledger.balance_fen(drive) == 40000


def test_a_fund_cannot_go_below_zero(drive, finance, city_officer):
    give(drive, finance, 10000)
    first = services.request_disbursement(by=finance, drive=drive, recipient="甲村", purpose="助学", amount_fen=8000)
    second = services.request_disbursement(by=finance, drive=drive, recipient="乙村", purpose="助学", amount_fen=8000)
    services.approve_and_pay(by=city_officer, disbursement=first, proof=proof(), is_redacted=True)
    with pytest.raises(ValidationError, match="资金余额不足"):
        services.approve_and_pay(by=city_officer, disbursement=second, proof=proof(), is_redacted=True)
    assert ledger.balance_fen(drive) == 2000
    with pytest.raises(ValidationError, match="资金余额不足"):
        services.request_disbursement(by=finance, drive=drive, recipient="丙村", purpose="助学", amount_fen=2001)


def test_ledger_rows_cannot_be_changed_in_the_database(drive, finance):
    give(drive, finance, 100)
    with pytest.raises(DatabaseError), transaction.atomic():
        LedgerLine.objects.update(amount_fen=999)
    assert ledger.balance_fen(drive) == 100


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL refuses deletes; SQLite tests empty it")
def test_ledger_rows_cannot_be_deleted_on_postgresql(drive, finance):
    give(drive, finance, 100)
    with pytest.raises(DatabaseError), transaction.atomic():
        LedgerLine.objects.all().delete()


def test_a_correction_is_a_reversing_entry_with_a_reason_once(drive, finance):
    donation = give(drive, finance, 3000)
    with pytest.raises(ValidationError, match="冲正须写明原因"):
        ledger.reverse(by=finance, entry=donation.transaction, reason=" ")
    reversal = ledger.reverse(by=finance, entry=donation.transaction, reason="重复录入")
    assert ledger.balance_fen(drive) == 0 and reversal.reverses == donation.transaction
    with pytest.raises(ValidationError, match="已冲正"):
        ledger.reverse(by=finance, entry=donation.transaction, reason="再冲")


def test_a_reversal_cannot_take_the_fund_below_zero(drive, finance, city_officer):
    donation = give(drive, finance, 5000)
    request = services.request_disbursement(by=finance, drive=drive, recipient="甲村", purpose="助学", amount_fen=5000)
    services.approve_and_pay(by=city_officer, disbursement=request, proof=proof(), is_redacted=True)
    with pytest.raises(ValidationError, match="资金余额不足"):
        ledger.reverse(by=finance, entry=donation.transaction, reason="退回捐款")


def test_a_unit_where_most_staff_gave_the_same_amount_is_flagged(drive, finance, tree):
    for i in range(12):
        give(
            drive,
            finance,
            20000 if i < 8 else 5000 + i,
            channel=Channel.ONE_DAY_PAY,
            donor_type="individual",
            donor_name=f"教师{i}",
            unit=tree.school1,
        )
    for i in range(12):
        give(
            drive,
            finance,
            3000 + i * 500,
            channel=Channel.ONE_DAY_PAY,
            donor_type="individual",
            donor_name=f"职工{i}",
            unit=tree.school2,
        )
    flags = services.suspected_quotas(drive)
    assert [(f.unit, f.givers, f.amount_fen, f.same) for f in flags] == [(tree.school1, 12, 20000, 8)]


def test_fewer_than_ten_givers_are_never_flagged(drive, finance, tree):
    for i in range(9):
        give(
            drive,
            finance,
            10000,
            channel=Channel.ONE_DAY_PAY,
            donor_type="individual",
            donor_name=f"甲{i}",
            unit=tree.school1,
        )
    assert services.suspected_quotas(drive) == []


def test_ledger_check_names_an_unbalanced_transaction(drive, finance):
    give(drive, finance, 700)
    call_command("ledger", "check")
    entry = LedgerTransaction.objects.create(fund=drive.fund, kind="donation", memo="手工录入")
    LedgerLine.objects.create(transaction=entry, drive=drive, account=Account.CASH, amount_fen=500)
    with pytest.raises(CommandError, match=rf"凭证#{entry.pk} 在专项#{drive.pk} 借贷不平衡"):
        call_command("ledger", "check")
