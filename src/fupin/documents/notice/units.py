"""Units named on an item: 「(牵头单位:…;责任单位:…)」, 「(县扶贫办、团县委承办)」, 「落实单位:…」 lines.

承办, 配合, 落实 and 实施 units are responsible units; 牵头 and 主办 units lead. A 「落实单位:」 line (or
「以上工作由…」) standing on its own after the last of several sub-items names the units of their item.
"""

import re

from .headings import Heading
from .unit_names import is_unit_list, split_outside_parens, split_units, top_level_parens

_LEAD = r"牵头单位|牵头部门|主办单位|牵头"
_RESPONSIBLE = r"责任单位|责任部门|配合单位|协办单位|参与单位|落实单位|实施单位|承办单位|责任主体|责任人|负责人|负责"
# 「(责任人:各班班主任)」「(负责:语文组、团委)」 name units or people; only what is named like a unit counts.
_PERSON_LABELS = {"责任人", "负责人", "负责"}
_LABELLED = re.compile(rf"(?P<label>{_LEAD}|{_RESPONSIBLE})\s*:\s*(?P<units>[^;:]+)")
_SUFFIXED = re.compile(r"^(?P<units>[^:]+?)(?:具体|共同|组织|协助)?(?P<verb>承办|负责|牵头|配合|落实|实施|执行)$")
_LINE = re.compile(rf"^(?:{_LEAD}|{_RESPONSIBLE})\s*:")
# 「此项工作由县扶贫办牵头」「具体由县委组织部负责组织」「由县商务局会同县农业农村局共同承办」
_BY = re.compile(
    r"由(?P<units>[^,;。由]{2,60}?)(?:共同|具体|统一)?(?P<verb>牵头|承办|负责组织实施|负责组织|负责落实|负责实施|组织实施|负责|落实|组织(?![部处科股室]))"
)
_JOINT = re.compile(r"会同|联合|协同")
_SUBJECT = re.compile(
    r"(?:^|(?<=[。,;]))(?P<units>[^,;。由]{2,60}?)(?:共同|具体|统一)?(?P<verb>负责组织实施|组织实施|负责组织|负责落实|负责实施)"
)
_HELPERS = re.compile(r"\s*[,,]\s*(?P<units>[^,;。]{2,60}?)(?:共同)?(?:配合|协助|参与|协办)")
# 「由X牵头,Y配合」「由X承办,Y、Z协办」: units named after the one that leads or hosts help it
_HELPED = {"牵头", "承办"}
_ABOVE = re.compile(r"^(?:以上|上述)(?:各项)?(?:工作|活动)")
# A bare unit list in parentheses counts where it closes a sentence or the line.
_CLOSES = re.compile(r"^\s*(?:[。;]|$)")


def parse_units(text: str) -> tuple[list[str], list[str]]:
    """(lead, responsible) named in one unit phrase; both empty when the phrase names no units."""
    lead: list[str] = []
    responsible: list[str] = []
    labelled = list(_LABELLED.finditer(text))
    for match in labelled:
        target = lead if re.fullmatch(_LEAD, match["label"]) else responsible
        named = split_units(match["units"])
        if match["label"] in _PERSON_LABELS:
            named = [unit for unit in named if is_unit_list(unit)]
        target.extend(named)
    if labelled:
        return lead, responsible
    for clause in split_outside_parens(text, ",;"):
        suffixed = _SUFFIXED.match(clause.strip())
        if suffixed:
            target = lead if suffixed["verb"] == "牵头" else responsible
            target.extend(split_units(suffixed["units"]))
    return lead, responsible


def _unit_parens(line: str) -> tuple[list[str], list[str]]:
    """Units in parentheses: labelled 「(责任单位:…)」「(…承办)」, or a bare list 「(市委宣传部、市扶贫办)」 that
    closes a sentence or the line."""
    lead: list[str] = []
    responsible: list[str] = []
    for inside, end in top_level_parens(line):
        found_lead, found_responsible = parse_units(inside)
        if not (found_lead or found_responsible) and is_unit_list(inside) and _CLOSES.match(line[end + 1 :]):
            found_responsible = split_units(inside)
        lead += found_lead
        responsible += found_responsible
    return lead, responsible


def sentence_units(line: str) -> tuple[list[str], list[str]]:
    """「此项工作由X牵头,Y、Z配合」「由X承办」「由X会同Y共同承办」「具体由X负责组织」, and a clause that opens
    with the units 「X会同Y共同组织实施」 (a person's role such as 班主任 is no unit)."""
    lead: list[str] = []
    responsible: list[str] = []
    for match in [*_BY.finditer(line), *_SUBJECT.finditer(line)]:
        named = _JOINT.sub("、", match["units"])
        if not is_unit_list(named) or named.endswith("班主任"):
            continue
        (lead if match["verb"] == "牵头" else responsible).extend(split_units(named))
        helpers = _HELPERS.match(line[match.end() :]) if match["verb"] in _HELPED else None
        if helpers and is_unit_list(helpers["units"]):
            responsible.extend(split_units(helpers["units"]))
    return lead, responsible


def _owner(headings: list[Heading], line_index: int) -> int | None:
    owner = None
    for index, heading in enumerate(headings):
        if heading.line > line_index:
            break
        owner = index
    return owner


def _next_heading(headings: list[Heading], line_index: int) -> Heading | None:
    return next((heading for heading in headings if heading.line > line_index), None)


def _closes_group(
    headings: list[Heading], owner: int, line_index: int, from_lines: set[int], units: dict[int, tuple[list, list]]
) -> int | None:
    """The parent a closing line belongs to: it follows the last of several sub-items, none of which had a
    unit line of its own (「1.…2.…3.… 落实单位:…」 names the units of the item, not of each sub-item)."""
    parent = headings[owner].parent
    if parent is None:
        return None
    siblings = headings[parent].children
    following = _next_heading(headings, line_index)
    if following is not None and following.parent == parent:
        return None
    if len(siblings) < 2 or any(index in from_lines for index in siblings):
        return None
    earlier = siblings[: siblings.index(owner)]
    if all(any(units.get(index, ([], []))) for index in earlier):
        return None  # every other sub-item names its own units: the line is the last one's
    return parent


def _run_without_units(headings: list[Heading], owner: int, units: dict[int, tuple[list, list]]) -> list[int]:
    """The owner and its earlier siblings back to the first one that already names units
    (「1.… 2.… 落实单位:…」 between other sub-items covers 1 and 2)."""
    parent = headings[owner].parent
    siblings = headings[parent].children if parent is not None else [i for i, h in enumerate(headings) if h.level == 1]
    run = [owner]
    for index in reversed(siblings[: siblings.index(owner)]):
        if any(units.get(index, ([], []))):
            break
        run.append(index)
    return run


def _add(units: dict[int, tuple[list[str], list[str]]], index: int, lead: list[str], responsible: list[str]) -> None:
    known = units.setdefault(index, ([], []))
    known[0].extend(u for u in lead if u not in known[0])
    known[1].extend(u for u in responsible if u not in known[1] and u not in known[0])


def assign_units(lines: list[str], headings: list[Heading]) -> dict[int, tuple[list[str], list[str]]]:
    """Heading index → (lead units, responsible units), from unit lines, parentheses and sentences."""
    units: dict[int, tuple[list[str], list[str]]] = {}
    from_lines: set[int] = set()
    for line_index, line in enumerate(lines):
        owner = _owner(headings, line_index)
        if owner is None:
            continue
        closing = _LINE.match(line) or _ABOVE.match(line)
        if closing and headings[owner].line != line_index:
            lead, responsible = parse_units(line) if _LINE.match(line) else sentence_units(line)
            parent = _closes_group(headings, owner, line_index, from_lines, units)
            for target in [parent] if parent is not None else _run_without_units(headings, owner, units):
                from_lines.add(target)
                _add(units, target, lead, responsible)
            continue
        lead, responsible = _unit_parens(line)
        sentence_lead, sentence_responsible = sentence_units(line)
        _add(units, owner, lead + sentence_lead, responsible + sentence_responsible)
        if not units[owner][0] and not units[owner][1]:
            del units[owner]
    return units
