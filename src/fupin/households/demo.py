"""Demo: the registered households of every demo village (建档立卡户, 脱贫监测户, 边缘户) with their members and
their 脱贫 history, registered through the service like real ones. ID numbers are made-up but valid."""

from django.db import transaction

from fupin.lib.id_numbers import check_digit
from fupin.orgs.models import Unit, UnitKind, User

from . import services

HEADS = ["王大山", "李四海", "赵老五", "陈德福", "张秀英", "刘长根", "杨桂兰", "黄土生", "周有田", "吴春花", "孙满仓"]
SPOUSES = ["李桂芳", "王秀珍", "张玉梅", "刘翠花", "陈金凤"]
CHILDREN = [
    ("王小明", "male", 2012, "primary"),
    ("王小红", "female", 2009, "junior"),
    ("李佳怡", "female", 2007, "senior"),
]
# (category, causes, status, history year, note)
PROFILES = [
    ("registered_poor", ["illness"], "lifted", 2019, "家中有慢性病人,医疗救助后脱贫"),
    ("monitored", ["disability", "labour"], "monitoring", 2024, "户主残疾,缺少劳动力"),
    ("registered_poor", ["schooling", "funds"], "lifted", 2020, "两个孩子上学,教育资助后脱贫"),
    ("borderline", ["disaster"], "monitoring", 2025, "房屋受灾,列为边缘户"),
]


def _number(n: int, birth_year: int) -> str:
    first17 = f"430524{birth_year}{(n % 12) + 1:02d}{(n % 27) + 1:02d}{n % 1000:03d}"
    return first17 + check_digit(first17)


def _household(by: User, village: Unit, n: int) -> None:
    category, causes, status, year, note = PROFILES[n % len(PROFILES)]
    born = 1955 + (n * 7) % 30
    household = services.register_household(
        by=by,
        village=village,
        head_name=HEADS[n % len(HEADS)],
        id_number=_number(n, born),
        category=category,
        poverty_causes=causes,
        cause_note=note,
        status="in_poverty",
        status_year=2016,
    )
    services.record_status(by=by, household=household, status=status, year=year, note=note)
    member = {"relation": "head", "sex": "male", "schooling": "primary", "health": "healthy"}
    services.add_member(by=by, household=household, name=household.head_name, birth_year=born, **member)
    spouse = {"relation": "spouse", "sex": "female", "schooling": "junior", "health": "chronic"}
    services.add_member(by=by, household=household, name=SPOUSES[n % len(SPOUSES)], birth_year=born + 2, **spouse)
    name, sex, birth_year, schooling = CHILDREN[n % len(CHILDREN)]
    child = {"relation": "child", "sex": sex, "schooling": schooling, "health": "healthy"}
    services.add_member(by=by, household=household, name=name, birth_year=birth_year, **child)


@transaction.atomic
def build(ctx: dict) -> None:
    admin = ctx["admin"]
    n = 0
    for village in Unit.objects.filter(kind=UnitKind.VILLAGE).order_by("path"):
        for _ in range(4):
            _household(admin, village, n)
            n += 1
    ctx["households"] = n
