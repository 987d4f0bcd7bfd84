"""The synthetic province's unit tree: a city bureau with its 扶贫办, counties, towns, schools and villages,
named from the seed, with ids and paths computed here and written in one bulk insert."""

import random
from dataclasses import dataclass, field

from fupin.lib.bulk import allocate_ids, insert_rows
from fupin.orgs.models import Membership, Role, Unit, User, path_segment

SYLLABLES = "清河东阳西川南岭石桥白沙青山柳溪云台松林金水长宁安平龙泉凤鸣双塘新华永丰马坪大田高岗桃源杨柳梅湾"
STAGES = ("primary", "primary", "secondary", "vocational")  # most schools are primary schools
SCHOOL_KINDS = {"primary": "小学", "secondary": "中学", "vocational": "职业学校"}


@dataclass
class Tree:
    root: Unit
    office: Unit  # the city's 扶贫办, which receives the hand-ins
    counties: list[Unit] = field(default_factory=list)
    towns: list[Unit] = field(default_factory=list)
    schools: list[Unit] = field(default_factory=list)
    villages: list[Unit] = field(default_factory=list)

    @property
    def units(self) -> list[Unit]:
        return [self.root, self.office, *self.counties, *self.towns, *self.schools, *self.villages]


def mark(seed: int) -> str:
    """The code prefix of everything one seed builds: how synthetic units are told from real ones."""
    return f"SYN{seed}"


def place_name(rng: random.Random) -> str:
    return "".join(rng.sample(SYLLABLES, 2))


def shape(total: int) -> tuple[int, int, int, int]:
    """How many counties, towns, schools and villages make `total` units with the city bureau and its office."""
    rest = max(total - 2, 8)
    counties = max(2, rest // 250)
    towns = max(counties, rest * 8 // 100)
    schools = max(counties, rest * 30 // 100)
    return counties, towns, schools, rest - counties - towns - schools


class _Builder:
    def __init__(self, seed: int, count: int) -> None:
        self.rng, self.prefix = random.Random(seed), mark(seed)
        self.ids = iter(allocate_ids(Unit, count))
        self.serial = 0

    def unit(self, parent: Unit | None, kind: str, name: str, stage: str = "", area: str = "") -> Unit:
        pk, self.serial = next(self.ids), self.serial + 1
        unit = Unit(pk=pk, parent=parent, name=name[:100], code=f"{self.prefix}-{self.serial:06d}", kind=kind)
        unit.stage, unit.area = stage, area
        unit.depth = parent.depth + 1 if parent else 0
        unit.path = (parent.path if parent else "") + path_segment(pk)
        return unit


def build_tree(seed: int, total: int) -> Tree:
    counties, towns, schools, villages = shape(total)
    build = _Builder(seed, 2 + counties + towns + schools + villages)
    city = place_name(build.rng)
    root = build.unit(None, "city_bureau", f"{city}市教育局(模拟)")
    tree = Tree(root=root, office=build.unit(root, "department", f"{city}市教育局扶贫办"))
    for _ in range(counties):
        tree.counties.append(build.unit(root, "county_bureau", f"{place_name(build.rng)}县教育局"))
    for i in range(towns):
        tree.towns.append(build.unit(tree.counties[i % counties], "town", f"{place_name(build.rng)}镇", area="rural"))
    for i in range(schools):
        stage = STAGES[i % len(STAGES)]
        name = f"{place_name(build.rng)}{SCHOOL_KINDS[stage]}"
        tree.schools.append(build.unit(tree.counties[i % counties], "school", name, stage=stage))
    for i in range(villages):
        town = tree.towns[i % towns]
        tree.villages.append(build.unit(town, "village", f"{town.name}{place_name(build.rng)}村", area="rural"))
    insert_rows(Unit, tree.units)
    for unit in tree.units:
        unit._state.adding, unit._state.db = False, "default"
    return tree


@dataclass
class Accounts:
    office: User  # office admin, finance and reviewer of the city bureau
    reporter: User  # reporter of the first school
    cadre: User  # 帮扶责任人 of the first county


def build_accounts(seed: int, tree: Tree) -> Accounts:
    """Three accounts without a usable password (an admin sets one with `fupin changepassword`)."""
    prefix = mark(seed).lower()
    made = []
    for suffix, name in (("office", "模拟扶贫办"), ("reporter", "模拟报送员"), ("cadre", "模拟帮扶责任人")):
        user = User(username=f"{prefix}_{suffix}", name=name)
        user.set_unusable_password()
        user.save()
        made.append(user)
    office, reporter, cadre = made
    roles = [Role.OFFICE_ADMIN, Role.FINANCE, Role.REVIEWER, Role.AID_OFFICER]
    Membership.objects.bulk_create(
        [Membership(user=office, unit=tree.root, role=r) for r in roles]
        + [
            Membership(user=reporter, unit=tree.schools[0], role=Role.REPORTER),
            Membership(user=cadre, unit=tree.counties[0], role=Role.CADRE),
        ]
    )
    return Accounts(office=office, reporter=reporter, cadre=cadre)
