"""Receipts: numbered 1, 2, 3 … per fund with no gap, printed as a PDF for the unit's stamp, staff only."""

import subprocess

import pytest
from django.db import transaction
from django.urls import reverse

from fupin.donations import pledges, services
from fupin.donations.models import Receipt
from fupin.donations.receipts_pdf import amount_in_words
from fupin.donations.tests.public_data import open_drive_today, pledge
from fupin.orgs.tests.factories import make_user


def test_receipt_numbers_have_no_gaps(tree, city_officer, drive, finance):
    pledges.confirm_pledge(by=finance, pledge=pledge(drive))
    with pytest.raises(RuntimeError), transaction.atomic():  # a failure after the number was taken
        pledges.confirm_pledge(by=finance, pledge=pledge(drive))
        raise RuntimeError("the request failed later")
    pledges.confirm_pledge(by=finance, pledge=pledge(drive, donor_name="李四"))
    gift = services.receive_donation(
        by=finance, drive=drive, channel="onsite", amount_fen=500, donor_type="unit", donor_name="清河市教育局"
    )
    pledges.issue_receipt(by=finance, donation=gift)
    assert list(Receipt.objects.filter(fund=drive.fund).values_list("number", flat=True)) == [1, 2, 3]


def test_each_fund_numbers_its_own_receipts(tree, city_officer, drive, finance, make_user):
    county_drive = open_drive_today(city_officer, tree.county1)
    county_finance = make_user("county_finance", tree.county1, "finance")
    pledges.confirm_pledge(by=finance, pledge=pledge(drive))
    receipt = pledges.confirm_pledge(by=county_finance, pledge=pledge(county_drive))
    assert receipt.number == 1 and receipt.fund != drive.fund


@pytest.mark.parametrize(
    ("fen", "words"),
    [
        (10000, "壹佰元整"),
        (12345, "壹佰贰拾叁元肆角伍分"),
        (100005, "壹仟元零伍分"),
        (1000100, "壹万零壹元整"),
        (10100000, "壹拾万壹仟元整"),
        (10000000000, "壹亿元整"),
        (50, "伍角整"),
        (1, "壹分"),
    ],
)
def test_the_amount_is_written_in_capital_figures(fen, words):
    assert amount_in_words(fen) == words


def test_the_receipt_pdf_names_the_donor_the_amount_and_the_stamp(login, drive, finance):
    receipt = pledges.confirm_pledge(by=finance, pledge=pledge(drive, donor_name="阿卜杜拉·艾力", amount_fen=12345))
    response = login(finance).get(reverse("receipt_pdf", args=[receipt.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=response.content, capture_output=True, check=True
    ).stdout.decode()
    text = "".join(text.split())  # the title is letter-spaced
    for expected in ("捐赠收据", receipt.display_number, "阿卜杜拉·艾力", "壹佰贰拾叁元肆角伍分", "123.45", "盖章"):
        assert expected in text
    assert f"经办人:{finance.name}" in text and finance.username not in text  # the officer's 姓名, not the login


def test_a_receipt_of_another_subtree_is_404(login, tree, city_officer, make_user):
    county_drive = open_drive_today(city_officer, tree.county1)
    county_finance = make_user("county_finance", tree.county1, "finance")
    receipt = pledges.confirm_pledge(by=county_finance, pledge=pledge(county_drive))
    outsider_finance = make_user("xc_finance", tree.county2, "finance")
    assert login(outsider_finance).get(reverse("receipt_pdf", args=[receipt.pk])).status_code == 404


def test_finance_confirms_a_pledge_from_the_list(login, drive, finance):
    made = pledge(drive, amount_fen=20000)
    client = login(finance)
    page = client.get(reverse("pledge_list", args=[drive.pk])).content.decode()
    assert made.number in page and "张小三" in page  # staff of the managing unit see the name in full
    response = client.post(reverse("confirm_pledge", args=[made.pk]), {"amount": "199.50"})
    assert response.status_code == 302
    made.refresh_from_db()
    assert made.donation.amount_fen == 19950 and made.donation.receipt.number == 1


def test_a_bad_received_amount_is_refused_with_the_reason(login, drive, finance):
    made = pledge(drive)
    response = login(finance).post(reverse("confirm_pledge", args=[made.pk]), {"amount": "1.005"}, follow=True)
    assert "超过两位小数" in response.content.decode()
    made.refresh_from_db()
    assert made.status == "pledged" and not Receipt.objects.exists()


def test_staff_pages_refuse_another_subtrees_drive_and_pledge_with_404(login, tree, drive, make_user):
    made = pledge(drive)
    outsider_finance = make_user("xc_finance", tree.county2, "finance")
    client = login(outsider_finance)
    assert client.get(reverse("pledge_list", args=[drive.pk])).status_code == 404
    assert client.post(reverse("confirm_pledge", args=[made.pk])).status_code == 404
    made.refresh_from_db()
    assert made.status == "pledged"


def test_staff_pages_need_a_login(anonymous, drive):
    response = anonymous.get(reverse("pledge_list", args=[drive.pk]))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_the_staff_lists_cost_a_fixed_number_of_queries(
    login, drive, finance, city_officer, django_assert_max_num_queries
):
    for i in range(12):
        made = pledge(drive, donor_name=f"捐赠人{i}")
        if i % 2:
            pledges.confirm_pledge(by=finance, pledge=made)
            pledges.report_concern(drive=drive, text=f"问题{i}")
    client = login(finance)
    for status in ("pledged", "received"):
        with django_assert_max_num_queries(10):
            assert client.get(reverse("pledge_list", args=[drive.pk]), {"status": status}).status_code == 200
    supervisor = login(make_user("jijian", drive.fund.unit, "supervisor"))
    with django_assert_max_num_queries(10):
        assert supervisor.get(reverse("concern_list")).status_code == 200
