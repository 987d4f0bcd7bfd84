"""How notices are actually written: units in sentences, one-line pastes, glued numbers, targets, contacts."""

import pytest

from fupin.documents.notice import read_notice
from fupin.documents.notice.collection import split_notices


def units(text: str) -> dict[str, tuple[list[str], list[str]]]:
    return {i["title"]: (i["lead_units"], i["responsible_units"]) for i in read_notice(text)["items"]}


def test_units_named_in_a_sentence_lead_and_help():
    text = "(一)召开动员会。10月16日召开。\n此项工作由县扶贫办牵头,县委办、县政府办配合。"
    assert units(text) == {"召开动员会": (["县扶贫办"], ["县委办", "县政府办"])}


@pytest.mark.parametrize(
    ("sentence", "responsible"),
    [
        ("由县民政局承办。", ["县民政局"]),
        ("此项工作由县商务局会同县农业农村局、县供销社共同承办。", ["县商务局", "县农业农村局", "县供销社"]),
        ("具体由县委组织部负责组织。", ["县委组织部"]),
        ("由县商务局和县机关事务中心承办。", ["县商务局", "县机关事务中心"]),
    ],
)
def test_units_a_sentence_gives_the_work_to_are_responsible(sentence, responsible):
    assert units(f"(一)开展活动。组织开展。{sentence}") == {"开展活动": ([], responsible)}


def test_a_sentence_that_names_no_unit_assigns_nothing():
    assert units("(一)发放学习用品。由学校统一采购后发放。") == {"发放学习用品": ([], [])}


def test_a_bare_unit_list_in_parentheses_names_responsible_units_and_leaves_the_title():
    text = "(二)举办图片展。在市民广场举办。(市委宣传部、市扶贫办和市文旅局)"
    assert units(text) == {"举办图片展": ([], ["市委宣传部", "市扶贫办", "市文旅局"])}


def test_a_final_和_inside_a_units_name_does_not_split_it():
    text = "(一)消费扶贫。(县发展和改革委员会、市住房和城乡建设局)"
    assert units(text) == {"消费扶贫": ([], ["县发展和改革委员会", "市住房和城乡建设局"])}


def test_parentheses_that_are_no_unit_list_name_no_units():
    text = "(一)悬挂标语。各村(社区)悬挂标语(或电子字幕)。"
    assert units(text) == {"悬挂标语": ([], [])}


def test_以上工作_after_the_last_sub_item_names_the_units_of_their_item():
    text = "二、宣传内容\n(一)悬挂横幅。\n(二)发放明白卡。\n以上工作由各乡镇人民政府负责落实。\n三、报送要求"
    assert units(text)["宣传内容"] == ([], ["各乡镇人民政府"])
    assert units(text)["悬挂横幅"] == ([], [])


def test_a_notice_pasted_as_one_line_keeps_its_title_and_headings():
    text = (
        "关于开展2020年扶贫日活动的通知 各镇中心学校、县直各学校:根据县里安排,现通知如下。"
        "一、活动内容(一)开展一次主题班会。各班开展主题班会。(责任单位:各中小学)"
        "(二)开展一次家访活动。教师逐户家访。(责任单位:各中小学、幼儿园)"
        "二、工作要求 各学校于10月20日前报送活动总结。联系人:马丽,电话:13830012345。"
    )
    result = read_notice(text)
    assert result["title"] == "关于开展2020年扶贫日活动的通知"
    assert [(i["number"], i["title"], i["level"]) for i in result["items"]] == [
        ("一、", "活动内容", 1),
        ("(一)", "开展一次主题班会", 2),
        ("(二)", "开展一次家访活动", 2),
        ("二、", "工作要求", 1),
    ]
    assert result["contacts"] == [{"name": "马丽", "phone": "13830012345", "email": None}]


def test_an_item_number_glued_to_a_date_is_the_item_number():
    result = read_notice("二、活动内容\n1.10月15日前各班召开主题班会。\n2.10月18日至20日开展书信交流。\n3.开展认领。")
    assert [(i["number"], i["title"]) for i in result["items"][1:]] == [
        ("1.", "10月15日前各班召开主题班会"),
        ("2.", "10月18日至20日开展书信交流"),
        ("3.", "开展认领"),
    ]
    assert [(d["kind"], d["month"], d["day"]) for d in result["deadlines"]] == [
        ("deadline", 10, 15),
        ("period", 10, 18),
    ]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("各乡镇至少悬挂一幅宣传标语。", [(1, "幅")]),
        ("力争募集善款50万元以上。", [(500000, "元")]),
        ("发放宣传资料一万份以上。", [(10000, "份")]),
        ("每人至少认领1个项目。", [(1, "个")]),
        ("每班至少捐赠图书三十册。", [(30, "册")]),
        ("为每人发放慰问金2000元。", [(2000, "元/人")]),
        ("县人民医院、县中医院各组织4个医疗队。", [(4, "个")]),
        ("每月至少开展一次社区服务。", [(1, "次/月")]),
        ("慰问困难学生50名。", [(50, "名")]),
        ("慰问家庭困难学生共180人。", [(180, "人")]),
        ("将纸质版和电子版各一份报县教育局。", []),
        ("请于每周五下班前报送一次。", []),
        ("报送照片不少于5张。", []),
    ],
)
def test_targets_read_numerals_万_bounds_per_head_shares_frequencies_and_counts(sentence, expected):
    assert [(t["quantity"], t["unit"]) for t in read_notice(sentence)["targets"]] == expected


def test_a_bare_mailbox_is_a_contact():
    contacts = read_notice("请于10月22日前交德育处,电子版发送至邮箱cgexx2021@126.com。")["contacts"]
    assert contacts == [{"name": None, "phone": None, "email": "cgexx2021@126.com"}]


def test_a_person_with_phones_in_parentheses_after_the_recipient_is_a_contact():
    contacts = read_notice("报德育处(钱老师,手机13909876543、13512340000)汇总。")["contacts"]
    assert contacts == [{"name": "钱老师", "phone": "13909876543、13512340000", "email": None}]


def test_two_people_on_one_contact_line_are_two_contacts():
    contacts = read_notice("联系人:黄老师,18977001234;王老师,0771-2203456")["contacts"]
    assert contacts == [
        {"name": "黄老师", "phone": "18977001234", "email": None},
        {"name": "王老师", "phone": "0771-2203456", "email": None},
    ]


def test_a_month_end_deadline_is_the_months_last_day():
    deadline = read_notice("2025年扶贫日活动方案\n各单位于9月底前报送方案。")["deadlines"][0]
    assert (deadline["month"], deadline["day"], deadline["time"]) == (9, 30, None)
    assert deadline["resolved_at"] == "2025-10-01T00:00:00+08:00"  # the end of 30 September


@pytest.mark.parametrize(
    ("sentence", "day", "warning"),
    [
        ("各校10月12前上报活动方案。", 12, "通知写作「10月12」,已按10月12日读取,请核对"),
        ("活动总结于10日19日前报教导处。", 19, "通知写作「10日19日」,已按10月19日读取,请核对"),
    ],
)
def test_a_deadline_with_a_typo_is_read_with_a_warning(sentence, day, warning):
    deadline = read_notice(sentence)["deadlines"][0]
    assert (deadline["kind"], deadline["month"], deadline["day"]) == ("deadline", 10, day)
    assert deadline["warning"] == warning


def test_a_range_from_起_to_止_is_a_period():
    deadline = read_notice("自10月8日起至10月14日止,各校开展宣传。")["deadlines"][0]
    assert (deadline["kind"], deadline["month"], deadline["day"], deadline["end_day"]) == ("period", 10, 8, 14)


def test_a_clause_that_opens_with_the_units_gives_them_the_work():
    text = "(二)开展慰问。慰问困难学生。县教育局会同县乡村振兴局共同组织实施。\n(三)宣传月。各班班主任负责组织实施。"
    assert units(text) == {"开展慰问": ([], ["县教育局", "县乡村振兴局"]), "宣传月": ([], [])}


def test_a_unit_line_after_the_last_sub_item_is_its_own_when_every_other_sub_item_names_units():
    text = "二、活动内容\n1.宣传。由保教处负责。\n2.义卖。(后勤处、各班级)\n3.互访。\n落实单位:园办公室\n三、材料报送"
    assert units(text) == {
        "活动内容": ([], []),
        "宣传": ([], ["保教处"]),
        "义卖": ([], ["后勤处", "各班级"]),
        "互访": ([], ["园办公室"]),
        "材料报送": ([], []),
    }


def test_targets_counted_in_words_and_teams_are_read():
    targets = read_notice("总结字数不少于1500字;各年级各推荐代表队1支。")["targets"]
    assert [(t["quantity"], t["unit"]) for t in targets] == [(1500, "字"), (1, "支")]


def test_a_space_a_pdf_puts_after_a_number_is_closed():
    result = read_notice("各校10 月12 日前慰问困难学生50 名。")
    assert [(t["quantity"], t["unit"]) for t in result["targets"]] == [(50, "名")]
    assert [(d["month"], d["day"]) for d in result["deadlines"]] == [(10, 12)]


def test_a_notice_that_issues_a_plan_with_the_plan_attached_holds_two_notices():
    text = (
        "关于印发《石门县2016年扶贫日活动实施方案》的通知\n各乡镇:\n现将《石门县2016年扶贫日活动实施方案》印发给你们。\n\n"
        "一、工作要求\n各乡镇于10月20日前报送总结。\n\n"
        "石门县2016年扶贫日活动实施方案\n一、活动内容\n(一)开展结对认亲活动。干部与贫困户结对。\n"
    )
    (notice_title, notice), (plan_title, plan) = split_notices(text)
    assert notice_title == "关于印发《石门县2016年扶贫日活动实施方案》的通知" and "印发给你们" in notice
    assert plan_title == "石门县2016年扶贫日活动实施方案"
    reading = read_notice(plan)
    assert (reading["title"], reading["year"]) == ("石门县2016年扶贫日活动实施方案", 2016)
    assert [i["title"] for i in reading["items"]] == ["活动内容", "开展结对认亲活动"]


def test_a_covering_note_without_items_gives_way_to_the_plan_it_issues():
    text = "关于印发《清河县扶贫日活动方案》的通知\n现将《清河县扶贫日活动方案》印发给你们。\n"
    text += "清河县扶贫日活动方案\n一、活动内容"
    assert split_notices(text) == [("清河县扶贫日活动方案", "清河县扶贫日活动方案\n一、活动内容")]


def test_a_single_notice_is_one_notice():
    assert split_notices("关于开展扶贫日活动的通知\n一、活动内容") == [("", "关于开展扶贫日活动的通知\n一、活动内容")]


def test_a_contact_glued_to_its_office_is_still_named():
    contacts = read_notice("(联系人:德育处钱老师0571-86661234;市教育局扶贫办吴海波,电话:0592-6012345)")["contacts"]
    assert contacts == [
        {"name": "钱老师", "phone": "0571-86661234", "email": None},
        {"name": "吴海波", "phone": "0592-6012345", "email": None},
    ]


def test_a_task_table_row_is_an_item_with_its_lead_and_responsible_units_and_its_time():
    text = (
        "某县扶贫日活动任务分工表\n序号\t工作任务\t牵头单位\t配合单位\t完成时间\n"
        "1\t召开推进会\t县扶贫办\t县委办、县政府办\t10月14日\n2  制作公益广告  县委宣传部  县广播电视台  10月17日前\n"
        "联系人:县扶贫办 王敏,0745-1234567"
    )
    reading = read_notice(text)
    assert reading["title"] == "某县扶贫日活动任务分工表"
    assert [(i["number"], i["title"], i["lead_units"], i["responsible_units"]) for i in reading["items"]] == [
        ("1", "召开推进会", ["县扶贫办"], ["县委办", "县政府办"]),
        ("2", "制作公益广告", ["县委宣传部"], ["县广播电视台"]),
    ]
    assert [(d["kind"], d["month"], d["day"]) for d in reading["deadlines"]] == [("date", 10, 14), ("deadline", 10, 17)]


def test_a_line_with_cells_but_no_unit_column_is_no_task_table():
    text = "(一)开展活动。组织开展。\n序号  姓名  电话\n1  王敏  0745-1234567"
    assert [i["number"] for i in read_notice(text)["items"]] == ["(一)"]


@pytest.mark.parametrize(
    ("label", "responsible"),
    [
        ("(责任人:各班班主任)", ["各班班主任"]),
        ("(负责:语文组、团委)", ["语文组", "团委"]),
        ("(负责人:校广播站)", ["校广播站"]),
        ("(负责人:王敏)", []),  # a person is no unit
    ],
)
def test_units_labelled_责任人_or_负责_are_responsible_and_a_person_is_not_a_unit(label, responsible):
    assert units(f"1.主题班会。各班召开主题班会。{label}") == {"主题班会": ([], responsible)}


@pytest.mark.parametrize(
    ("sentence", "lead", "responsible"),
    [
        ("由县文旅局承办,县档案馆、县图书馆协办。", [], ["县文旅局", "县档案馆", "县图书馆"]),
        ("(由县委办组织)", [], ["县委办"]),
        ("该项工作由县委宣传部牵头,县电视台配合实施。", ["县委宣传部"], ["县电视台"]),
        ("具体由县委组织部负责组织。", [], ["县委组织部"]),
    ],
)
def test_units_a_host_or_organiser_names_in_a_sentence_and_those_who_help_it(sentence, lead, responsible):
    assert units(f"(一)开展活动。组织开展。{sentence}") == {"开展活动": (lead, responsible)}


def test_扶贫日前_is_a_deadline_on_17_october_and_扶贫日前后_is_none():
    reading = read_notice("2020年扶贫日活动方案\n各单位请于扶贫日前报送活动信息。扶贫日前后开展走访。")
    assert [(d["kind"], d["month"], d["day"]) for d in reading["deadlines"]] == [("deadline", 10, 17)]
    assert reading["deadlines"][0]["resolved_at"].startswith("2020-10-1")


def test_a_task_table_row_whose_gaps_a_pdf_lost_is_still_split_into_its_cells():
    from fupin.documents.notice.tables import rows_as_items

    lines = [
        "序号\t工作任务\t牵头单位\t配合单位\t完成时间",
        "1\t召开推进会\t县扶贫办 县委办\t10月14日",
        "2 制作广告 县委宣传部 县电视台10月17日前",
    ]
    assert rows_as_items(lines) == [
        "1│召开推进会。完成时间:10月14日。(牵头单位:县扶贫办;配合单位:县委办)",
        "2│制作广告。完成时间:10月17日前。(牵头单位:县委宣传部;配合单位:县电视台)",
    ]
