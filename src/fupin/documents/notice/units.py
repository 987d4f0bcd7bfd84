"""Units named on an item: 「(牵头单位:…;责任单位:…)」, 「(县扶贫办、团县委承办)」, 「落实单位:…」 lines.

承办, 配合, 落实 and 实施 units are responsible units; 牵头 and 主办 units lead. A 「落实单位:」 line standing on
its own after a run of sub-items covers every sub-item of that run that names no units itself.
"""

import re

from .headings import Heading

_LEAD = r"牵头单位|牵头部门|主办单位|牵头"
_RESPONSIBLE = r"责任单位|责任部门|配合单位|协办单位|参与单位|落实单位|实施单位|承办单位|责任主体"
_LABELLED = re.compile(rf"(?P<label>{_LEAD}|{_RESPONSIBLE})\s*:\s*(?P<units>[^;:]+)")
_SUFFIXED = re.compile(r"^(?P<units>[^:]+?)(?:具体|共同|组织|协助)?(?P<verb>承办|负责|牵头|配合|落实|实施|执行)$")
_LINE = re.compile(rf"^(?:{_LEAD}|{_RESPONSIBLE})\s*:")


def _split_outside_parens(text: str, separators: str) -> list[str]:
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


def top_level_parens(line: str) -> list[str]:
    """The contents of each outermost pair of parentheses, nested pairs kept inside."""
    found, depth, start = [], 0, 0
    for index, char in enumerate(line):
        if char == "(":
            start = index + 1 if depth == 0 else start
            depth += 1
        elif char == ")" and depth:
            depth -= 1
            if depth == 0:
                found.append(line[start:index])
    return found


def split_units(text: str) -> list[str]:
    """「县扶贫办、团县委,县总工会」 → three units; blanks and empty parts dropped."""
    parts = (part.strip(" .。") for part in _split_outside_parens(text, "、,;/"))
    return [part for part in parts if part and part.strip("_") and len(part) <= 30]


def parse_units(text: str) -> tuple[list[str], list[str]]:
    """(lead, responsible) named in one unit phrase; both empty when the phrase names no units."""
    lead: list[str] = []
    responsible: list[str] = []
    labelled = list(_LABELLED.finditer(text))
    for match in labelled:
        target = lead if re.fullmatch(_LEAD, match["label"]) else responsible
        target.extend(split_units(match["units"]))
    if labelled:
        return lead, responsible
    for clause in _split_outside_parens(text, ",;"):
        suffixed = _SUFFIXED.match(clause.strip())
        if suffixed:
            target = lead if suffixed["verb"] == "牵头" else responsible
            target.extend(split_units(suffixed["units"]))
    return lead, responsible


def _unit_parens(line: str) -> tuple[list[str], list[str]]:
    lead: list[str] = []
    responsible: list[str] = []
    for inside in top_level_parens(line):
        found_lead, found_responsible = parse_units(inside)
        lead += found_lead
        responsible += found_responsible
    return lead, responsible


def _owner(headings: list[Heading], line_index: int) -> int | None:
    owner = None
    for index, heading in enumerate(headings):
        if heading.line > line_index:
            break
        owner = index
    return owner


def _run_without_units(headings: list[Heading], owner: int, units: dict[int, tuple[list, list]]) -> list[int]:
    """The owner and its earlier siblings back to the first one that already names units; when that run
    is every child of the parent, the line closes the parent's whole group and covers the parent too."""
    parent = headings[owner].parent
    siblings = headings[parent].children if parent is not None else [i for i, h in enumerate(headings) if h.level == 1]
    run = [owner]
    for index in reversed(siblings[: siblings.index(owner)]):
        if units.get(index, ([], []))[0] or units.get(index, ([], []))[1]:
            break
        run.append(index)
    if parent is not None and len(run) == len(siblings) and not any(units.get(parent, ([], []))):
        run.append(parent)
    return sorted(run)


def assign_units(lines: list[str], headings: list[Heading]) -> dict[int, tuple[list[str], list[str]]]:
    """Heading index → (lead units, responsible units)."""
    units: dict[int, tuple[list[str], list[str]]] = {}
    for line_index, line in enumerate(lines):
        owner = _owner(headings, line_index)
        if owner is None:
            continue
        if _LINE.match(line) and headings[owner].line != line_index:
            lead, responsible = parse_units(line)
            for index in _run_without_units(headings, owner, units):
                units[index] = (list(lead), list(responsible))
            continue
        lead, responsible = _unit_parens(line)
        if lead or responsible:
            known = units.setdefault(owner, ([], []))
            known[0].extend(u for u in lead if u not in known[0])
            known[1].extend(u for u in responsible if u not in known[1])
    return units
