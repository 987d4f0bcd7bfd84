"""Names of units as notices list them: 「县扶贫办、团县委和县总工会」, 「各县(市、区)教育局」."""

import re

# What a unit's name ends with: 市扶贫办, 县委宣传部, 团委, 德育处, 各中小学, 县融媒体中心, 县工商联, 县广播电视台 …
UNIT_END = re.compile(
    r"(?:办|局|委|部|处|科|股|室|组|队|站|所|馆|院|社|会|厅|团|台|中心|政府|学校|小学|中学|中小学|幼儿园|各校|班主任|"
    r"大队部|编辑部|各村|各乡镇|各单位|村|社区|医院|班级|各班|年级|妇联|工商联|残联|文联|侨联|科协|部门)$"
)
# 「市文旅局和市体育局」: a final 和/及/与 after a unit's name joins two units; 「县发展和改革委员会」 stays one.
_FINAL_AND = re.compile(r"(?<=[办局委部处室队站心府校会团])(?:和|及|与|以及)(?=[\u4e00-\u9fff]{2})")


def split_outside_parens(text: str, separators: str) -> list[str]:
    """Split at separators that are not inside parentheses: 「各县(市、区)教育局」 is one unit."""
    parts, depth, current = [], 0, ""
    for char in text:
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char in separators and depth <= 0:
            parts.append(current)
            current = ""
        else:
            current += char
    return [*parts, current]


def top_level_parens(line: str) -> list[tuple[str, int]]:
    """The contents of each outermost pair of parentheses, nested pairs kept inside, with where it closes."""
    found, depth, start = [], 0, 0
    for index, char in enumerate(line):
        if char == "(":
            start = index + 1 if depth == 0 else start
            depth += 1
        elif char == ")" and depth:
            depth -= 1
            if depth == 0:
                found.append((line[start:index], index))
    return found


def split_units(text: str) -> list[str]:
    """「县扶贫办、团县委,县总工会和县妇联」 → four units; blanks and empty parts dropped."""
    parts = (part.strip(" .。") for piece in split_outside_parens(text, "、,;/") for part in _FINAL_AND.split(piece))
    return [part for part in parts if part and part.strip("_") and len(part) <= 30]


def is_unit_list(text: str) -> bool:
    """「市委宣传部、市扶贫办和市文旅局」: short parts, each named like a unit, none a sentence."""
    if not text.strip() or re.search(r"[\d。:“]", text):
        return False
    parts = split_units(text)
    bare = [re.sub(r"\([^()]*\)", "", part) for part in parts]
    return bool(parts) and all(2 <= len(part) <= 16 and UNIT_END.search(part) for part in bare)
