"""The notice import page: a notice in, a draft beside its highlighted source, a draft campaign out."""

import io
import zipfile
from datetime import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from fupin.campaigns.deadlines import SHANGHAI
from fupin.campaigns.models import Campaign

NOTICE = """清河市教育局关于开展2026年扶贫日活动的通知
一、活动主题
同心助学,共建家园。
二、活动内容
(一)开展一次资助政策宣传。各校集中宣传资助政策。(牵头单位:市教育局扶贫办;责任单位:东阳县教育局、西川县教育局)
(二)开展一次入户走访。教师走访结对家庭。(东阳县教育局承办)
三、工作要求
请于10月18日下午三点前将活动总结和4张以上照片(像素不低于3M)报市教育局扶贫办(联系人:王芳,电话:0551-1234567)。
"""


def draft_data(client, text=NOTICE):
    page = client.post(reverse("notice_import"), {"text": text})
    assert page.status_code == 200
    form = page.context["form"]
    data = {name: form.initial.get(name, "") for name in form.fields}
    data["unit"] = form.fields["unit"].queryset.first().pk
    return data


@pytest.fixture
def officer_client(client, city_officer):
    client.force_login(city_officer)
    return client


def test_the_draft_is_shown_beside_the_source_with_what_was_read_marked(officer_client):
    page = officer_client.post(reverse("notice_import"), {"text": NOTICE})
    body = page.content.decode()
    assert "<mark>(一)开展一次资助政策宣传</mark>" in body
    assert "<mark>10月18日下午三点前</mark>" in body
    assert "2026年10月18日(周日)15:00" in body and "<td>截止时间</td>" in body
    assert "2026-10-18T15:00:00" not in body and "<td>deadline</td>" not in body
    assert "开展一次资助政策宣传 | 市教育局扶贫办 | 东阳县教育局、西川县教育局" in body


def test_the_checked_draft_becomes_a_draft_campaign_with_items_requirements_and_contacts(officer_client, tree):
    response = officer_client.post(reverse("notice_draft"), draft_data(officer_client))
    campaign = Campaign.objects.get()
    assert response.url == reverse("campaign_detail", args=[campaign.pk])
    assert (campaign.title, campaign.year, campaign.theme) == (
        "清河市教育局关于开展2026年扶贫日活动的通知",
        2026,
        "同心助学,共建家园",
    )
    first, second = campaign.items.order_by("number")
    assert (first.kind, second.kind) == ("student_aid", "pairing_visit")
    assert list(first.lead_units.values_list("name", flat=True)) == ["市教育局扶贫办"]
    assert set(first.responsible_units.values_list("name", flat=True)) == {"东阳县教育局", "西川县教育局"}
    requirement = campaign.requirements.get()
    assert requirement.due_at == datetime(2026, 10, 18, 15, tzinfo=SHANGHAI)
    assert (requirement.kind, requirement.photo_min_count, float(requirement.photo_min_megapixels)) == ("summary", 4, 3)
    assert campaign.contacts.get().name == "王芳"


MASKED = """20__年10月17日是我国第__个“扶贫日”。根据__市通知,现安排如下。
二、扎实开展好各项活动
(一)开展集中宣传活动。各校开展宣传。
(二)开展国情教育活动。各班召开主题班会。
三、工作要求
各校于10月19日前报送活动总结。
"""


def test_a_masked_notice_keeps_its_blanks_shows_them_to_fill_and_guesses_no_year(officer_client):
    page = officer_client.post(reverse("notice_import"), {"text": "自2014年起,每年10月17日为扶贫日。\n" + MASKED})
    body = page.content.decode()
    form = page.context["form"]
    assert (form.initial["title"], form.initial["year"]) == ("", "")
    assert form.initial["items"] == "开展集中宣传活动\n开展国情教育活动"
    assert "通知中有模板留空,没有代为填写" in body and "<mark>20__年</mark>" in body
    assert "20__年10月17日是我国第__个“扶贫日”" in body
    assert "通知未写明年份,填写年份后按该年计算" in body and "未能确定" not in body


COLLECTION = (
    "关于扶贫日活动方案汇编\n\n关于扶贫日活动方案 篇1\n\n"
    + MASKED
    + "\n关于扶贫日活动方案 篇2\n\n2025年10月17日是第十二个扶贫日。\n一、活动主题\n携手同行\n二、活动内容\n"
    "(一)开展走访慰问。干部走访结对户。\n三、工作要求\n于10月20日前报送总结。\n"
)


def test_a_collection_of_notices_offers_each_one_and_imports_the_chosen_one_alone(officer_client):
    page = officer_client.post(reverse("notice_import"), {"text": COLLECTION})
    body = page.content.decode()
    assert "这份文件中有 2 篇通知" in body and "第2篇" in body
    assert "form" in page.context and "items" not in page.context["form"].fields
    chosen = officer_client.post(reverse("notice_import"), {"text": COLLECTION, "part": "2"})
    form = chosen.context["form"]
    assert (form.initial["year"], form.initial["theme"], form.initial["items"]) == (2025, "携手同行", "开展走访慰问")
    assert not Campaign.objects.exists()


def test_choosing_a_part_the_collection_does_not_have_is_refused_in_chinese(officer_client):
    page = officer_client.post(reverse("notice_import"), {"text": COLLECTION, "part": "3"})
    assert "通知中没有第3篇" in page.content.decode()
    assert not Campaign.objects.exists()


def test_a_draft_that_would_give_no_task_says_so_before_it_is_created(officer_client):
    body = officer_client.post(reverse("notice_import"), {"text": "一、活动内容\n(一)开展宣传。"}).content.decode()
    assert "按此草稿发布不会给任何单位生成任务" in body
    assert (
        "不会给任何单位生成任务" not in officer_client.post(reverse("notice_import"), {"text": NOTICE}).content.decode()
    )
    assert not Campaign.objects.exists()


def test_an_unresolved_deadline_names_its_row_and_creates_nothing(officer_client):
    data = draft_data(officer_client) | {"requirements": "10月18日前 | 活动方案\n25日前 | 活动总结"}
    page = officer_client.post(reverse("notice_draft"), data)
    assert page.status_code == 200
    assert "报送要求第2行" in page.content.decode()
    assert not Campaign.objects.exists()


def test_a_draft_without_items_creates_nothing(officer_client):
    page = officer_client.post(reverse("notice_draft"), draft_data(officer_client) | {"items": ""})
    assert page.status_code == 200
    assert not Campaign.objects.exists()


def test_a_notice_without_numbered_headings_is_refused_in_chinese(officer_client):
    page = officer_client.post(reverse("notice_import"), {"text": "今年扶贫日请大家积极参加。"})
    assert "没有在通知中找到编号的标题" in page.content.decode()


def _zip(entries):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("notice.docx", _zip({"hello.txt": b"hi"}), "不是 PDF、Word"),
        ("notice.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "加密的 Word"),
        ("notice.docx", b"PK" + b"\x00" * (21 * 1024 * 1024), "超过 20 MB"),
        ("notice.txt", b"\xff\xfe\xfa" * 50, "不是 UTF-8 或 GBK"),
    ],
)
def test_bad_files_get_a_chinese_message_and_nothing_is_created(officer_client, name, data, message):
    page = officer_client.post(reverse("notice_import"), {"file": SimpleUploadedFile(name, data)})
    assert message in page.content.decode()
    assert not Campaign.objects.exists()


def test_a_gbk_text_file_is_read(officer_client):
    upload = SimpleUploadedFile("notice.txt", NOTICE.encode("gbk"))
    page = officer_client.post(reverse("notice_import"), {"file": upload})
    assert "开展一次入户走访" in page.content.decode()


@pytest.mark.parametrize("page", ["notice_import", "notice_draft"])
def test_a_user_who_cannot_issue_campaigns_gets_404(client, school_reporter, page):
    client.force_login(school_reporter)
    assert client.post(reverse(page), {"text": NOTICE}).status_code == 404


def test_an_officer_cannot_issue_for_another_unit(client, outsider, tree):
    client.force_login(outsider)
    data = draft_data(client) | {"unit": tree.city.pk}
    page = client.post(reverse("notice_draft"), data)
    assert page.status_code == 200
    assert not Campaign.objects.exists()
