"""Every donations list page exports to .xlsx with `?format=xlsx`: its own rows and filters, a title row naming
the list, its drive or units and filters, Chinese headers, money in 元 with two decimals, typed text never read
as a formula, and exactly the page's scope (another county's drive answers 404)."""

import uuid
from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from fupin.campaigns.tests.factories import campaign_with_requirements
from fupin.donations import nominations, openings, pledges, services
from fupin.lib.tests.exported import FORMULA, XLSX, assert_text_not_formula, column, table, workbook
from fupin.lib.uploads import check_photo
from fupin.orgs.tests.factories import make_user

from .factories import drive_for, proof
from .public_data import open_drive_today, pledge
from .staff_data import photo_upload, staffed_drive

pytestmark = pytest.mark.django_db

DRIVE = "扶贫日爱心募捐"


def sheet(response):
    return workbook(response).active


def money_cells(ws, header: str) -> list:
    _title, headers, _rows = table(ws)
    col = headers.index(header) + 1
    return [ws.cell(row, col) for row in range(3, ws.max_row + 1)]


@pytest.fixture
def staffed(tree):
    return staffed_drive(tree.county1, "dy", ends_on=date(2036, 10, 31))


def give(staffed, fen: int, **extra):
    fields = {"channel": "transfer", "amount_fen": fen, "donor_type": "individual", "donor_name": "王捐"} | extra
    return services.receive_donation(by=staffed.finance, drive=staffed.drive, **fields)


def test_the_drive_list_exports_the_drives_with_their_totals(tree, staffed, outsider, school_reporter, login):
    give(staffed, 12345)
    ws = sheet(login(staffed.office).get(reverse("drive_list"), XLSX))
    title, headers, rows = table(ws)
    assert title == "东阳县教育局 · 募捐活动"
    assert headers == ["募捐活动", "所属活动", "开始日期", "结束日期", "组织单位", "资金管理", "笔数", "金额(元)"]
    assert rows[0][:4] == [DRIVE, "2026年教育系统扶贫日活动实施方案", "2026-10-10", "2036-10-31"]
    (cell,) = money_cells(ws, "金额(元)")
    assert cell.value == 123.45 and cell.number_format == "#,##0.00"
    assert table(sheet(login(outsider).get(reverse("drive_list"), XLSX)))[2] == []  # another county's drive
    assert login(school_reporter).get(reverse("drive_list"), XLSX).status_code == 404


def test_the_drive_page_exports_every_donation_of_the_drive(tree, staffed, outsider, login):
    give(staffed, 5000, donor_name=FORMULA, unit=tree.school1)
    give(staffed, 700, donor_name="李匿", is_anonymous=True)
    other = drive_for(staffed.office, tree.county1)
    services.receive_donation(
        by=staffed.finance, drive=other, channel="transfer", amount_fen=1, donor_type="individual", donor_name="别处"
    )
    url = reverse("drive_detail", args=[staffed.drive.pk])
    ws = sheet(login(staffed.office).get(url, XLSX))
    title, headers, _rows = table(ws)
    assert title == f"{DRIVE} · 捐赠"
    assert headers == ["收到时间", "捐赠方", "捐赠方类型", "所在单位", "方式", "金额(元)", "物资"]
    assert sorted(column(ws, "捐赠方")) == sorted([FORMULA, "匿名(李匿)"])  # this drive's gifts only
    assert sorted(c.value for c in money_cells(ws, "金额(元)")) == [7, 50]
    assert sorted(column(ws, "所在单位"), key=str) == [None, tree.school1.name]  # an empty cell for none
    assert_text_not_formula(ws)
    assert login(outsider).get(url, XLSX).status_code == 404


def test_the_pledge_list_exports_the_status_shown(tree, staffed, outsider, login):
    drive = open_drive_today(staffed.office, tree.county1)  # pledges are taken only while a drive is open
    waiting = pledge(drive, donor_name=FORMULA, amount_fen=8800)
    received = pledge(drive, donor_name="已到账的人", idempotency_key=uuid.uuid4().hex)
    receipt = pledges.confirm_pledge(by=staffed.finance, pledge=received)
    client, url = login(staffed.finance), reverse("pledge_list", args=[drive.pk])
    ws = sheet(client.get(url, XLSX))
    title, headers, _rows = table(ws)
    assert title == "扶贫日爱心认捐 · 认捐到账确认 · 状态:待确认到账"
    assert headers[:5] == ["认捐编号", "认捐时间", "捐赠方", "捐赠方类型", "联系电话"]
    assert column(ws, "认捐编号") == [waiting.number] and column(ws, "联系电话") == ["13912341234"]
    assert money_cells(ws, "认捐金额(元)")[0].value == 88
    assert_text_not_formula(ws)
    ws = sheet(client.get(url, {"status": "received", **XLSX}))
    assert table(ws)[0].endswith("状态:已确认到账")
    assert column(ws, "捐赠方") == ["已到账的人"] and column(ws, "收据号") == [receipt.display_number]
    assert login(outsider).get(url, XLSX).status_code == 404


def test_the_concern_list_exports_the_concerns_of_the_users_subtree(tree, staffed, outsider, login):
    pledges.report_concern(drive=staffed.drive, text=FORMULA, contact="13800000000")
    supervisor = make_user("dy_jijian", tree.county1, "supervisor")
    ws = sheet(login(supervisor).get(reverse("concern_list"), XLSX))
    title, headers, rows = table(ws)
    assert title == "东阳县教育局 · 群众反映"
    assert headers == ["时间", "募捐活动", "资金管理", "反映的问题", "联系方式"]
    assert rows[0][1:] == [DRIVE, tree.county1.name, FORMULA, "13800000000"]
    assert_text_not_formula(ws)
    assert table(sheet(login(outsider).get(reverse("concern_list"), XLSX)))[2] == []


def test_the_box_list_exports_the_boxes_with_what_they_collected(tree, staffed, outsider, login):
    box = services.register_box(
        by=staffed.finance, drive=staffed.drive, place=FORMULA, seal_number="DY-001", kind="fixed"
    )
    counter = make_user("dy_teacher", tree.school1, "reporter", name="陈老师")
    opening = openings.record_box_opening(
        by=staffed.finance,
        box=box,
        amount_fen=88550,
        first_witness=staffed.finance,
        second_witness=counter,
        count_sheet=check_photo("清点单.jpg", photo_upload().getvalue()),
        opened_at=timezone.now() - timezone.timedelta(hours=1),
    )
    openings.confirm_box_opening(by=counter, opening=opening)
    url = reverse("box_list", args=[staffed.drive.pk])
    ws = sheet(login(staffed.office).get(url, XLSX))
    title, headers, _rows = table(ws)
    assert title == f"{DRIVE} · 募捐箱"
    assert headers == ["放置地点", "封条编号", "类型", "登记时间", "开箱次数", "累计(元)"]
    assert column(ws, "开箱次数") == [1] and money_cells(ws, "累计(元)")[0].value == 885.5
    assert_text_not_formula(ws)
    assert login(outsider).get(url, XLSX).status_code == 404

    url = reverse("box_detail", args=[box.pk])
    ws = sheet(login(staffed.office).get(url, XLSX))
    title, headers, _rows = table(ws)
    assert title == f"{DRIVE} · {FORMULA}(DY-001) · 开箱清点记录"
    assert headers == ["开箱时间", "第一清点人", "第二清点人", "金额(元)", "新封条编号"]
    assert column(ws, "第二清点人") == ["陈老师"] and money_cells(ws, "金额(元)")[0].value == 885.5
    assert ws.cell(1, 1).data_type == "s"  # the place someone typed stays text in the title too
    assert login(outsider).get(url, XLSX).status_code == 404


def test_the_disbursement_list_exports_requests_and_payments(tree, staffed, city_officer, outsider, login):
    give(staffed, 100000)
    paid = services.request_disbursement(
        by=staffed.finance, drive=staffed.drive, recipient=FORMULA, purpose="助学", amount_fen=30000
    )
    services.approve_and_pay(by=staffed.office, disbursement=paid, proof=proof(), is_redacted=True)
    services.request_disbursement(
        by=staffed.finance, drive=staffed.drive, recipient="乙村", purpose="取暖", amount_fen=2050
    )
    url = reverse("disbursement_list", args=[staffed.drive.pk])
    ws = sheet(login(staffed.office).get(url, XLSX))
    title, headers, _rows = table(ws)
    assert title == f"{DRIVE} · 拨付"
    assert headers == ["申请时间", "拨付对象", "用途", "金额(元)", "状态", "申请人", "审批人"]
    assert sorted(column(ws, "拨付对象")) == sorted([FORMULA, "乙村"])
    assert sorted(c.value for c in money_cells(ws, "金额(元)")) == [20.5, 300]
    assert "dy办公室" in column(ws, "审批人") and column(ws, "申请人") == ["dy财务", "dy财务"]
    assert_text_not_formula(ws)
    assert login(outsider).get(url, XLSX).status_code == 404


def test_the_goods_list_exports_the_goods_with_what_was_handed_out(tree, staffed, outsider, login):
    goods = services.record_goods(
        by=staffed.finance,
        drive=staffed.drive,
        donor_type="enterprise",
        donor_name="东阳服装厂",
        goods_description=FORMULA,
        goods_quantity=50,
        goods_unit="件",
        goods_value_fen=750000,
    )
    for recipient, quantity in ((FORMULA, 12), ("东阳某村", 8)):
        services.hand_out_goods(
            by=staffed.finance,
            donation=goods,
            recipient=recipient,
            purpose="冬季送温暖",
            quantity=quantity,
            handed_out_at=timezone.now(),
            proof=proof(),
        )
    url = reverse("goods_list", args=[staffed.drive.pk])
    ws = sheet(login(staffed.office).get(url, XLSX))
    title, headers, _rows = table(ws)
    assert title == f"{DRIVE} · 物资"
    assert headers[0] == "物资" and "估值(元)" in headers and "已发放" in headers
    assert column(ws, "数量") == [50] and column(ws, "已发放") == [20] and column(ws, "计量单位") == ["件"]
    assert money_cells(ws, "估值(元)")[0].value == 7500
    assert_text_not_formula(ws)
    assert login(outsider).get(url, XLSX).status_code == 404

    url = reverse("goods_detail", args=[goods.pk])
    ws = sheet(login(staffed.office).get(url, XLSX))
    title, headers, _rows = table(ws)
    assert title == f"{DRIVE} · {FORMULA} · 物资发放记录"
    assert headers == ["发放时间", "发放对象", "用途", "数量", "登记人"]
    assert sorted(column(ws, "数量")) == [8, 12] and column(ws, "登记人") == ["dy财务", "dy财务"]
    assert_text_not_formula(ws)
    assert login(outsider).get(url, XLSX).status_code == 404


def test_the_nomination_list_exports_the_countys_nominations(
    tree, county_officer, outsider, city_officer, school_reporter, login
):
    campaign = campaign_with_requirements(city_officer, tree.city)
    nominations.nominate_enterprise(by=county_officer, campaign=campaign, unit=tree.county1, enterprise=FORMULA)
    nominations.nominate_enterprise(by=outsider, campaign=campaign, unit=tree.county2, enterprise="西川食品有限公司")
    ws = sheet(login(county_officer).get(reverse("nomination_list"), XLSX))
    title, headers, _rows = table(ws)
    assert title == "东阳县教育局 · 推荐企业参加现场捐赠"
    assert headers[:3] == ["企业名称", "活动", "推荐单位"]
    assert column(ws, "企业名称") == [FORMULA]  # a county sees its own, as on the page
    assert_text_not_formula(ws)
    city = sheet(login(city_officer).get(reverse("nomination_list"), XLSX))
    assert sorted(column(city, "推荐单位")) == sorted([tree.county1.name, tree.county2.name])
    assert login(school_reporter).get(reverse("nomination_list"), XLSX).status_code == 404


def test_the_quota_review_exports_the_flags_and_their_clearances(tree, staffed, outsider, login):
    for n in range(12):
        give(staffed, 20000 if n < 9 else 10000 + n, channel="one_day_pay", donor_name=f"教师{n}", unit=tree.school1)
    services.clear_quota_flag(by=staffed.office, drive=staffed.drive, unit=tree.school1, reason=FORMULA)
    url = reverse("quota_review", args=[staffed.drive.pk])
    ws = sheet(login(staffed.office).get(url, XLSX))
    title, headers, rows = table(ws)
    assert title == f"{DRIVE} · 疑似摊派核查"
    assert headers[:5] == ["单位", "捐款人数", "金额相同人数", "相同金额(元)", "核查状态"]
    assert rows[0][:3] == [tree.school1.name, 12, 9] and money_cells(ws, "相同金额(元)")[0].value == 200
    assert column(ws, "核查状态") == ["已解除"] and column(ws, "核查人") == ["dy办公室"]
    assert_text_not_formula(ws)
    assert login(outsider).get(url, XLSX).status_code == 404


def test_each_donations_list_page_links_to_its_export(tree, staffed, login):
    client = login(staffed.office)
    pk = staffed.drive.pk
    box = services.register_box(by=staffed.finance, drive=staffed.drive, place="校门口", seal_number="1", kind="fixed")
    goods = services.record_goods(
        by=staffed.finance,
        drive=staffed.drive,
        donor_type="enterprise",
        donor_name="某厂",
        goods_description="棉被",
        goods_quantity=5,
        goods_value_fen=50000,
    )
    pages = [
        reverse("drive_list"),
        reverse("drive_detail", args=[pk]),
        reverse("box_list", args=[pk]),
        reverse("disbursement_list", args=[pk]),
        reverse("goods_list", args=[pk]),
        reverse("box_detail", args=[box.pk]),
        reverse("goods_detail", args=[goods.pk]),
        reverse("quota_review", args=[pk]),
        reverse("nomination_list"),
    ]
    for url in pages:
        assert 'href="?format=xlsx"' in client.get(url).content.decode(), url
    page = login(staffed.finance).get(reverse("pledge_list", args=[pk]), {"status": "received"}).content.decode()
    assert 'href="?status=received&amp;format=xlsx"' in page
