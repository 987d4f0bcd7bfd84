"""Demo units and accounts: a city bureau, three county bureaus, ~30 schools, towns and villages."""

from django.db import transaction

from .models import Role, Unit, User
from .services import create_account, create_unit, grant_role

DEMO_PASSWORD = "Fupin@2026"

COUNTIES = [
    ("DY", "东阳县", ["石桥镇", "柳溪镇"]),
    ("XC", "西川县", ["白马镇", "青山乡"]),
    ("NL", "南岭区", ["大湾镇"]),
]
VILLAGES = ["村", "岭村", "坪村"]
COUNTY_SCHOOLS = [
    ("第一中学", "secondary", "urban"),
    ("第二中学", "secondary", "urban"),
    ("城关小学", "primary", "urban"),
    ("实验小学", "primary", "urban"),
    ("职业技术学校", "vocational", "urban"),
    ("{town}中心小学", "primary", "rural"),
    ("{town}初级中学", "secondary", "rural"),
]
CITY_SCHOOLS = [
    ("清河市第一中学", "secondary", "urban"),
    ("清河市实验中学", "secondary", "urban"),
    ("清河市特殊教育学校", "primary", "urban"),
    ("清河职业技术学院", "higher", "urban"),
    ("清河市工业职业学校", "vocational", "urban"),
]
CITY_DEPARTMENTS = [
    ("FPB", "市教育局扶贫办"),
    ("ZZZX", "市学生资助中心"),
    ("CWK", "市教育局财务科"),
    ("XCK", "市教育局宣传科"),
]


def _phone(n: int) -> str:
    return f"139{n:08d}"


def _unit(by, parent, code, name, kind, stage="", area="", n=0):
    return create_unit(
        by=by,
        parent=parent,
        code=code,
        name=name,
        kind=kind,
        stage=stage,
        area=area,
        contact_person=f"{name[:2]}联络员",
        contact_phone=_phone(n),
        contact_email="",
    )


def _county(by, city, index, code, name, towns) -> dict[str, Unit]:
    county = _unit(by, city, f"QH-{code}", f"{name}教育局", "county_bureau", n=100 + index)
    made = {"county": county}
    n = 0
    for t_index, town_name in enumerate(towns):
        town = _unit(
            by, county, f"QH-{code}-T{t_index + 1}", f"{name}{town_name}", "town", n=200 + index * 10 + t_index
        )
        made.setdefault("first_town", town)
        for v_index, suffix in enumerate(VILLAGES):
            _unit(
                by,
                town,
                f"QH-{code}-T{t_index + 1}-V{v_index + 1}",
                f"{town_name[:2]}{'东西南'[v_index]}{suffix}",
                "village",
                area="rural",
                n=300 + index * 30 + t_index * 3 + v_index,
            )
    for s_name, stage, area in COUNTY_SCHOOLS:
        for town_name in towns if "{town}" in s_name else [""]:
            n += 1
            school = _unit(
                by,
                county,
                f"QH-{code}-S{n:02d}",
                name + s_name.format(town=town_name[:2]),
                "school",
                stage,
                area,
                n=400 + index * 20 + n,
            )
            made.setdefault("first_school", school)
    return made


@transaction.atomic
def build(ctx: dict) -> None:
    admin = User.objects.create_superuser("admin", password=DEMO_PASSWORD, name="系统管理员")
    ctx["admin"] = admin
    city = _unit(admin, None, "QH", "清河市教育局", "city_bureau", n=1)
    ctx["city"] = city
    depts = {
        code: _unit(admin, city, f"QH-{code}", name, "department", n=10 + i)
        for i, (code, name) in enumerate(CITY_DEPARTMENTS)
    }
    for i, (name, stage, area) in enumerate(CITY_SCHOOLS):
        _unit(admin, city, f"QH-S{i + 1:02d}", name, "school", stage, area, n=20 + i)
    counties = [_county(admin, city, i, code, name, towns) for i, (code, name, towns) in enumerate(COUNTIES)]
    ctx["counties"] = counties
    accounts = [
        ("city_admin", "王建国", city, Role.OFFICE_ADMIN),
        ("city_coordinator", "李红梅", depts["FPB"], Role.COORDINATOR),
        ("city_reviewer", "赵立新", city, Role.REVIEWER),
        ("city_auditor", "孙明", city, Role.AUDITOR),
        ("city_finance", "周丽", depts["CWK"], Role.FINANCE),
        ("city_aid_officer", "吴芳", depts["ZZZX"], Role.AID_OFFICER),
        ("city_viewer", "郑强", city, Role.VIEWER),
        ("county1_admin", "陈志刚", counties[0]["county"], Role.OFFICE_ADMIN),
        ("county1_cadre", "刘海波", counties[0]["county"], Role.CADRE),
        ("county2_admin", "杨帆", counties[1]["county"], Role.OFFICE_ADMIN),
        ("county3_admin", "黄晓东", counties[2]["county"], Role.OFFICE_ADMIN),
        ("school1_reporter", "林小燕", counties[0]["first_school"], Role.REPORTER),
        ("school2_reporter", "何静", counties[1]["first_school"], Role.REPORTER),
        ("city_supervisor", "冯正", city, Role.SUPERVISOR),  # the bureau's 纪检: public concerns about drives
    ]
    ctx["accounts"] = []
    for i, (username, name, unit, role) in enumerate(accounts):
        user, _ = create_account(
            by=admin, unit=unit, username=username, name=name, role=role, phone=_phone(900 + i), password=DEMO_PASSWORD
        )
        User.objects.filter(pk=user.pk).update(must_change_password=False)
        ctx["accounts"].append((username, name, unit.name, role.label))
    grant_role(
        by=admin, user=User.objects.get(username="county1_cadre"), unit=counties[0]["first_town"], role=Role.CADRE
    )
