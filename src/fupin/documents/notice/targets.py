"""Quantitative targets: 「资助人数300名以上,额度2000元/人」 → (…, 300, 名), (…, 2000, 元/人).

A number counts as a target only with a measure word and a bound (以上, 不少于, 至少, 达到) or a rate
(元/人), so dates, document numbers and ordinary counts stay out; photo counts belong to deliverables.
"""

import re

_UNITS = (
    r"(?:万|亿)?(?:元/人|元/户|元/生|元/年|元|人次|场次|名|人|户|所|个|场|次|幅|件|本|册|份|篇|期|套|箱|条|吨|公斤|%)"
)
_TARGET = re.compile(
    rf"(?P<label>[\u4e00-\u9fff]{{0,12}}?)(?P<bound>不少于|不低于|至少|达到|超过)?\s*"
    rf"(?P<q>\d+(?:\.\d+)?)\s*(?P<unit>{_UNITS})(?P<above>以上|及以上)?"
)
_LABEL_WORDS = re.compile(r"人数|户数|额度|标准|金额|目标|任务|总额|数量")
_PHOTO_AFTER = re.compile(r"^(?:[\u4e00-\u9fff]{0,6}?(?:照片|图片)|像素)")
_LABEL_TRIM = re.compile(r"^(?:全县|全市|全区|原则上|今年|力争|每年|共|计|其中|并|且|和|及|要|须)+")


def find_targets(text: str) -> list[dict]:
    """Every bounded or per-head quantity, in order."""
    targets = []
    for match in _TARGET.finditer(text):
        has_bound = match["bound"] or match["above"] or "/" in match["unit"]
        label = _LABEL_TRIM.sub("", match["label"])
        if not (has_bound or _LABEL_WORDS.search(label)):
            continue
        if _PHOTO_AFTER.match(text[match.end() : match.end() + 10]):
            continue
        quantity = float(match["q"]) if "." in match["q"] else int(match["q"])
        start = match.start() + (len(match["label"]) - len(label))
        targets.append({"text": text[start : match.end()], "quantity": quantity, "unit": match["unit"]})
    return targets
