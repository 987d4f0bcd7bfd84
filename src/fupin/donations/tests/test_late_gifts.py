"""Gifts into a drive that has ended are refused unless finance records a reason; a gift received while the
drive was open, or a pledge made while it was open, is not a late gift."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from fupin.audit.models import AuditEvent
from fupin.donations import ledger, openings, pledges, services
from fupin.donations.models import Donation, DonationDrive, LedgerLine, Receipt
from fupin.donations.tests.public_data import open_drive_today, pledge
from fupin.jobs.models import ImportJob
from fupin.lib.uploads import check_photo
from fupin.orgs.tests.factories import make_user

from .staff_data import import_sheet, photo_upload, sheet, staffed_drive

pytestmark = pytest.mark.django_db

ENDED = "本募捐活动已于 2026-10-31 结束,不再接收捐赠;确需登记的,请财务在「逾期登记原因」中写明原因"
SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def ended(tree):
    return staffed_drive(tree.county1, "dy", ends_on=date(2026, 10, 31))


def gift(staffed, **kw):
    fields = {"channel": "transfer", "amount_fen": 50000, "donor_type": "enterprise", "donor_name": "东阳建工"}
    return services.record_donation(by=staffed.finance, drive=staffed.drive, **(fields | kw))


def nothing_written():
    return not Donation.objects.exists() and not LedgerLine.objects.exists() and not Receipt.objects.exists()


def test_a_gift_into_a_drive_that_has_ended_is_refused_without_a_reason(ended):
    with pytest.raises(ValidationError) as refused:
        gift(ended)
    assert refused.value.message_dict == {"late_reason": [ENDED]}
    assert nothing_written()


def test_finance_records_a_gift_after_the_end_with_its_reason(ended):
    made = gift(ended, late_reason="  10月30日已汇出,银行11月2日到账 ")
    assert Donation.objects.get().late_reason == "10月30日已汇出,银行11月2日到账"
    assert ledger.balance_fen(ended.drive) == 50000 and made.receipt.number
    event = AuditEvent.objects.get(target_type="donations.donation", target_id=str(made.pk))
    assert event.changes["late_reason"] == [None, "10月30日已汇出,银行11月2日到账"]


def test_a_gift_received_on_the_last_day_needs_no_reason(ended):
    last_evening = datetime(2026, 10, 31, 23, 30, tzinfo=SHANGHAI)
    gift(ended, at=last_evening)
    assert Donation.objects.get().late_reason == ""


def test_a_gift_received_just_after_midnight_beijing_time_is_late(ended):
    with pytest.raises(ValidationError) as refused:
        gift(ended, at=datetime(2026, 11, 1, 0, 0, 1, tzinfo=SHANGHAI))
    assert refused.value.message_dict == {"late_reason": [ENDED]}
    assert nothing_written()


def test_the_staff_form_asks_for_the_reason_and_records_it(ended, login):
    client = login(ended.finance)
    url = reverse("donation_create", args=[ended.drive.pk])
    data = {"channel": "transfer", "donor_type": "individual", "donor_name": "王五", "amount_fen": "200"}
    refused = client.post(url, data | {"idempotency_key": "a"})
    assert refused.status_code == 200 and ENDED in refused.content.decode()
    assert nothing_written()
    done = client.post(url, data | {"idempotency_key": "b", "late_reason": "活动期间已交现金,财务迟录"})
    assert done.status_code == 302 and Donation.objects.get().late_reason == "活动期间已交现金,财务迟录"


def test_a_sheet_into_an_ended_drive_is_refused_without_a_reason(ended, login, django_capture_on_commit_callbacks):
    client, capture = login(ended.finance), django_capture_on_commit_callbacks
    rows = [("一日捐", "张三", "QH-DY-S01", "300", "")]
    refused, job = import_sheet(client, ended.drive, capture, sheet(rows))
    assert refused.status_code == 200 and ENDED in refused.content.decode() and job is None
    assert nothing_written() and not ImportJob.objects.exists()
    _page, job = import_sheet(client, ended.drive, capture, sheet(rows), late_reason="10月工资代扣,11月初到账")
    assert job.status == "done"
    assert list(Donation.objects.values_list("late_reason", flat=True)) == ["10月工资代扣,11月初到账"]


def test_a_box_opened_after_the_end_needs_a_reason(ended, tree):
    box = services.register_box(
        by=ended.finance, drive=ended.drive, place="县政务大厅", seal_number="DY-9", kind="fixed"
    )
    counter = make_user("dy_counter", tree.county1, "reporter", name="陈会计")
    fields = {
        "by": ended.finance,
        "box": box,
        "amount_fen": 8800,
        "first_witness": ended.finance,
        "second_witness": counter,
        "count_sheet": check_photo("清点单.jpg", photo_upload().getvalue()),
        "opened_at": timezone.now() - timedelta(hours=1),
    }
    with pytest.raises(ValidationError) as refused:
        openings.record_box_opening(**fields)
    assert refused.value.message_dict == {"late_reason": [ENDED]}
    assert not box.openings.exists()
    opening = openings.record_box_opening(**fields, late_reason="活动结束后首次开箱,箱内为活动期间捐款")
    openings.confirm_box_opening(by=counter, opening=opening)
    assert Donation.objects.get().late_reason == "活动结束后首次开箱,箱内为活动期间捐款"


def test_a_pledge_made_while_the_drive_was_open_is_confirmed_after_its_end(tree, city_officer, finance):
    drive = open_drive_today(city_officer, tree.city)
    made = pledge(drive, amount_fen=30000)
    DonationDrive.objects.filter(pk=drive.pk).update(ends_on=timezone.localdate() - timedelta(days=1))
    pledges.confirm_pledge(by=finance, pledge=made)
    day = timezone.localtime(made.created_at).strftime("%Y-%m-%d")
    assert Donation.objects.get().late_reason == f"认捐 {made.number} 于活动期间({day})提交,活动结束后到账"
