"""PDF notices (text layer read, line breaks and page furniture undone, bad PDFs refused) and the units a
notice names matched to the officer's tree."""

import html
import io
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from fupin.campaigns.models import Campaign
from fupin.documents.notice.files import notice_text
from fupin.documents.notice.measure import facts
from fupin.documents.notice.pdf import join_lines, page_lines, pdf_text
from fupin.documents.notice.reader import read_notice
from fupin.documents.notice.unit_match import match_unit
from fupin.lib.uploads import UploadError
from fupin.orgs.models import Unit

SAMPLES = Path(__file__).parent / "notices"
PDF_SAMPLES = ["09_county_pdf_furniture", "12_city_twice_numbered", "07_handwritten_city", "01_county_pdf_broken"]


def render_pdf(text: str, *, header: str = "", paragraph: str = "margin:0;text-indent:2em") -> bytes:
    """The notice laid out on A4 as an office would print it: page numbers 「— N —」, a running head."""
    import weasyprint

    body = "".join(f"<p>{html.escape(line)}</p>" for line in text.split("\n"))
    head = f"@top-center{{content:'{header}'}}" if header else ""
    css = (
        f"@page{{size:A4;margin:2.5cm;{head}@bottom-center{{content:'— ' counter(page) ' —'}}}}"
        "body{font-family:'Noto Serif CJK SC','Noto Sans CJK SC',serif;font-size:16pt}p{" + paragraph + "}"
    )
    return weasyprint.HTML(string=f"<html><head><style>{css}</style></head><body>{body}</body></html>").write_pdf()


@pytest.fixture(scope="module")
def rendered():
    return {stem: render_pdf((SAMPLES / f"{stem}.txt").read_text(encoding="utf-8"), header="扶贫日活动文件汇编")
            for stem in PDF_SAMPLES}  # fmt: skip


@pytest.mark.parametrize("stem", PDF_SAMPLES)
def test_a_pdf_reads_as_its_text_does(rendered, stem):
    as_text = facts(read_notice((SAMPLES / f"{stem}.txt").read_text(encoding="utf-8")))
    as_pdf = facts(read_notice(notice_text(f"{stem}.pdf", rendered[stem])))
    differing = {name for name in as_text if as_text[name] != as_pdf[name]}
    assert not differing, {name: (as_text[name] ^ as_pdf[name]) for name in differing}


@pytest.mark.parametrize(
    ("stem", "paragraph"),
    [("dev/d02_one_long_line", "margin:0"), ("12_city_twice_numbered", "margin:0 0 0.8em 0")],
    ids=["one_line_paste", "paragraphs_set_apart"],
)
def test_a_pdf_without_indents_reads_as_its_text_does(stem, paragraph):
    text = (SAMPLES / f"{stem}.txt").read_text(encoding="utf-8")
    as_text = facts(read_notice(text))
    as_pdf = facts(read_notice(notice_text("notice.pdf", render_pdf(text, paragraph=paragraph))))
    differing = {name for name in as_text if as_text[name] != as_pdf[name]}
    assert not differing, {name: (as_text[name] ^ as_pdf[name]) for name in differing}


def test_a_quote_drawn_after_the_rest_of_its_line_is_read_where_it_is_printed():
    # LibreOffice draws 「“」「”」 in a Latin font after the Chinese; a glyph: (char, left, bottom, right, top)
    line = [(char, 10.0 * i, 700.0, 10.0 * i + 10, 711.0) for i, char in enumerate("以 扶贫日 为主题") if char != " "]
    quotes = [("“", 10.0, 700.5, 20.0, 711.0), ("”", 50.0, 700.5, 60.0, 711.0)]
    below = [(char, 10.0 * i, 686.0, 10.0 * i + 10, 697.0) for i, char in enumerate("召开班会")]
    assert page_lines(below + line + quotes) == [("以“扶贫日”为主题", 0.0), ("召开班会", 14.0 / 11.0)]


def test_pdfs_uploaded_at_the_same_time_each_read_as_alone(rendered):
    alone = {stem: pdf_text("notice.pdf", data) for stem, data in rendered.items()}
    with ThreadPoolExecutor(max_workers=4) as pool:
        together = list(pool.map(lambda stem: (stem, pdf_text("notice.pdf", rendered[stem])), [*rendered] * 3))
    assert all(text == alone[stem] for stem, text in together)


def test_pdf_lines_broken_at_the_margin_are_joined_and_furniture_dropped(rendered):
    text = pdf_text("notice.pdf", rendered["12_city_twice_numbered"])
    assert "— 1 —" not in text and "— 2 —" not in text
    assert text.count("扶贫日活动文件汇编") <= 1
    assert "(三)组织开展教师结对帮扶活动。全市每名党员教师结对帮扶至少1名困难学生,全市结对总数达到3000名。" in text
    assert "有关工作的通知\n各县(市、区)教育局,市直各学校:" in text  # a title keeps its own line


def test_a_break_after_a_clause_end_or_before_a_heading_stays():
    full = "各校要高度重视扶贫日活动的组织工作认真制定方案明确分工落实责任确保"
    assert join_lines([full, "活动取得实效。", "二、工作要求"]) == [full + "活动取得实效。", "二、工作要求"]
    assert join_lines([full + "。", "照片须配文字说明。"]) == [full + "。", "照片须配文字说明。"]
    assert join_lines([full, "(一)加强领导"]) == [full, "(一)加强领导"]
    assert join_lines(["一、", "活动主题"]) == ["一、", "活动主题"]
    assert join_lines([full + "、", "照片须配文字说明。"]) == [full + "、照片须配文字说明。"]  # a list going on
    assert join_lines([full, "东阳县教育局"]) == [full, "东阳县教育局"]  # a signature stands alone


def _encrypted(pdf: bytes) -> bytes:
    import pypdf

    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(pdf)))
    writer.encrypt(user_password="secret", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _scanned() -> bytes:
    import pypdf

    writer = pypdf.PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda pdf: _encrypted(pdf), "设有密码"),
        (lambda pdf: _scanned(), "这是扫描件,没有可识别的文字,请粘贴文字或上传 Word 文件"),
        (lambda pdf: pdf[: len(pdf) // 3], "已损坏"),
        (lambda pdf: b"%PDF-1.7\n" + b"0" * (10 * 1024 * 1024 + 1), "超过 10 MB"),
    ],
    ids=["encrypted", "scanned", "broken", "too_large"],
)
def test_a_pdf_that_cannot_be_read_is_refused_in_chinese(rendered, make, message):
    with pytest.raises(UploadError, match=message):
        pdf_text("notice.pdf", make(rendered["07_handwritten_city"]))


@pytest.fixture
def officer_client(client, city_officer):
    client.force_login(city_officer)
    return client


def test_a_pdf_upload_becomes_a_draft_beside_its_source(officer_client, rendered):
    upload = SimpleUploadedFile("notice.pdf", rendered["07_handwritten_city"], content_type="application/pdf")
    page = officer_client.post(reverse("notice_import"), {"file": upload})
    assert page.status_code == 200
    assert "<mark>(一)“情暖校园”慰问活动</mark>" in page.content.decode()


def test_a_scanned_pdf_upload_is_refused_and_creates_nothing(officer_client):
    upload = SimpleUploadedFile("scan.pdf", _scanned(), content_type="application/pdf")
    page = officer_client.post(reverse("notice_import"), {"file": upload})
    assert "这是扫描件,没有可识别的文字,请粘贴文字或上传 Word 文件" in page.content.decode()
    assert not Campaign.objects.exists()


def test_the_parse_command_reads_a_pdf(rendered, tmp_path, capsys):
    path = tmp_path / "notice.pdf"
    path.write_bytes(rendered["09_county_pdf_furniture"])
    call_command("notice", "parse", str(path), "--json")
    assert "东岭县教育局关于开展2026年“扶贫日”系列活动的通知" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("mention", "expected"),
    [
        ("市教育局扶贫办", "市教育局扶贫办"),
        ("市扶贫办", "市教育局扶贫办"),
        ("扶贫办", "市教育局扶贫办"),
        ("市教育局", "清河市教育局"),
        ("东阳县教育局", "东阳县教育局"),
        ("县教育局", None),  # two counties answer: the officer picks
        ("县扶贫办", None),  # no 县 unit of that name
        ("各学校", None),
    ],
)
def test_a_named_unit_matches_the_one_unit_of_the_tree_it_means(tree, mention, expected):
    units = list(Unit.objects.filter(path__startswith=tree.city.path))
    found = match_unit(mention, units)
    assert (found.name if found else None) == expected


NOTICE = """清河市教育局关于开展2026年扶贫日活动的通知
各县教育局:
一、活动内容
(一)开展一次资助政策宣传。各校集中宣传资助政策。(牵头单位:市扶贫办;责任单位:东阳县教育局、县乡村振兴局)
二、工作要求
请于10月18日下午三点前将活动总结报市扶贫办;10月20日前将活动方案发送至县乡村振兴局邮箱xczx@163.com。
"""


def test_the_draft_shows_each_named_unit_matched_or_left_for_the_officer(officer_client, tree):
    body = officer_client.post(reverse("notice_import"), {"text": NOTICE}).content.decode()
    assert "✓ 市教育局扶贫办" in body
    assert "未匹配" in body and "县乡村振兴局" in body
    assert "10月18日15:00前 | 活动总结 | 市扶贫办" in body


def test_the_created_campaign_carries_matched_units_and_recipients(officer_client, tree):
    page = officer_client.post(reverse("notice_import"), {"text": NOTICE})
    form = page.context["form"]
    data = {name: form.initial.get(name, "") for name in form.fields} | {"unit": tree.city.pk}
    officer_client.post(reverse("notice_draft"), data)
    campaign = Campaign.objects.get()
    item = campaign.items.get()
    assert list(item.lead_units.values_list("name", flat=True)) == ["市教育局扶贫办"]
    assert list(item.responsible_units.values_list("name", flat=True)) == ["东阳县教育局"]
    summary, plan = campaign.requirements.order_by("due_at")
    assert summary.recipient.name == "市教育局扶贫办"
    assert plan.recipient == tree.city and "县乡村振兴局" in plan.description


def test_a_task_table_printed_in_a_pdf_reads_as_its_rows():
    import weasyprint

    rows = [
        ["序号", "工作任务", "牵头单位", "配合单位", "完成时间"],
        ["1", "召开推进会", "县扶贫办", "县委办、县政府办", "10月14日"],
        ["2", "制作公益广告", "县委宣传部", "县广播电视台", "10月17日前"],
    ]
    cells = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows)
    css = "body{font-family:'Noto Sans CJK SC';font-size:12pt}td{padding:0 1em}"
    body = f"<p>某县扶贫日活动任务分工表</p><table>{cells}</table>"
    page = f"<html><head><style>{css}</style></head><body>{body}</body></html>"
    items = read_notice(notice_text("table.pdf", weasyprint.HTML(string=page).write_pdf()))["items"]
    assert [(i["number"], i["title"], i["lead_units"], i["responsible_units"]) for i in items] == [
        ("1", "召开推进会", ["县扶贫办"], ["县委办", "县政府办"]),
        ("2", "制作公益广告", ["县委宣传部"], ["县广播电视台"]),
    ]


@pytest.mark.parametrize("degrees", [90, 180, 270])
def test_a_page_whose_text_runs_turned_reads_as_its_text_does(degrees):
    import weasyprint

    text = (SAMPLES / "dev/d10_county_hosts_and_helpers.txt").read_text(encoding="utf-8")
    body = "".join(f"<p>{html.escape(line)}</p>" for line in text.split("\n"))
    css = (
        "@page{size:A4;margin:1cm}body{font-family:'Noto Sans CJK SC';font-size:11pt}"
        f"div{{width:24cm;transform-origin:center;transform:rotate({degrees}deg);margin-top:6cm}}p{{margin:0}}"
    )
    page = f"<html><head><style>{css}</style></head><body><div>{body}</div></body></html>"
    as_pdf = facts(read_notice(notice_text("turned.pdf", weasyprint.HTML(string=page).write_pdf())))
    as_text = facts(read_notice(text))
    differing = {name for name in as_text if as_text[name] != as_pdf[name]}
    assert not differing, {name: (as_text[name] ^ as_pdf[name]) for name in differing}
