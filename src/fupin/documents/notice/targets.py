"""Quantitative targets: 「资助人数300名以上,额度2000元/人」 → (300, 名), (2000, 元/人).

A number counts as a target with a bound, even one set apart from it (「至少悬挂一幅」「至少认领1个项目」,
「1万元以上」), per head (「每人2000元」 → 元/人), distributed (「各4个」), as a frequency (「每月至少…一次」 →
次/月) or as a plain count of people helped (「慰问困难学生50名」「共180人」). Numerals may be Chinese and carry
万; photo counts belong to deliverables, and dates, document numbers and ordinary counts stay out.
"""

import re

import cn2an

_NUM = r"(?:\d+(?:\.\d+)?|[零一二两三四五六七八九十百千]+)(?: ?(?:万|亿))?"  # 「50 万元」 as a PDF spaces it
_UNIT = (
    r"(?:元/人|元/户|元/生|元/年|元|人次|场次|名|人|户|所|个|场|次|幅|副|件|本|册|份|篇|期|套|箱|条|吨|公斤"
    r"|封|块|项|支|字|家|张|%)"
)
_CJK = r"[\u4e00-\u9fff“”]"
_PLAIN = r"(?:(?!前)[\u4e00-\u9fff])"
_PER_HEAD = {"人": "元/人", "名": "元/人", "位": "元/人", "名学生": "元/人", "生": "元/生", "户": "元/户"}
_FREQUENCY = {
    "月": "次/月",
    "周": "次/周",
    "年": "次/年",
    "天": "次/天",
    "日": "次/天",
    "学期": "次/学期",
    "季度": "次/季度",
}
# In order of precedence: a span one pattern takes is not read again by a later one.
_PATTERNS = [
    # 「每周五…前报送一次」 is a recurring deadline, not a frequency
    (
        "frequency",
        re.compile(
            rf"每(?P<per>月|周|年|天|日|学期|季度)(?![一二三四五六日末底]){_PLAIN}{{0,14}}?(?P<q>{_NUM})(?P<unit>次)"
        ),
    ),
    ("per_head", re.compile(rf"每(?P<per>名学生|人|名|位|生|户){_CJK}{{0,8}}?(?P<q>{_NUM})(?P<unit>元)(?!/)")),
    ("bounded", re.compile(rf"(?:不少于|不低于|至少|达到|超过|力争){_CJK}{{0,8}}?(?P<q>{_NUM})(?P<unit>{_UNIT})")),
    ("above", re.compile(rf"(?P<q>{_NUM})(?P<unit>{_UNIT})(?:以上|及以上)")),
    ("rate", re.compile(r"(?P<q>\d+(?:\.\d+)?)(?P<unit>元/(?:人|户|生|年))")),
    # 「纸质版和电子版各一份」 is a deliverable, so 份 is no distributed count
    (
        "each",
        re.compile(
            rf"各(?:(?:组织|评选|推荐|选派|安排|确定|捐赠|制作)[\u4e00-\u9fff]{{0,4}}?)?(?P<q>{_NUM})(?P<unit>(?!份){_UNIT})"
        ),
    ),
    ("total", re.compile(r"共(?:计)?(?P<q>\d+)(?P<unit>人次|人|名|户|个|所|项)")),
    (
        "helped",
        re.compile(r"(?:慰问|资助|帮扶|救助|发布|认领)[\u4e00-\u9fff]{0,6}?(?P<q>\d+)(?P<unit>名|人|户|个|项)"),
    ),
    # 「悬挂宣传横幅一条」「每名学生撰写观后感一篇」「设置募捐箱10个」: what an action is to produce, counted
    (
        "made",
        re.compile(
            rf"(?:设置|悬挂|张贴|发放|制作|设立|推荐|撰写|结对|征集|报送)[\u4e00-\u9fff“”]{{0,8}}?(?P<q>{_NUM})"
            r"(?P<unit>条|幅|副|张|篇|份|个|名|块|件|封)(?![\u4e00-\u9fff]{0,2}(?:照片|图片))"
        ),
    ),
    ("counted", re.compile(r"对(?:全县|全市|全区|全镇)?(?P<q>\d+)(?P<unit>名|户|人)")),
    (
        "labelled",
        re.compile(rf"(?:人数|户数|额度|标准|金额|目标|任务|总额|数量)(?:为|是|:)?(?P<q>{_NUM})(?P<unit>{_UNIT})"),
    ),
]
_PHOTO_AFTER = re.compile(r"^(?:[\u4e00-\u9fff]{0,6}?(?:照片|图片)|像素)")
_PHOTO_BEFORE = re.compile(r"照片|图片")  # 「宣传图片不少于5张」「照片(不少于4张)」 are deliverables
_PER_PERIOD = {"全年": "次/年", "每年": "次/年", "每学期": "次/学期"}  # 「全年互访不少于4次」


def quantity(numeral: str) -> int | float | None:
    """「三十」 → 30, 「2万」 → 20000, 「1.5万」 → 15000; None for what is no number (「一对一」 never gets here)."""
    try:
        value = cn2an.cn2an(numeral.replace("两", "二").replace(" ", ""), "smart")
    except (ValueError, KeyError):
        return None
    return int(value) if float(value).is_integer() else float(value)


def _unit(kind: str, match: re.Match, before: str) -> str:
    if match["unit"] == "次" and kind != "frequency":
        period = re.search("|".join(_PER_PERIOD), before)
        return _PER_PERIOD[period.group(0)] if period else "次"
    if kind == "frequency":
        return _FREQUENCY[match["per"]]
    if kind == "per_head":
        return _PER_HEAD[match["per"]]
    return match["unit"]


def _clause_before(text: str, start: int) -> str:
    """The words of the clause before a quantity: 「全年互访不少于」."""
    return re.split(r"[。,;:)\n]", text[max(0, start - 12) : start])[-1]


def find_targets(text: str) -> list[dict]:
    """Every bounded, per-head, distributed, periodic or counted quantity, in the order the notice gives them."""
    taken: list[tuple[int, int]] = []
    targets = []
    for kind, pattern in _PATTERNS:
        for match in pattern.finditer(text):
            start, end = match.start(), match.end()
            if any(start < done_end and done_start < end for done_start, done_end in taken):
                continue
            if _PHOTO_AFTER.match(text[end : end + 10]) or (
                match["unit"] == "张" and _PHOTO_BEFORE.search(_clause_before(text, match.start("q")))
            ):
                continue
            value = quantity(match["q"])
            if not value:
                continue
            taken.append((start, end))
            targets.append(
                (
                    start,
                    {
                        "text": text[start:end],
                        "quantity": value,
                        "unit": _unit(kind, match, _clause_before(text, start)),
                    },
                )
            )
    return [target for _start, target in sorted(targets, key=lambda pair: pair[0])]
