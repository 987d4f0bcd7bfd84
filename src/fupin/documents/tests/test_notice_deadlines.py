"""The notice reader finds deadlines, what is due by each and to whom, contacts and targets."""

import pytest

from fupin.documents.notice import read_notice


def deadlines(text):
    return [(d["kind"], d["month"], d["day"], d["time"]) for d in read_notice(text)["deadlines"]]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("请于10月18日下午三点前报送。", ("deadline", 10, 18, "15:00")),
        ("请于10月20日上午12点前报送。", ("deadline", 10, 20, "12:00")),
        ("于9月30日下午下班前发送至县扶贫办。", ("deadline", 9, 30, "end_of_workday")),
        ("各级团组织于10月底前报团县委。", ("deadline", 10, 31, None)),
        ("请于10月19日前报送。", ("deadline", 10, 19, None)),
        ("请各校于1015日下午5:00前报送。", ("deadline", 10, 15, "17:00")),
        ("十月二十日下午五时前报送。", ("deadline", 10, 20, "17:00")),
        ("作品请于下周五(10月20日)前交德育处。", ("relative", 10, 20, None)),
        ("请于今天下午5点前报送名单。", ("relative", None, None, "17:00")),
        ("今天下午四点请各单位确认联系人。", ("relative", None, None, "16:00")),
        ("明天上午请将名单报校办。", ("relative", None, None, None)),
        ("各处室要每月月底之前报送台账。", ("recurring", None, None, "end_of_month")),
        ("10月11日-24日期间,举办图片展。", ("period", 10, 11, None)),
        ("落实时间:10月17日", ("date", 10, 17, None)),
    ],
)
def test_deadline_phrases_have_a_kind_a_day_and_a_time(sentence, expected):
    assert deadlines(sentence) == [expected]


def test_a_day_word_that_only_narrates_is_no_deadline():
    assert deadlines("今天是第13个扶贫日,明天将举行捐赠仪式。") == []


def test_a_day_without_a_month_takes_the_month_named_before_it():
    assert deadlines("10月份开展活动。请于25日上午10:00前报送。") == [("deadline", 10, 25, "10:00")]


def test_a_day_without_any_month_takes_the_month_of_the_issue_date():
    text = "通知\n请于25日上午10:00前报送。\n区教育局\n2025年10月9日"
    assert deadlines(text) == [("deadline", 10, 25, "10:00")]


def test_a_day_with_no_month_anywhere_stays_unresolved_for_the_officer():
    found = read_notice("请于25日前报送。")["deadlines"][0]
    assert found["month"] is None
    assert found["resolved_at"] is None


def test_a_resolved_deadline_gives_the_exact_moment_in_shanghai_time():
    found = read_notice("2024年扶贫日活动通知\n请于10月18日下午三点前报送。")["deadlines"][0]
    assert found["resolved_at"] == "2024-10-18T15:00:00+08:00"


@pytest.mark.parametrize(
    "sentence",
    [
        "10月17日是我国第11个扶贫日。",
        "各校要在10月17日前后集中开展宣传。",
        "系列活动一般在10月底结束。",
        "市教育局\n2024年9月29日",
    ],
)
def test_dates_that_only_narrate_are_not_deadlines(sentence):
    assert deadlines(sentence) == []


def test_named_tables_plans_and_summaries_are_due_by_their_deadline():
    found = read_notice("请将活动方案、活动总结和《捐赠款物统计表》于10月19日前报市教育局扶贫办。")["deadlines"][0]
    assert [d["kind"] for d in found["deliverables"]] == ["stat_table", "plan", "summary"]
    assert found["deliverables"][0]["text"] == "《捐赠款物统计表》"
    assert found["recipient"] == "市教育局扶贫办"


def test_photo_rules_are_read_with_the_deadline():
    sentence = "于10月19日前报市教育局扶贫办,同时报送4张以上照片(像素不低于3M),所有图片须配文字说明。"
    photos = read_notice(sentence)["deadlines"][0]["deliverables"][0]
    assert (photos["kind"], photos["count"], photos["min_megapixels"], photos["caption_required"]) == (
        "photos",
        4,
        3.0,
        True,
    )


def test_a_range_of_photos_asks_for_at_least_its_lower_end():
    sentence = "于10月20日下午3:00前将活动开展情况及图片(3-5张,须配文字说明)报区教育局办公室。"
    deliverables = read_notice(sentence)["deadlines"][0]["deliverables"]
    photos = next(d for d in deliverables if d["kind"] == "photos")
    assert (photos["count"], photos["caption_required"]) == (3, True)


def test_paper_electronic_and_stamped_copies_are_deliverables():
    found = read_notice("总结材料纸质版盖章后于10月18日前报送资助中心,请一并报送电子版。")["deadlines"][0]
    kinds = [d["kind"] for d in found["deliverables"]]
    assert {"summary", "stamped_scan", "paper_copy", "electronic_copy"} <= set(kinds)


def test_two_deadlines_in_one_sentence_keep_their_own_deliverables():
    sentence = "请于10月20日下午三点前将《情况统计表》报资助中心;活动总结于10月底前报送。"
    first, second = read_notice(sentence)["deadlines"]
    assert [d["kind"] for d in first["deliverables"]] == ["stat_table"]
    assert [d["kind"] for d in second["deliverables"]] == ["summary"]


def test_contacts_are_read_on_their_own_lines_and_inside_parentheses():
    text = "发送至县扶贫办(联系人:徐安,电话:8095089、13500589834,邮箱:fp@126.com)。\n联系人:韩艺\n电话:18656188062"
    assert read_notice(text)["contacts"] == [
        {"name": "徐安", "phone": "8095089、13500589834", "email": "fp@126.com"},
        {"name": "韩艺", "phone": "18656188062", "email": None},
    ]


def test_people_named_on_one_contact_line_are_each_a_contact_with_their_own_phone():
    text = "联系人及电话:张伟 0551-2345678,刘洋 13912345678、0551-2345679。"
    assert read_notice(text)["contacts"] == [
        {"name": "张伟", "phone": "0551-2345678", "email": None},
        {"name": "刘洋", "phone": "13912345678、0551-2345679", "email": None},
    ]


def test_a_contact_left_blank_in_the_template_is_no_contact():
    assert read_notice("联系人:______;联系电话:________;邮箱:________。")["contacts"] == []


def test_quantitative_targets_have_a_quantity_and_a_unit():
    targets = read_notice("原则上全县资助人数300名以上,额度2000元/人,发放手册不少于2万份。")["targets"]
    assert [(t["text"], t["quantity"], t["unit"]) for t in targets] == [
        ("300名以上", 300, "名"),
        ("2000元/人", 2000, "元/人"),
        ("不少于2万份", 20000, "份"),
    ]


def test_dates_photo_counts_and_plain_numbers_are_not_targets():
    text = "请于10月19日前报送4张以上照片(不低于300万像素)。今年有300名学生。皖政办〔2015〕39号。"
    assert read_notice(text)["targets"] == []
