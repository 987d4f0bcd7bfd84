"""A notice file in any encoding a Chinese office saves is detected and read, or refused naming the encoding
problem, never decoded into garbage and parsed; an oversized paste is a Chinese message, never a bare 400."""

import codecs

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from fupin.campaigns.models import Campaign
from fupin.documents.notice.files import decode_text, notice_text
from fupin.lib.uploads import UploadError

NOTICE = """清河市教育局关于开展2026年扶贫日活动的通知
一、活动主题
同心助学,共建家园。
二、活动内容
(一)开展一次资助政策宣传。各校集中宣传资助政策。(牵头单位:市教育局扶贫办)
三、工作要求
请于10月18日下午三点前将活动总结报市教育局扶贫办。
"""
TRADITIONAL = """關於開展2026年扶貧日活動的通知
各縣教育局、各學校:
為深入貫徹落實國家扶貧日活動要求,經研究,決定開展以下活動。
一、活動時間 十月十七日前。
二、活動內容 (一)開展捐贈活動,自願參加,不得攤派。請各單位於十月十八日下午三點前報送活動方案。
"""


@pytest.mark.parametrize(
    ("data", "text"),
    [
        (NOTICE.encode("utf-8"), NOTICE),
        (codecs.BOM_UTF8 + NOTICE.encode("utf-8"), NOTICE),
        (NOTICE.encode("utf-16"), NOTICE),  # with its BOM, as Notepad saves 「Unicode」
        (NOTICE.encode("utf-16-le"), NOTICE),  # without one
        (NOTICE.encode("utf-16-be"), NOTICE),
        (NOTICE.encode("gb18030"), NOTICE),
        (TRADITIONAL.encode("big5"), TRADITIONAL),
    ],
)
def test_a_notice_file_is_read_in_the_encoding_it_was_saved_in(data, text):
    assert notice_text("通知.txt", data) == text


def test_a_file_in_no_chinese_encoding_is_refused_naming_the_problem():
    noise = bytes(range(128, 256)) * 8
    with pytest.raises(UploadError) as refused:
        decode_text("通知.txt", noise)
    assert str(refused.value).startswith("「通知.txt」")
    assert "编码" in str(refused.value) and "请另存为 UTF-8 后再上传" in str(refused.value)


def test_a_western_encoding_is_refused_by_name_rather_than_read_as_garbage():
    latin = ("Pauvreté, réussite, élève, année scolaire, éducation nationale. " * 20).encode("cp1252")
    with pytest.raises(UploadError) as refused:
        decode_text("通知.txt", latin)
    message = str(refused.value)
    assert message.startswith("「通知.txt」看来是 ") and "编码,不是中文文本的编码,按它读出的会是乱码" in message


def test_a_utf16_notice_uploaded_on_the_import_page_becomes_a_draft(client, city_officer):
    client.force_login(city_officer)
    upload = SimpleUploadedFile("通知.txt", NOTICE.encode("utf-16"))
    page = client.post(reverse("notice_import"), {"file": upload})
    assert page.status_code == 200 and "<mark>(一)开展一次资助政策宣传</mark>" in page.content.decode()


def test_a_paste_over_the_field_limit_is_a_chinese_message_on_the_field(client, city_officer):
    client.force_login(city_officer)
    page = client.post(reverse("notice_import"), {"text": "字" * 200_001})
    assert page.status_code == 200
    assert page.context["form"].errors["text"] == [
        "粘贴的内容过长:最多 200000 字,现有 200001 字;请只粘贴通知正文,或改为上传文件"
    ]
    assert "maxlength" not in page.content.decode().split('name="text"')[0][-300:]
    assert not Campaign.objects.exists()


def test_a_paste_over_the_request_cap_goes_back_to_the_page_with_a_chinese_message(client, city_officer):
    client.force_login(city_officer)
    page = client.post(reverse("notice_import"), {"text": "字" * (2 * 1024 * 1024)}, follow=True)
    assert page.redirect_chain == [(reverse("notice_import"), 302)]
    assert "提交的内容超过 5 MB 上限,未保存任何内容;请缩短粘贴的文字,或改为上传文件" in page.content.decode()
    assert not Campaign.objects.exists()
