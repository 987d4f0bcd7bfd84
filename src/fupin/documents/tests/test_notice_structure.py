"""The notice reader finds the structure of a notice: text, title, year, headings, units, theme, slogan."""

from fupin.documents.notice import read_notice
from fupin.documents.notice.text import normalise


def numbered(text):
    return [(i["number"], i["title"], i["level"]) for i in read_notice(text)["items"]]


def test_full_width_punctuation_and_invisible_characters_are_normalised():
    assert normalise("（一）活动主题：\u200b扶贫济困，你我同行。") == "(一)活动主题:扶贫济困,你我同行。"


def test_lines_a_pdf_broke_inside_a_word_are_joined_and_page_numbers_dropped():
    text = "各校要组织班主任对建档立卡学生开展一次全覆盖的入户家访，了解家\n庭困难。\n\n— 3 —\n\n二、工作要求"
    assert normalise(text).split("\n") == [
        "各校要组织班主任对建档立卡学生开展一次全覆盖的入户家访,了解家庭困难。",
        "",
        "",
        "二、工作要求",
    ]


def test_a_broken_line_never_swallows_a_heading_or_a_signature_date():
    text = "请各单位高度重视本次活动并认真组织开展相关的工作\n(二)加强宣传\n联系人:张敏 电话:13900001111\n2025年10月9日"
    lines = normalise(text).split("\n")
    assert "(二)加强宣传" in lines and "2025年10月9日" in lines


def test_headings_at_every_level_are_listed_in_order_with_their_literal_numbers():
    text = "一、活动内容\n(一)开展宣传。内容。\n1.制作展板\n(1)设计\n(2)印制\n2、张贴海报\n二、工作要求"
    assert numbered(text) == [
        ("一、", "活动内容", 1),
        ("(一)", "开展宣传", 2),
        ("1.", "制作展板", 3),
        ("(1)", "设计", 4),
        ("(2)", "印制", 4),
        ("2、", "张贴海报", 3),
        ("二、", "工作要求", 1),
    ]


def test_each_item_knows_its_parent_by_position():
    items = read_notice("一、活动内容\n(一)开展宣传\n(二)开展募捐\n二、工作要求")["items"]
    assert [i["parent"] for i in items] == [None, 0, 0, None]


def test_a_heading_written_without_punctuation_is_a_sibling_of_its_numbered_neighbours():
    text = "四、工作要求\n一高度重视,精心组织。各单位要重视。\n二规范管理,确保实效。\n(三)加强宣传,认真总结。"
    assert numbered(text) == [
        ("四、", "工作要求", 1),
        ("一", "高度重视,精心组织", 2),
        ("二", "规范管理,确保实效", 2),
        ("(三)", "加强宣传,认真总结", 2),
    ]


def test_a_heading_numbered_twice_keeps_one_number():
    assert numbered("一、一、活动主题\n二、二、活动内容") == [("一、", "活动主题", 1), ("二、", "活动内容", 1)]


def test_sentences_that_start_with_a_numeral_are_not_headings():
    text = "一、活动内容\n一是加强宣传。\n一日捐活动由工会组织。\n3.5万元用于助学。\n十八届三中全会精神。"
    assert numbered(text) == [("一、", "活动内容", 1)]


def test_a_number_that_breaks_the_sequence_is_not_a_heading():
    assert numbered("一、活动内容\n(一)开展宣传\n(七)这不是标题") == [("一、", "活动内容", 1), ("(一)", "开展宣传", 2)]


def test_units_in_parentheses_are_lead_and_responsible_units():
    text = "三、活动内容\n(一)开展政策宣传。各校开展宣传。(牵头单位:市资助中心;责任单位:各直属学校,市职教集团)\n"
    item = read_notice(text)["items"][1]
    assert item["lead_units"] == ["市资助中心"]
    assert item["responsible_units"] == ["各直属学校", "市职教集团"]


def test_units_that_undertake_an_item_are_its_responsible_units():
    item = read_notice("三、活动内容\n(一)举办一次展览。在县城举办。(县扶贫办、团县委承办)")["items"][1]
    assert item["responsible_units"] == ["县扶贫办", "团县委"]


def test_a_unit_with_parentheses_in_its_name_stays_whole():
    item = read_notice("(一)慰问活动。走访。(牵头单位:市教育局工会;责任单位:各县(市、区)教育局)")["items"][0]
    assert item["responsible_units"] == ["各县(市、区)教育局"]


def test_a_落实单位_line_after_the_last_sub_item_names_the_units_of_their_item():
    text = "(一)国情教育\n1.上一堂课\n2.看一部片\n落实单位:各村小、教导处\n(二)结对帮扶\n1.走访家庭\n落实单位:总务处"
    items = {i["title"]: i["responsible_units"] for i in read_notice(text)["items"]}
    assert items["国情教育"] == ["各村小", "教导处"]
    assert items["上一堂课"] == items["看一部片"] == []
    assert items["走访家庭"] == ["总务处"]


def test_a_落实单位_line_closing_sub_items_belongs_to_their_item_not_to_each_sub_item():
    text = "(一)宣传\n1.办展板(团委承办)\n2.发传单\n3.开讲座\n落实单位:德育处"
    items = {i["title"]: i["responsible_units"] for i in read_notice(text)["items"]}
    assert items == {"宣传": ["德育处"], "办展板": ["团委"], "发传单": [], "开讲座": []}


def test_a_落实单位_line_between_sub_items_covers_the_run_before_it():
    text = "(一)宣传\n1.办展板\n2.发传单\n落实单位:德育处\n3.开讲座\n落实单位:团委\n(二)募捐"
    items = {i["title"]: i["responsible_units"] for i in read_notice(text)["items"]}
    assert items == {"宣传": [], "办展板": ["德育处"], "发传单": ["德育处"], "开讲座": ["团委"], "募捐": []}


def test_masked_blanks_stay_blanks_and_are_listed_for_the_officer():
    result = read_notice("关于2024年扶贫日活动的通知\n20__年10月17日是我国第__个“扶贫日”,也是第__个国际消除贫困日。")
    assert result["title"] == "关于2024年扶贫日活动的通知"
    assert result["year"] == 2024
    assert "20__年10月17日是我国第__个“扶贫日”,也是第__个国际消除贫困日" in result["text"]
    assert result["blanks"] == ["20__年", "第__个"]


def test_the_year_comes_from_the_edition_when_the_title_has_none():
    assert read_notice("全国扶贫日活动方案\n今年10月17日,是第二个全国“扶贫日”。")["year"] == 2015


def test_theme_is_read_under_its_heading_and_slogan_from_its_sentence():
    result = read_notice(
        "扶贫日活动方案\n一、活动主题\n精准帮扶,合力攻坚。\n二、活动内容\n以“10·17,邀您一起”为行动口号。"
    )
    assert result["theme"] == "精准帮扶,合力攻坚"
    assert result["slogan"] == "10·17,邀您一起"


def test_a_slogan_or_theme_on_a_line_of_its_own_ends_with_that_line():
    lines = [
        "关于开展扶贫日活动的通知",
        "一、活动主题:携手同行 共促振兴",
        "活动口号:人人皆愿为 人人皆可为",
        "二、主要活动",
        "1.开展宣传",
    ]
    result = read_notice("\n".join(lines))
    assert result["theme"] == "携手同行 共促振兴"
    assert result["slogan"] == "人人皆愿为 人人皆可为"


def test_a_notice_embedded_in_a_web_article_loses_the_page_around_it():
    text = (
        "当前位置:首页>通知公告\n发布时间:2024-09-30 来源:区教育局\n"
        "区教育局关于开展扶贫日活动的通知\n一、活动内容\n相关阅读\n一、别的文章"
    )
    result = read_notice(text)
    assert result["title"] == "区教育局关于开展扶贫日活动的通知"
    assert [i["title"] for i in result["items"]] == ["活动内容"]
