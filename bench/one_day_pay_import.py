"""Importing a 5,000-row 一日捐 sheet (the sheet's documented limit) through the import service, against its floor
measured in the same run: reading the same sheet with python-calamine plus one bulk insert of the same rows as
gifts (`bulk_create`). The import also checks every row, writes each gift's balanced ledger entry and receipt,
keeps the disclosure's tally and audits the sheet; it writes its rows through `fupin.lib.bulk.insert_values` (COPY on
PostgreSQL, one prepared statement on SQLite) rather than `bulk_create`. Target: at most 2× the floor.
`FUPIN_BENCH_ONE_DAY_PAY` sets a smaller size (a small run checks the benchmark works; its ratio says little
about the full size)."""

import os
from datetime import date, timedelta

from django.utils import timezone

from bench._imports import best_rolled_back, calamine_rows, office, sheet
from bench._result import Result, scaled
from fupin.campaigns.models import Campaign
from fupin.donations import services
from fupin.donations.bulk import DONATION_SHEET, import_donation_sheet
from fupin.donations.models import Donation, DonationDrive
from fupin.orgs.models import Unit, User, path_segment

ROWS = int(os.environ.get("FUPIN_BENCH_ONE_DAY_PAY", "0")) or scaled(5_000, least=100)
SCHOOLS = 50


def _rows() -> list[list[str]]:
    return [["一日捐", f"教职工{n}", f"BD-S{n % SCHOOLS:02d}", f"{200 + n % 300}.00", ""] for n in range(ROWS)]


def _prepared(code: str) -> tuple[User, DonationDrive, dict[str, Unit]]:
    root, user = office(code, "county_bureau")
    schools = Unit.objects.bulk_create(
        Unit(
            name=f"基准{s}校",
            code=f"BD-S{s:02d}",
            kind="school",
            stage="vocational",
            parent=root,
            depth=1,
            path=f"tmp-BD-{s}",
        )
        for s in range(SCHOOLS)
    )
    for school in schools:
        school.path = root.path + path_segment(school.pk)
    Unit.objects.bulk_update(schools, ["path"])
    user.memberships.create(unit=root, role="finance")
    campaign = Campaign.objects.create(unit=root, year=2026, title="基准扶贫日活动", created_by=user)
    drive = services.open_drive(
        by=user,
        campaign=campaign,
        organiser=root,
        fund=services.create_fund(by=user, unit=root, name="基准募捐资金"),
        title="基准一日捐",
        starts_on=date(2026, 10, 1),
        ends_on=timezone.localdate() + timedelta(days=30),
        channels=["one_day_pay"],
    )
    return user, drive, {s.code: s for s in schools}


def _floor(data: bytes, user: User, drive: DonationDrive, by_code: dict[str, Unit]) -> None:
    now = timezone.now()
    Donation.objects.bulk_create(
        Donation(
            drive=drive,
            channel="one_day_pay",
            donor_type="individual",
            donor_name=str(name),
            unit=by_code[str(code)],
            amount_fen=int(float(str(amount)) * 100),
            recorded_by=user,
            received_at=now,
        )
        for _channel, name, code, amount, _anonymous in calamine_rows(data)
    )


def _import(data: bytes, user: User, drive: DonationDrive) -> None:
    made = import_donation_sheet(by=user, drive=drive, data=data, filename="基准一日捐.xlsx")  # the gifts' ids
    assert len(made) == ROWS, len(made)


def run() -> Result:
    data = sheet([label for _key, label in DONATION_SHEET.columns], _rows())
    baseline = best_rolled_back(lambda: _prepared("BD-FLOOR"), lambda p: _floor(data, *p))
    value = best_rolled_back(lambda: _prepared("BD-ROOT"), lambda p: _import(data, p[0], p[1]))
    return Result(value=value, baseline=baseline, target=2.0, unit="s")
