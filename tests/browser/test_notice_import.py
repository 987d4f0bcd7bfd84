"""Importing a notice in a browser: a PDF of a notice goes in, the draft stands beside its highlighted source with
the units it names matched to the office's tree, and the checked draft becomes a draft campaign; a scanned PDF
is refused in Chinese."""

import html
import io

import pytest
from playwright.sync_api import Page, expect

from fupin.campaigns.models import Campaign

from .test_pages import log_in, snap, url

NOTICE = """清河市教育局关于开展2026年扶贫日活动的通知
各县教育局,市直各学校:
一、活动主题
同心助学,共建家园。
二、活动内容
(一)开展一次资助政策宣传。各校集中宣传资助政策,利用家长会、校园广播、宣传栏等阵地讲清资助申请的渠道和办理的流程。(牵头单位:市扶贫办;责任单位:东阳县教育局、县乡村振兴局)
(二)开展一次入户走访。教师走访结对家庭。(东阳县教育局承办)
三、工作要求
请于10月18日下午三点前将活动总结和4张以上照片(像素不低于3M)报市扶贫办;10月20日前将活动方案发送至县乡村振兴局邮箱xczx@163.com。
联系人:王芳,电话:0551-1234567
清河市教育局
2026年9月28日"""


def notice_pdf(text: str) -> bytes:
    import weasyprint

    body = "".join(f"<p>{html.escape(line)}</p>" for line in text.split("\n"))
    css = "@page{size:A4;margin:2.5cm;@bottom-center{content:'— ' counter(page) ' —'}}body{font-size:16pt}p{margin:0}"
    return weasyprint.HTML(string=f"<html><head><style>{css}</style></head><body>{body}</body></html>").write_pdf()


def blank_pdf() -> bytes:
    import pypdf

    writer = pypdf.PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.mark.browser
def test_the_office_imports_a_pdf_notice_and_creates_the_draft_campaign(live_server, page: Page, tree, city_officer):
    log_in(page, live_server, "city_officer")
    page.goto(url(live_server, "/notices/import/"))
    page.get_by_label("或上传通知").set_input_files(
        files=[{"name": "通知.pdf", "mimeType": "application/pdf", "buffer": notice_pdf(NOTICE)}]
    )
    page.get_by_role("button", name="读取通知").click()
    expect(page.locator(".notice-source mark").first).to_be_visible()
    expect(page.locator(".notice-source")).to_contain_text("利用家长会、校园广播、宣传栏等阵地")  # lines joined
    expect(page.locator(".unit-matches")).to_contain_text("✓ 市教育局扶贫办")
    expect(page.locator(".unit-matches")).to_contain_text("未匹配")
    expected_requirements = (
        "10月18日15:00前 | 活动总结、照片4张以上(像素不低于3M) | 市扶贫办\n10月20日前 | 活动方案 | 县乡村振兴局"
    )
    expect(page.get_by_label("报送要求")).to_have_value(expected_requirements)
    snap(page, "notice-draft-from-pdf")
    page.get_by_role("button", name="生成活动草稿").click()
    expect(page.locator(".messages")).to_contain_text("已根据通知创建活动草稿")
    campaign = Campaign.objects.get()
    assert campaign.requirements.order_by("due_at").first().recipient.name == "市教育局扶贫办"


@pytest.mark.browser
def test_a_scanned_pdf_is_refused_in_chinese(live_server, page: Page, tree, city_officer):
    log_in(page, live_server, "city_officer")
    page.goto(url(live_server, "/notices/import/"))
    page.get_by_label("或上传通知").set_input_files(
        files=[{"name": "扫描件.pdf", "mimeType": "application/pdf", "buffer": blank_pdf()}]
    )
    page.get_by_role("button", name="读取通知").click()
    expect(page.locator("main")).to_contain_text("这是扫描件,没有可识别的文字,请粘贴文字或上传 Word 文件")
    assert not Campaign.objects.exists()


COLLECTION = """关于扶贫日活动方案汇编

关于扶贫日活动方案 篇1

20__年10月17日是我国第__个“扶贫日”。根据__市通知要求,现将有关事项安排如下。
一、活动内容
(一)开展集中宣传活动。各校利用宣传栏集中宣传资助政策。(东阳县教育局承办)
(二)开展结对帮扶活动。每名教师结对帮扶困难学生不少于1名。
二、工作要求
各校于10月12前报送活动方案,10月19日下午三点前报送活动总结。

关于扶贫日活动方案 篇2

2025年10月17日是第十二个扶贫日。
一、活动主题
携手同行
二、活动内容
(一)开展走访慰问。干部走访结对户。
"""


@pytest.mark.browser
def test_the_office_picks_one_notice_of_a_collection_and_fills_the_blanks_itself(
    live_server, page: Page, tree, city_officer
):
    log_in(page, live_server, "city_officer")
    page.goto(url(live_server, "/notices/import/"))
    page.get_by_label("粘贴通知全文").fill(COLLECTION)
    page.get_by_role("button", name="读取通知").click()
    expect(page.locator(".notice-parts")).to_contain_text("这份文件中有 2 篇通知")
    snap(page, "notice-collection-choice")
    page.get_by_label("第1篇").check()
    page.get_by_role("button", name="读取所选的一篇").click()
    expect(page.locator(".notice-blanks")).to_contain_text("20__年")
    expect(page.locator(".notice-source")).to_contain_text("20__年10月17日是我国第__个")
    expect(page.get_by_label("年份")).to_have_value("")
    expect(page.locator("table").first).to_contain_text("通知写作「10月12」,已按10月12日读取,请核对")
    snap(page, "notice-draft-masked")
    page.get_by_label("标题").fill("东阳县2026年扶贫日活动安排")
    page.get_by_label("年份").fill("2026")
    page.get_by_role("button", name="生成活动草稿").click()
    expect(page.locator(".messages")).to_contain_text("已根据通知创建活动草稿")
    campaign = Campaign.objects.get()
    assert (campaign.title, campaign.year, campaign.items.count()) == ("东阳县2026年扶贫日活动安排", 2026, 2)
