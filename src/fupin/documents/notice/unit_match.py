"""A unit a notice names (「报市扶贫办」「县教育局资助股牵头」) matched to a unit of the officer's tree.

A notice writes units as its readers say them: without the place name (「市教育局」 for 清河市教育局), without
the bureau inside a department (「市扶贫办」 for 市教育局扶贫办), or shortened (「资助中心」 for 市学生资助中心,
「县一中」 for 东阳县第一中学). A name matches when exactly one unit of the tree answers to it; a group (「各学校」)
or a name two units answer to matches none and stays text for the officer to pick.
"""

import re
from collections.abc import Iterable

from fupin.orgs.models import Unit

_PLACE = re.compile(r"^[\u4e00-\u9fff]{2,3}?(?=[市县区旗](?![直属级]))")
_LEVEL = re.compile(r"^[市县区旗]")
_GROUP = re.compile(r"^(?:各|全[市县区]|有关|相关)|等$")
SUFFIX_MIN = 4


def _forms(name: str) -> set[str]:
    """The ways a notice may write a unit: 清河市教育局扶贫办 → 市教育局扶贫办, 市扶贫办, 扶贫办, 教育局扶贫办 …"""
    key = _PLACE.sub("", name.strip())
    forms = {key, re.sub(r"教[育体]局(?=.)", "", key), re.sub(r"第([一二三四五六七八九十\d]{1,3})中学$", r"\1中", key)}
    forms |= {re.sub(r"第([一二三四五六七八九十\d]{1,3})小学$", r"\1小", form) for form in forms}
    forms |= {form.replace("管理中心", "中心") for form in forms}  # 学生资助管理中心 = 学生资助中心
    return {form for form in forms if len(form) >= 2}


def _levelless(forms: set[str]) -> set[str]:
    return {_LEVEL.sub("", form) for form in forms} - {""}


def _answers(mention: str, unit_name: str) -> bool:
    wanted, forms = _forms(mention), _forms(unit_name)
    if mention == unit_name or wanted & forms:
        return True
    if _LEVEL.match(_PLACE.sub("", mention)):  # 「县扶贫办」 is no 市 unit
        return False
    bare, unit_bare = _levelless(wanted), _levelless(forms)
    if bare & unit_bare:
        return True
    return any(len(w) >= SUFFIX_MIN and u.endswith(w) for w in bare for u in unit_bare)


def match_unit(mention: str | None, units: Iterable[Unit]) -> Unit | None:
    """The one unit of `units` the notice's name means, or None when it names none, a group, or several."""
    if not mention or _GROUP.search(mention):
        return None
    units = list(units)
    exact = [unit for unit in units if unit.name == mention]
    if len(exact) == 1:
        return exact[0]
    found = [unit for unit in units if _answers(mention, unit.name)]
    if len(found) > 1:  # the nearest to the issuer wins only when it is alone at its depth
        nearest = min(unit.depth for unit in found)
        found = [unit for unit in found if unit.depth == nearest]
    return found[0] if len(found) == 1 else None


def tree_of(unit: Unit) -> list[Unit]:
    """The issuing unit's subtree, read once for every name of a notice."""
    return list(Unit.objects.filter(path__startswith=unit.path).only("id", "name", "path", "depth"))


def match_units(names: Iterable[str], units: Iterable[Unit]) -> list[Unit]:
    """The units the names mean, each once, in the notice's order; unmatched names are left out."""
    found: list[Unit] = []
    units = list(units)
    for name in names:
        unit = match_unit(name, units)
        if unit and unit not in found:
            found.append(unit)
    return found


def reading_matches(reading: dict, unit: Unit) -> dict[str, Unit | None]:
    """Every unit name of a reading (items' units, deadlines' recipients) → the unit it means, or None."""
    units = tree_of(unit)
    names = [name for item in reading["items"] for name in item["lead_units"] + item["responsible_units"]]
    names += [d["recipient"] for d in reading["deadlines"] if d.get("recipient")]
    return {name: match_unit(name, units) for name in dict.fromkeys(names)}
