"""Money you can audit, in a browser: a pledge from the public page (shown where to pay, with its number) to its
receipt; a payment out of the drive's own account for one of its designated uses, approved by another person
with a real proof, its personal data confirmed redacted by the uploader and its publication approved by a
second person (「证明待公开」 until then); and a wrong gift reversed by two people, the reversal shown
publicly. Pages are saved at desktop and phone width in test-artifacts/."""

import io
import re

import pytest
from PIL import Image, ImageDraw
from playwright.sync_api import Page, expect

from fupin.donations import services
from fupin.donations.tests.public_data import open_drive_today
from fupin.orgs.tests.factories import make_user

from .test_dashboard import log_in, snap


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _bank_slip(path):
    """A photographed bank slip: a real picture of adequate size, not a blank page."""
    image = Image.new("RGB", (1600, 1200), (250, 250, 245))
    draw = ImageDraw.Draw(image)
    draw.rectangle((80, 80, 1520, 1120), outline=(30, 30, 30), width=8)
    for row in range(6):
        draw.line((160, 240 + row * 140, 1400, 240 + row * 140), fill=(60, 60, 60), width=6)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    path.write_bytes(out.getvalue())
    return path


def log_out(page: Page) -> None:
    page.get_by_role("button", name="退出").click()


def pledge_to_receipt(page: Page, live_server, drive) -> None:
    page.goto(f"{live_server.url}/give/drives/{drive.pk}/")
    page.get_by_label("姓名或单位名称").fill("清河新华书店")
    page.get_by_label("金额(元)").fill("3,000")
    page.get_by_role("button", name="提交认捐").click()
    number = page.locator(".pledge-number").first
    expect(number).to_have_text(re.compile(r"^RJ\d{4}-\d{7}$"))
    expect(page.locator("#where-to-pay")).to_contain_text("6222021001012345")
    snap(page, "money-pledge-where-to-pay")
    donor_page = page.url
    log_in(page, live_server, "finance")
    page.goto(f"{live_server.url}/donations/drives/{drive.pk}/pledges/")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="确认到账").click()
    expect(page.locator(".messages")).to_contain_text("收据号")
    log_out(page)
    page.goto(donor_page)
    expect(page.locator("main")).to_contain_text("捐赠收据号")
    snap(page, "money-pledge-receipt")


def pay_with_proof(page: Page, live_server, drive, tmp_path) -> None:
    log_in(page, live_server, "finance")
    page.goto(f"{live_server.url}/donations/drives/{drive.pk}/disbursements/")
    page.get_by_role("link", name="申请拨付").click()
    expect(page.get_by_label("定向用途")).to_have_value("石桥东村饮水工程")
    page.get_by_label("拨付对象").fill("石桥东村")
    page.get_by_label("用途说明").fill("入户水管 120 米")
    page.get_by_label("金额(元)").fill("2,000")
    snap(page, "money-disbursement-form")
    page.get_by_role("button", name="保存").click()
    expect(page.locator(".messages")).to_contain_text("待办公室审批")
    log_out(page)
    log_in(page, live_server, "city_officer")
    page.goto(f"{live_server.url}/donations/drives/{drive.pk}/disbursements/")
    page.get_by_role("link", name="石桥东村", exact=True).click()
    page.get_by_label("拨付证明").set_input_files(_bank_slip(tmp_path / "银行回单.jpg"))
    page.get_by_label("我已遮盖证明中的学生姓名、身份证号、银行账号等个人信息").check()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="审批并拨付").click()
    expect(page.locator(".messages")).to_contain_text("已审批并拨付")
    detail = page.url
    log_out(page)
    page.goto(f"{live_server.url}/disclosure/drives/{drive.pk}/")
    expect(page.locator("#disbursements + .table-wrap")).to_contain_text("证明待公开")
    snap(page, "money-proof-pending")
    log_in(page, live_server, "finance")  # a second person checks the redaction and publishes the proof
    page.goto(detail)
    expect(page.locator("#proof-publication")).to_contain_text("证明待公开")
    snap(page, "money-proof-publish")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="核对无误,批准公开").click()
    expect(page.locator(".messages")).to_contain_text("拨付证明已公开")
    expect(page.locator("#proof-publication")).to_contain_text("证明已公开")
    log_out(page)


@pytest.mark.browser
def test_a_pledge_a_payment_with_proof_and_a_reversal_reach_the_disclosure(
    live_server, page: Page, tree, city_officer, tmp_path
):
    finance = make_user("finance", tree.city, "finance")
    earlier = open_drive_today(city_officer, tree.city)
    drive = services.open_drive(
        by=city_officer,
        campaign=earlier.campaign,
        organiser=earlier.organiser,
        fund=earlier.fund,
        title="石桥东村饮水工程募捐",
        starts_on=earlier.starts_on,
        ends_on=earlier.ends_on,
        channels=["transfer", "onsite"],
        designated_uses="石桥东村饮水工程",
        payee_name="清河市教育局",
        payee_bank="工商银行清河支行",
        payee_account="6222021001012345",
    )
    wrong = services.receive_donation(
        by=finance,
        drive=drive,
        channel="onsite",
        amount_fen=9900,
        donor_type="individual",
        donor_name="重复登记的捐赠人",
    )
    pledge_to_receipt(page, live_server, drive)
    pay_with_proof(page, live_server, drive, tmp_path)

    log_in(page, live_server, "finance")
    page.goto(f"{live_server.url}/donations/receipts/{wrong.receipt.pk}/")
    page.get_by_role("link", name="申请冲正").click()
    page.get_by_label("冲正原因").fill("同一笔现场捐款登记了两次")
    snap(page, "money-reversal-form")
    page.get_by_role("button", name="提交冲正申请").click()
    expect(page.locator(".messages")).to_contain_text("待办公室审批")
    reversal_page = page.url
    log_out(page)
    log_in(page, live_server, "city_officer")
    page.goto(reversal_page)
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="审批冲正").click()
    expect(page.locator(".messages")).to_contain_text("冲正凭证已入账")
    log_out(page)

    page.goto(f"{live_server.url}/disclosure/drives/{drive.pk}/")
    main = page.locator("main")
    expect(main.locator("#reconcile")).to_contain_text(
        "收到 3,000.00 − 拨付 2,000.00 − 调出 0.00 + 调入 0.00 = 余额 1,000.00 元"
    )
    expect(main.locator("#disbursements")).to_be_visible()
    expect(main).to_contain_text("石桥东村饮水工程:入户水管 120 米")
    expect(main.get_by_role("link", name="查看")).to_have_count(1)
    expect(main.locator("#disbursements + .table-wrap")).not_to_contain_text("证明待公开")
    expect(main.locator("#reversals + .table-wrap")).to_contain_text("同一笔现场捐款登记了两次")
    snap(page, "money-disclosure")


@pytest.mark.browser
def test_a_transfer_between_drives_and_a_concern_answered_by_the_supervisor(
    live_server, page: Page, tree, city_officer
):
    finance = make_user("finance", tree.city, "finance")
    make_user("jijian", tree.city, "supervisor")
    drive = open_drive_today(city_officer, tree.city)
    winter = services.open_drive(
        by=city_officer,
        campaign=drive.campaign,
        organiser=drive.organiser,
        fund=drive.fund,
        title="暖冬助学募捐",
        starts_on=drive.starts_on,
        ends_on=drive.ends_on,
        channels=["transfer"],
    )
    services.receive_donation(
        by=finance, drive=winter, channel="transfer", amount_fen=80000, donor_type="enterprise", donor_name="甲公司"
    )
    log_in(page, live_server, "finance")
    page.goto(f"{live_server.url}/donations/drives/{winter.pk}/disbursements/")
    page.get_by_role("link", name="申请专项调剂").click()
    page.get_by_label("调入募捐活动").select_option(label=f"{drive.title}({drive.fund.name})")
    page.get_by_label("金额(元)").fill("300")
    page.get_by_label("调剂理由").fill("冬衣已足额,余款用于饮水工程")
    snap(page, "money-transfer-form")
    page.get_by_role("button", name="保存").click()
    expect(page.locator(".messages")).to_contain_text("待办公室审批")
    transfer_page = page.url
    log_out(page)
    log_in(page, live_server, "city_officer")
    page.goto(transfer_page)
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="审批并调剂").click()
    expect(page.locator(".messages")).to_contain_text("已审批,款项已调剂")
    snap(page, "money-transfer-detail")
    log_out(page)
    page.goto(f"{live_server.url}/disclosure/drives/{drive.pk}/")
    expect(page.locator("#transfers + .table-wrap")).to_contain_text("冬衣已足额,余款用于饮水工程")
    expect(page.locator("#reconcile")).to_contain_text("调入 300.00 = 余额 300.00 元")

    page.get_by_role("link", name="反映问题").click()
    page.get_by_label("反映的问题").fill("调剂是否经过公示?")
    page.get_by_role("button", name="提交").click()
    expect(page.locator("main")).to_contain_text("已收到")
    raiser_page = page.url
    log_in(page, live_server, "jijian")
    page.goto(f"{live_server.url}/donations/concerns/")
    page.get_by_role("link", name="调剂是否经过公示?").click()
    page.get_by_role("button", name="开始核查").click()
    page.get_by_label("答复").fill("调剂已在两个活动的公示页列出,并写明理由。")
    snap(page, "money-concern-answer")
    page.get_by_role("button", name="答复").click()
    expect(page.locator(".messages")).to_contain_text("已答复")
    log_out(page)
    page.goto(raiser_page)
    expect(page.locator("main")).to_contain_text("调剂已在两个活动的公示页列出")
    snap(page, "money-concern-status")
