"""Targets counted in 家/张/篇/份, what an action is to produce, per-year counts, and units named 工商联/妇联."""

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
