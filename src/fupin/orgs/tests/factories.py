"""Factories for units and accounts; units are made through the service so their paths are right."""

from dataclasses import dataclass

import factory

from fupin.orgs.models import Membership, Unit, User
from fupin.orgs.services import create_unit

PASSWORD = "Fupin@2026"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    name = factory.Faker("name", locale="zh_CN")
    password = factory.django.Password(PASSWORD)


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    name = factory.Sequence(lambda n: f"测试单位{n}")
    code = factory.Sequence(lambda n: f"T{n:05d}")
    kind = "department"
    parent = None

    @classmethod
    def _create(cls, model_class, *args, parent=None, **kwargs):
        return create_unit(by=None, parent=parent, **kwargs)


def school(parent, name, stage="primary", **kw) -> Unit:
    return UnitFactory(parent=parent, name=name, kind="school", stage=stage, **kw)


@dataclass
class Tree:
    city: Unit
    department: Unit
    county1: Unit
    school1: Unit
    town1: Unit
    village1: Unit
    county2: Unit
    school2: Unit


def build_tree() -> Tree:
    city = UnitFactory(name="清河市教育局", code="QH", kind="city_bureau")
    department = UnitFactory(parent=city, name="市教育局扶贫办", code="QH-FPB", kind="department")
    county1 = UnitFactory(parent=city, name="东阳县教育局", code="QH-DY", kind="county_bureau")
    school1 = school(county1, "东阳县第一中学", "secondary", code="QH-DY-S01", area="urban")
    town1 = UnitFactory(parent=county1, name="东阳县石桥镇", code="QH-DY-T1", kind="town")
    village1 = UnitFactory(parent=town1, name="石桥东村", code="QH-DY-T1-V1", kind="village", area="rural")
    county2 = UnitFactory(parent=city, name="西川县教育局", code="QH-XC", kind="county_bureau")
    school2 = school(county2, "西川县第一中学", "secondary", code="QH-XC-S01", area="urban")
    return Tree(city, department, county1, school1, town1, village1, county2, school2)


def make_user(username: str, unit: Unit | None = None, role: str | None = None, **kw) -> User:
    user = UserFactory(username=username, **kw)
    if unit is not None and role is not None:
        Membership.objects.get_or_create(user=user, unit=unit, role=role)
    return user
