"""捐赠证书: a PDF of thanks for a received donation, numbered as its receipt, A4 landscape, laid out for the
fund-managing unit's seal; staff open it through the receipt's door, the donor through the pledge's token."""

import io
import subprocess

import pypdf
from django.urls import reverse

from fupin.donations import pledges, services
from fupin.donations.tests.public_data import open_drive_today, pledge
from fupin.orgs.tests.factories import make_user


def pdf_text(content: bytes) -> str:
    out = subprocess.run(["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True)
    return "".join(out.stdout.decode().split())  # the title is letter-spaced, lines wrap


def test_the_certificate_names_the_donor_the_amount_the_drive_and_the_unit_with_a_place_for_the_seal(
    login, drive, finance, tree
):
    receipt = pledges.confirm_pledge(by=finance, pledge=pledge(drive, donor_name="阿卜杜拉·艾力", amount_fen=123456))
    response = login(finance).get(reverse("receipt_certificate", args=[receipt.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    text = pdf_text(response.content)
    for expected in (
        "捐赠证书",
        f"证书编号:{receipt.display_number}",
        "阿卜杜拉·艾力",
        "人民币壹仟贰佰叁拾肆元伍角陆分",
        "¥1,234.56",
        drive.title,
        drive.designated_uses,
        tree.city.name,
        "盖章",
    ):
        assert expected in text, expected
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    box = reader.pages[0].mediabox
    assert len(reader.pages) == 1 and (round(box.width), round(box.height)) == (842, 595)  # A4 landscape


def test_an_anonymous_donor_is_thanked_as_a_kind_person(login, drive, finance):
    gift = services.receive_donation(
        by=finance,
        drive=drive,
        channel="onsite",
        amount_fen=10000007,
        donor_type="individual",
        donor_name="王五",
        is_anonymous=True,
    )
    receipt = pledges.issue_receipt(by=finance, donation=gift)
    text = pdf_text(login(finance).get(reverse("receipt_certificate", args=[receipt.pk])).content)
    assert "爱心人士" in text and "王五" not in text
    assert "壹拾万元零柒分" in text and "100,000.07" in text


def test_the_staff_list_links_the_certificate_beside_the_receipt(login, drive, finance):
    receipt = pledges.confirm_pledge(by=finance, pledge=pledge(drive))
    page = login(finance).get(reverse("pledge_list", args=[drive.pk]), {"status": "received"}).content.decode()
    assert reverse("receipt_pdf", args=[receipt.pk]) in page
    assert reverse("receipt_certificate", args=[receipt.pk]) in page


def test_the_donor_gets_the_certificate_from_the_pledge_page_once_the_money_arrived(client, drive, finance):
    made = pledge(drive, donor_name="李四", amount_fen=50)
    url = reverse("pledge_certificate", args=[made.token])
    assert url not in client.get(reverse("pledge_detail", args=[made.token])).content.decode()
    assert client.get(url).status_code == 404  # not yet received
    receipt = pledges.confirm_pledge(by=finance, pledge=made)
    assert url in client.get(reverse("pledge_detail", args=[made.token])).content.decode()
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "李四" in text and receipt.display_number in text and "伍角" in text
    assert reverse("receipt_certificate", args=[receipt.pk]) not in url  # the token, never the id


def test_a_wrong_token_is_404(client, drive, finance):
    pledges.confirm_pledge(by=finance, pledge=pledge(drive))
    assert client.get(reverse("pledge_certificate", args=["not-a-token"])).status_code == 404


def test_the_staff_certificate_needs_a_login_and_the_receipts_subtree(login, anonymous, tree, city_officer):
    county_drive = open_drive_today(city_officer, tree.county1)
    county_finance = make_user("county_finance", tree.county1, "finance")
    receipt = pledges.confirm_pledge(by=county_finance, pledge=pledge(county_drive))
    url = reverse("receipt_certificate", args=[receipt.pk])
    response = anonymous.get(url)
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert login(make_user("xc_finance", tree.county2, "finance")).get(url).status_code == 404
    assert login(county_finance).get(url).status_code == 200


def test_a_gift_of_goods_is_thanked_for_the_goods(login, drive, finance):
    made = pledge(
        drive, channel="goods", amount_fen=0, goods_description="课外图书", goods_quantity=200, goods_unit="册"
    )
    receipt = pledges.confirm_pledge(by=finance, pledge=made)
    text = pdf_text(login(finance).get(reverse("receipt_certificate", args=[receipt.pk])).content)
    assert "课外图书200册" in text and "人民币" not in text and receipt.display_number in text
