"""Targets counted in 家/张/篇/份, what an action is to produce, per-year counts; units named 工商联/妇联/部门, and
「以上工作」 in a one-line paste."""

import pytest

from fupin.documents.notice import read_notice


def targets(text: str) -> list[tuple[int | float, str]]:
    return [(t["quantity"], t["unit"]) for t in read_notice(text)["targets"]]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("组织结对地区企业参展不少于30家。", [(30, "家")]),
        ("张贴宣传海报不少于10张。", [(10, "张")]),
        ("在村委会门口悬挂宣传横幅一条。", [(1, "条")]),
        ("每名学生撰写观后感一篇,各班推荐优秀作品3篇。", [(1, "篇"), (3, "篇")]),
        ("在县城设置募捐箱10个。", [(10, "个")]),
        ("向每户脱贫户发放政策明白卡1份。", [(1, "份")]),
        ("每名爱心妈妈结对1名儿童。", [(1, "名")]),
        ("对全县180名建档立卡大学新生每人资助3000元。", [(180, "名"), (3000, "元/人")]),
    ],
)
def test_counts_in_家_张_篇_份_and_what_an_action_produces_are_targets(sentence, expected):
    assert targets(sentence) == expected


def test_a_count_of_times_over_the_whole_year_is_per_year():
    assert targets("每对学校全年互访不少于4次。") == [(4, "次/年")]


@pytest.mark.parametrize(
    "sentence",
    [
        "请于10月20日前报送宣传图片不少于5张。",
        "将活动总结、活动照片(不少于4张)报中心学校。",
        "活动照片(5张以上,每张不小于1MB)。",
    ],
)
def test_photo_counts_in_张_stay_deliverables_not_targets(sentence):
    assert targets(sentence) == []


def test_a_工商联_or_妇联_in_parentheses_is_the_responsible_unit():
    text = (
        "(二)企业认捐。每家企业至少认领1个项目。(县工商联)\n(三)巾帼培训。此项工作由市妇联牵头,各县(市、区)妇联配合。"
    )
    items = {i["title"]: (i["lead_units"], i["responsible_units"]) for i in read_notice(text)["items"]}
    assert items == {"企业认捐": ([], ["县工商联"]), "巾帼培训": (["市妇联"], ["各县(市、区)妇联"])}


def test_a_parenthesised_list_of_部门_closing_an_item_names_its_units():
    text = "(三)开展结对帮扶走访。每名帮扶干部走访联系户不少于1次。(各乡镇、县直各部门)"
    items = {i["title"]: i["responsible_units"] for i in read_notice(text)["items"]}
    assert items == {"开展结对帮扶走访": ["各乡镇", "县直各部门"]}


def test_以上工作_inside_a_one_line_paste_names_the_units_of_the_item_above_its_sub_items():
    text = (
        "关于开展扶贫日宣传活动的通知 各乡镇、各村(社区):现将有关事项通知如下:一、宣传时间 10月10日至10月20日。"
        "二、宣传内容(一)悬挂宣传横幅。各乡镇在集镇主要路段至少悬挂横幅三条。(二)发放明白卡。向脱贫户发放明白卡。"
        "(三)召开院坝会。各村(社区)召开院坝会。以上工作由各乡镇人民政府负责落实。三、报送要求 请于10月25日前报送。"
    )
    items = {i["title"]: i["responsible_units"] for i in read_notice(text)["items"]}
    assert items["宣传内容"] == ["各乡镇人民政府"]
    assert items["召开院坝会"] == []
