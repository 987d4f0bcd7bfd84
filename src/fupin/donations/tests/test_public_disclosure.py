"""The public disclosure of a drive: totals equal the ledger, names masked or anonymous, a paged donor
list, downloads, proofs, and concerns that reach the office."""

import io
import subprocess

from django.db import connection
from django.db.models import Sum
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from fupin.donations import disclosure, ledger, pledges, proofs, services
from fupin.donations.models import Account, Concern, DisclosureTally, LedgerLine, Receipt
from fupin.donations.tests.factories import proof
from fupin.donations.tests.public_data import open_drive_today
from fupin.orgs.tests.factories import make_user


def give(drive, by, fen, **kw):
    fields = {"channel": "transfer", "donor_type": "individual", "donor_name": "张小三"} | kw
    return services.receive_donation(by=by, drive=drive, amount_fen=fen, **fields)


def pay(drive, finance, approver, fen, purpose="石桥东村饮水工程"):
    asked = services.request_disbursement(
        by=finance, drive=drive, use="石桥东村饮水工程", recipient="石桥东村", purpose=purpose, amount_fen=fen
    )
    paid = services.approve_and_pay(by=approver, disbursement=asked, proof=proof(), is_redacted=True)
    return proofs.publish_proof(by=finance, disbursement=paid)  # another person approves it for the public


def page_text(client, drive, **params):
    response = client.get(reverse("drive_disclosure", args=[drive.pk]), params)
    assert response.status_code == 200
    return response.content.decode()


def test_disclosure_totals_equal_the_ledger(drive, finance, city_officer):
    give(drive, finance, 10000)
    give(drive, finance, 25050, channel="onsite", donor_type="enterprise", donor_name="清河建工集团")
    mistaken = give(drive, finance, 99900, donor_name="李四")
    disclosure.summary(drive)  # seen once, then more happens: the tally must catch up
    ledger.reverse(by=finance, entry=mistaken.transaction, reason="重复录入")
    give(drive, finance, 300, channel="one_day_pay", donor_type="unit", donor_name="东阳县教育局")
    pay(drive, finance, city_officer, 20000)
    data = disclosure.summary(drive)
    donated = -LedgerLine.objects.filter(drive=drive, account=Account.DONATIONS).aggregate(s=Sum("amount_fen"))["s"]
    assert data.amount_fen == donated == 35350
    assert data.donations == 3
    assert data.balance_fen == ledger.balance_fen(drive) == 15350
    assert data.disbursed_fen == 20000
    assert {t.key: t.amount_fen for t in data.by_channel} == {"transfer": 10000, "onsite": 25050, "one_day_pay": 300}
    assert {t.key: t.donations for t in data.by_donor_type} == {"individual": 1, "enterprise": 1, "unit": 1}
    assert sum(s for _d, _n, s in data.daily) == 35350
    kept = sorted(
        DisclosureTally.objects.filter(drive=drive).values_list(
            "day", "channel", "donor_type", "donations", "amount_fen"
        )
    )
    disclosure.rebuild(drive)
    assert (
        sorted(
            DisclosureTally.objects.filter(drive=drive).values_list(
                "day", "channel", "donor_type", "donations", "amount_fen"
            )
        )
        == kept
    )


def test_the_disclosure_never_shows_an_anonymous_donors_name(anonymous, drive, finance):
    confirmed = pledges.submit_pledge(
        drive=drive,
        idempotency_key="a",
        channel="transfer",
        donor_type="individual",
        donor_name="王秘密",
        is_anonymous=True,
        amount_fen=500,
    )
    pledges.confirm_pledge(by=finance, pledge=confirmed)
    give(drive, finance, 800, donor_name="赵隐名", is_anonymous=True)
    text = page_text(anonymous, drive)
    assert "王秘密" not in text and "赵隐名" not in text and "匿名" in text
    xlsx = anonymous.get(reverse("disclosure_xlsx", args=[drive.pk])).content
    cells = [c for row in load_workbook(io.BytesIO(xlsx)).active.iter_rows(values_only=True) for c in row]
    assert "赵隐名" not in cells and "匿名" in cells
    pdf = anonymous.get(reverse("disclosure_pdf", args=[drive.pk])).content
    pdf_text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    assert "赵隐名" not in pdf_text and "匿名" in pdf_text


def test_a_persons_name_is_masked_and_a_phone_never_shown(anonymous, drive, finance):
    made = pledges.submit_pledge(
        drive=drive,
        idempotency_key="b",
        channel="transfer",
        donor_type="individual",
        donor_name="阿卜杜拉·艾力",
        phone="13912341234",
        amount_fen=500,
    )
    pledges.confirm_pledge(by=finance, pledge=made)
    give(drive, finance, 900, donor_type="enterprise", donor_name="清河建工集团")
    text = page_text(anonymous, drive)
    assert "阿*力" in text and "阿卜杜拉" not in text and "1234" not in text
    assert "清河建工集团" in text  # an enterprise is not personal data


def test_the_donor_list_is_paged_newest_first(anonymous, drive, finance):
    for i in range(25):
        give(drive, finance, 100 + i, donor_type="enterprise", donor_name=f"企业{i:02d}")
    first = page_text(anonymous, drive)
    assert "企业24" in first and "企业05" in first and "企业04" not in first
    _rows, next_before = disclosure.donor_page(drive)
    second = page_text(anonymous, drive, before=next_before)
    assert "企业04" in second and "企业00" in second and "企业05" not in second
    for bad in ("x", "-1", "9" * 30):
        assert anonymous.get(reverse("drive_disclosure", args=[drive.pk]), {"before": bad}).status_code == 404


def test_the_disclosure_page_costs_a_fixed_number_of_queries(
    anonymous, drive, finance, city_officer, django_assert_max_num_queries
):
    for i in range(30):
        give(drive, finance, 1000 + i, donor_name=f"捐赠人{i}")
    pay(drive, finance, city_officer, 500)
    page_text(anonymous, drive)
    with django_assert_max_num_queries(14):
        page_text(anonymous, drive)


def test_each_paid_disbursement_links_its_proof(anonymous, drive, finance, city_officer, tree):
    give(drive, finance, 5000)
    paid = pay(drive, finance, city_officer, 3000, purpose="购买学习用品")
    asked = services.request_disbursement(
        by=finance, drive=drive, use="石桥东村饮水工程", recipient="某村", purpose="待审批的", amount_fen=100
    )
    text = page_text(anonymous, drive)
    assert "购买学习用品" in text and "待审批的" not in text
    link = reverse("disbursement_proof", args=[drive.pk, paid.pk])
    assert link in text
    assert anonymous.get(link).status_code == 200
    assert anonymous.get(reverse("disbursement_proof", args=[drive.pk, asked.pk])).status_code == 404
    other = open_drive_today(city_officer, tree.county1)
    assert anonymous.get(reverse("disbursement_proof", args=[other.pk, paid.pk])).status_code == 404


def test_a_draft_campaigns_drive_is_not_public(anonymous, drive):
    drive.campaign.status = "draft"
    drive.campaign.save(update_fields=["status"])
    assert anonymous.get(reverse("drive_disclosure", args=[drive.pk])).status_code == 404
    assert anonymous.get(reverse("make_pledge", args=[drive.pk])).status_code == 404


def test_the_excel_download_keeps_text_as_text(anonymous, drive, finance):
    give(drive, finance, 12345, donor_type="enterprise", donor_name='=HYPERLINK("http://x")')
    response = anonymous.get(reverse("disclosure_xlsx", args=[drive.pk]))
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    donor = next(r for r in rows if r[1] == "捐赠")
    assert donor[2] == '=HYPERLINK("http://x")' and float(donor[4]) == 123.45
    assert sheet.cell(4, 3).data_type == "s"


def test_a_concern_reaches_the_supervisor_and_not_the_finance_office(
    anonymous, drive, login, tree, outsider, finance, city_officer
):
    supervisor = make_user("jijian", tree.city, "supervisor")
    url = reverse("report_concern", args=[drive.pk])
    assert "请写明反映的问题" in anonymous.post(url, {"text": "  \u200b "}).content.decode()
    response = anonymous.post(url, {"text": "我单位被要求每人捐 100 元", "contact": "微信 abc"})
    assert response.status_code == 302 and Concern.objects.count() == 1
    assert "每人捐 100 元" in login(supervisor).get(reverse("concern_list")).content.decode()
    for someone in (finance, city_officer, outsider):
        assert "每人捐 100 元" not in login(someone).get(reverse("concern_list")).content.decode()


def test_a_concern_longer_than_the_limit_is_refused(anonymous, drive):
    response = anonymous.post(reverse("report_concern", args=[drive.pk]), {"text": "长" * 2001})
    assert response.status_code == 200 and "2000" in response.content.decode()
    assert not Concern.objects.exists()


def test_one_address_reports_at_most_five_concerns_an_hour(anonymous, drive):
    url = reverse("report_concern", args=[drive.pk])
    for n in range(5):
        assert anonymous.post(url, {"text": f"第{n + 1}条反映"}, REMOTE_ADDR="203.0.113.7").status_code == 302
    refused = anonymous.post(url, {"text": "第6条反映"}, REMOTE_ADDR="203.0.113.7")
    assert refused.status_code == 200 and "一小时内最多反映 5 次" in refused.content.decode()
    assert Concern.objects.count() == 5
    assert anonymous.post(url, {"text": "另一个地址"}, REMOTE_ADDR="198.51.100.2").status_code == 302


def test_two_drives_of_one_fund_disclose_their_own_gifts_and_their_own_balance(drive, finance, city_officer):
    second = services.open_drive(
        by=city_officer,
        campaign=drive.campaign,
        organiser=drive.organiser,
        fund=drive.fund,
        title="第二场",
        starts_on=drive.starts_on,
        ends_on=drive.ends_on,
        channels=["transfer"],
    )
    give(drive, finance, 1000)
    disclosure.summary(second)
    give(second, finance, 2500)
    first, other = disclosure.summary(drive), disclosure.summary(second)
    assert (first.amount_fen, other.amount_fen) == (1000, 2500)
    assert (
        (first.balance_fen, other.balance_fen)
        == (ledger.balance_fen(drive), ledger.balance_fen(second))
        == (1000, 2500)
    )
    assert disclosure.problems() == []


def test_the_check_names_a_gap_in_receipt_numbers_and_a_tally_that_disagrees(drive, finance):
    receipt = pledges.confirm_pledge(
        by=finance,
        pledge=pledges.submit_pledge(
            drive=drive,
            idempotency_key="g",
            channel="transfer",
            donor_type="enterprise",
            donor_name="甲",
            amount_fen=100,
        ),
    )
    Receipt.objects.filter(pk=receipt.pk).update(number=2)
    disclosure.summary(drive)
    DisclosureTally.objects.filter(drive=drive).update(amount_fen=1)
    found = disclosure.problems()
    assert any("收据号不连续" in p for p in found) and any("公示的捐赠合计与捐赠记录不符" in p for p in found)


def test_reading_the_disclosure_never_writes_or_locks(anonymous, drive, finance, city_officer):
    give(drive, finance, 10000)
    mistaken = give(drive, finance, 500, donor_name="李四")
    ledger.reverse(by=finance, entry=mistaken.transaction, reason="重复录入")
    pay(drive, finance, city_officer, 3000)
    pages = [
        reverse("drive_disclosure", args=[drive.pk]),
        reverse("drive_index"),
        f"/api/v1/public/drives/{drive.pk}/disclosure",
        reverse("disclosure_xlsx", args=[drive.pk]),
    ]
    with CaptureQueriesContext(connection) as seen:
        for url in pages:
            assert anonymous.get(url).status_code == 200, url
    written = [
        q["sql"]
        for q in seen.captured_queries
        if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE")) or "FOR UPDATE" in q["sql"].upper()
    ]
    assert written == []
    assert disclosure.summary(drive).amount_fen == 10000
