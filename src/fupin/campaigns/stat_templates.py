"""The four statistics tables the notices name, as ready templates (campaign empty) every office may copy.

Columns with a `source` are filled from what the product already holds (campaigns/sources.py); a source
that no domain has registered yet leaves the column an ordinary input until one does.
"""

from typing import TypedDict

INT, MONEY, TEXT, DATE, CHOICE = "integer", "money", "text", "date", "choice"

# (key, label, type, source, help[, required[, choices]])
type Column = (
    tuple[str, str, str, str, str]
    | tuple[str, str, str, str, str, bool]
    | tuple[str, str, str, str, str, bool, list[str]]
)


class Template(TypedDict):
    code: str
    title: str
    row_mode: str
    note: str
    columns: list[Column]


TEMPLATES: list[Template] = [
    {
        "code": "donation",
        "title": "捐赠情况统计表",
        "row_mode": "one_per_unit",
        "note": "填报本单位及所属单位扶贫募捐合计。募捐坚持自愿原则,不下指标、不摊份子。"
        "金额单位为元,保留两位小数;中小学校原则上不组织捐赠活动,无捐赠的填 0。",
        "columns": [
            ("units", "参与捐赠单位数", INT, "donations.units", "含本单位及所属单位"),
            ("donors", "参与捐赠人次", INT, "donations.donors", ""),
            ("money", "捐款合计(元)", MONEY, "donations.money_fen", "各渠道捐款之和,不含物资"),
            ("one_day_pay", "其中:一日捐(元)", MONEY, "donations.one_day_pay_fen", ""),
            ("one_yuan", "其中:一元捐(元)", MONEY, "donations.one_yuan_fen", ""),
            ("box", "其中:募捐箱(元)", MONEY, "donations.box_fen", "以开箱清点记录为准"),
            ("goods_value", "捐赠物资折价(元)", MONEY, "donations.goods_fen", ""),
            ("goods_items", "捐赠物资(件)", INT, "", ""),
            ("remark", "备注", TEXT, "", ""),
        ],
    },
    {
        "code": "fupin_day_activity",
        "title": "扶贫日活动情况统计表",
        "row_mode": "one_per_unit",
        "note": "填报扶贫日前后开展的宣传、国情教育和帮扶活动情况;上级单位填报本单位及所属学校合计。",
        "columns": [
            ("schools", "学校数", INT, "orgs.schools", "取自单位名册"),
            ("activities", "开展活动(次)", INT, "", "主题班会、国旗下讲话、宣传栏等均计入", True),
            ("class_meetings", "其中:主题班会(队会)(场)", INT, "", ""),
            ("participants", "参与师生(人次)", INT, "", "", True),
            ("students", "其中:参与学生(人次)", INT, "", ""),
            ("parents", "覆盖学生家长(人)", INT, "", "家长会、致家长一封信等"),
            ("materials", "发放宣传资料(份)", INT, "", ""),
            ("students_helped", "帮扶家庭困难学生(人)", INT, "", ""),
            ("help_money", "帮扶资金(元)", MONEY, "", ""),
            ("media_reports", "媒体报道(篇)", INT, "publicity.media_reports", ""),
            ("photos", "报送活动照片(张)", INT, "campaigns.photos", "取自本活动报送的照片"),
            ("main_date", "主要活动日期", DATE, "", "如 2026-10-17"),
            ("remark", "备注", TEXT, "", ""),
        ],
    },
    {
        "code": "pairing_month",
        "title": "「结对帮扶活动月」活动开展情况统计表",
        "row_mode": "one_per_unit",
        "note": "填报结对帮扶行动月期间入户走访和帮扶措施落实情况;金额单位为元。",
        "columns": [
            ("villages", "结对帮扶村(个)", INT, "pairing.villages", ""),
            ("households", "结对帮扶户(户)", INT, "pairing.households", ""),
            ("cadres", "参与干部职工(人)", INT, "", "", True),
            ("leaders", "其中:领导干部(人)", INT, "", ""),
            ("visited_households", "入户走访(户)", INT, "pairing.visited_households", "", True),
            ("visits", "入户走访(人次)", INT, "pairing.visits", ""),
            ("measures", "制定帮扶措施(条)", INT, "", ""),
            ("briefings", "政策宣讲(场)", INT, "", ""),
            ("trainees", "组织技能培训(人次)", INT, "", ""),
            ("help_money", "帮扶资金(元)", MONEY, "", ""),
            ("goods_value", "帮扶物资折价(元)", MONEY, "", ""),
            ("good_deeds", "办实事好事(件)", INT, "", ""),
            ("summary", "主要做法", TEXT, "", ""),
        ],
    },
    {
        "code": "designated_aid_donation",
        "title": "定点帮扶单位扶贫捐赠款物统计表",
        "row_mode": "many_rows",
        "note": "每笔捐赠填一行;款物交牵头单位统筹管理使用,优先用于定点村、户生产生活条件改善和产业发展。",
        "columns": [
            ("donor", "捐赠单位(个人)", TEXT, "", "", True),
            ("recipient", "受赠村(户)", TEXT, "", "", True),
            ("donated_on", "捐赠日期", DATE, "", "如 2026-10-17", True),
            ("kind", "款物类别", CHOICE, "", "", True, ["资金", "物资", "资金和物资"]),
            ("money", "捐赠资金(元)", MONEY, "", ""),
            ("goods", "物资名称及数量", TEXT, "", "如 大米 50 袋"),
            ("goods_value", "物资折价(元)", MONEY, "", ""),
            (
                "purpose",
                "用途",
                CHOICE,
                "",
                "",
                False,
                ["生产生活条件改善", "产业发展", "村集体经济", "助学", "其他"],
            ),
            ("handler", "经手人", TEXT, "", ""),
            ("remark", "备注", TEXT, "", ""),
        ],
    },
]


def create_templates(StatTable, StatColumn) -> None:
    """Create the templates that are missing; safe to run again (used by the data migration and the demo)."""
    for spec in TEMPLATES:
        table, created = StatTable.objects.get_or_create(
            campaign=None,
            code=spec["code"],
            defaults={"title": spec["title"], "row_mode": spec["row_mode"], "note": spec["note"]},
        )
        if not created:
            continue
        for position, (key, label, kind, source, help_text, *rest) in enumerate(spec["columns"], start=1):
            required = rest[0] if rest else False
            choices = rest[1] if len(rest) > 1 else []
            StatColumn.objects.create(
                table=table,
                key=key,
                label=label,
                type=kind,
                choices=choices,
                required=required,
                source=source,
                help=help_text,
                position=position,
            )


# (template code, column key, the total it is 「其中」 of): a part never exceeds its total
WITHIN = [
    ("donation", "one_day_pay", "money"),
    ("donation", "one_yuan", "money"),
    ("donation", "box", "money"),
    ("fupin_day_activity", "class_meetings", "activities"),
    ("fupin_day_activity", "students", "participants"),
]


def ensure_ready_templates() -> None:
    from .models import StatColumn, StatTable

    create_templates(StatTable, StatColumn)
    for code, key, total in WITHIN:
        StatColumn.objects.filter(table__campaign=None, table__code=code, key=key, within="").update(within=total)
