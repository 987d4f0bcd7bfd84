"""The synthetic province's campaign and money: a published campaign whose tasks are handed in (some on time,
some late, some approved), and a donation drive whose gifts arrive as 一日捐 sheets through the product's own
bulk import, so every gift has its balanced ledger entry, its receipt and its place in the disclosure."""

import io
import random
from datetime import datetime, timedelta

from django.utils import timezone
from openpyxl import Workbook

from fupin.campaigns.models import Campaign, Review, Submission, Task
from fupin.campaigns.services.campaigns import add_item, add_requirement, create_campaign, publish_campaign
from fupin.donations import services as donation_services
from fupin.donations.bulk import DONATION_SHEET, MAX_ROWS, import_donation_sheet
from fupin.donations.models import DonationDrive
from fupin.lib.bulk import allocate_ids, insert_rows
from fupin.orgs.models import User

from .people import person_name
from .tree import Tree

HANDED_IN, APPROVED, LATE = 0.6, 0.3, 0.2  # shares of the tasks, of the hand-ins, of the hand-ins


def build_campaign(rng: random.Random, tree: Tree, by: User, now: datetime) -> Campaign:
    """This year's campaign of the city bureau, published: counties, towns and schools hand in a plan and
    schools a summary, both to the 扶贫办."""
    year = timezone.localdate().year
    campaign = create_campaign(by=by, unit=tree.root, year=year, title=f"{year}年扶贫日活动(模拟)")
    for kind, title in (("publicity", "集中宣传"), ("donation_drive", "扶贫募捐"), ("micro_wish", "微心愿认领")):
        add_item(by=by, campaign=campaign, title=title, kind=kind)
    asked = (
        ("plan", "活动方案", ["county_bureau", "town", "school"], now - timedelta(days=5)),
        ("summary", "活动总结", ["school"], now + timedelta(days=10)),
    )
    for kind, title, kinds, due_at in asked:
        add_requirement(
            by=by, campaign=campaign, kind=kind, title=title, due_at=due_at, unit_kinds=kinds, recipient=tree.office
        )
    publish_campaign(by=by, campaign=campaign)
    hand_in(rng, campaign, by)
    return campaign


def hand_in(rng: random.Random, campaign: Campaign, by: User) -> None:
    """A share of the tasks handed in (one submission each), some late, some of them approved."""
    tasks = Task.objects.filter(requirement__campaign=campaign).order_by("pk")
    handed = [(pk, due) for pk, due in tasks.values_list("pk", "requirement__due_at") if rng.random() < HANDED_IN]
    groups: dict[tuple[str, datetime], list[int]] = {}
    for pk, due in handed:
        when = due + timedelta(days=1) if rng.random() < LATE else due - timedelta(days=1)
        status = "approved" if rng.random() < APPROVED else "submitted"
        groups.setdefault((status, when), []).append(pk)
    submissions = [
        Submission(task_id=pk, version=1, text="活动开展情况(模拟)", submitted_by=by, submitted_at=when)
        for (_status, when), pks in groups.items()
        for pk in pks
    ]
    for submission, pk in zip(submissions, allocate_ids(Submission, len(submissions)), strict=True):
        submission.pk = pk
    insert_rows(Submission, submissions)
    for (status, when), pks in groups.items():
        for start in range(0, len(pks), 5000):
            Task.objects.filter(pk__in=pks[start : start + 5000]).update(
                status=status, submitted_at=when, first_submitted_at=when
            )
    reviews = [Review(task_id=s.task_id, submission=s, decision="approve", by=by) for s in submissions]
    approved = {pk for (status, _when), pks in groups.items() if status == "approved" for pk in pks}
    reviews = [r for r in reviews if r.task_id in approved]
    for review, pk in zip(reviews, allocate_ids(Review, len(reviews)), strict=True):
        review.pk = pk
    insert_rows(Review, reviews)


def _sheet(rows: list[list[str]]) -> bytes:
    book = Workbook(write_only=True)
    ws = book.create_sheet()
    ws.append(["一日捐登记表(模拟)"])
    ws.append([label for _key, label in DONATION_SHEET.columns])
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def build_drive(rng: random.Random, tree: Tree, campaign: Campaign, by: User, count: int) -> DonationDrive:
    """The city bureau's open drive and `count` gifts of its units' staff, a sheet of at most MAX_ROWS at a time."""
    fund = donation_services.create_fund(by=by, unit=tree.root, name="扶贫日专项资金(模拟)")
    today = timezone.localdate()
    drive = donation_services.open_drive(
        by=by,
        campaign=campaign,
        organiser=tree.root,
        fund=fund,
        title="扶贫日一日捐(模拟)",
        starts_on=today - timedelta(days=20),
        ends_on=today + timedelta(days=20),
        channels=["one_day_pay", "one_yuan", "transfer"],
        designated_uses="困难学生资助",
    )
    givers, taken = [tree.office, *tree.counties, *tree.schools], set()
    for first in range(0, count, MAX_ROWS):
        rows = []
        for n in range(first, min(count, first + MAX_ROWS)):
            way, unit, name = rng.choice(["一日捐", "一元捐"]), givers[n % len(givers)].code, person_name(rng)
            while (way, unit, name) in taken:  # a sheet names a giver once per unit and way of giving
                name = person_name(rng)
            taken.add((way, unit, name))
            amount = f"{rng.randint(1, 600)}.{rng.randint(0, 99):02d}"
            rows.append([way, name, unit, amount, "是" if rng.random() < 0.1 else ""])
        import_donation_sheet(by=by, drive=drive, data=_sheet(rows), filename=f"一日捐{first // MAX_ROWS + 1}.xlsx")
    return drive
