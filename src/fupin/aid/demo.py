"""Demo: the county's 2026 programme for new college students — 2000 元 each, funded jointly by 县扶贫办, 团县委,
县总工会 and 县红十字会 — with its students registered, listed, approved by a colleague, paid in one batch and
publicised (its bank file in the county bank's layout); a few 残疾证 are on file; two long-term 学生结对 of the
county's first school, one linked to its aided student, one left for the officer to link; the other counties'
students are registered too, with a few 应助尽助 gaps left to close. The city 学生资助中心 acts for the whole city.
ID numbers are made-up but valid."""

import io
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw

from fupin.lib.id_numbers import check_digit
from fupin.lib.uploads import check_photo
from fupin.orgs.models import Role, Unit, UnitKind, User
from fupin.orgs.services import grant_role
from fupin.pairing.services import create_pairing

from .models import BankLayout, Student
from .services.awards import approve_awards, propose_awards
from .services.bank_layouts import choose_bank_layout, save_bank_layout
from .services.batches import approve_batch, create_batch
from .services.disclosure import publish_disclosure
from .services.evidence import add_student_evidence
from .services.pairings import link_paired_student
from .services.programs import add_funding_source, create_program
from .services.students import register_student

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = ["子涵", "欣怡", "浩然", "雨桐", "宇轩", "思琪", "俊杰", "佳怡", "明轩", "梓萱", "晨阳", "诗雨"]
# (pledged 元, received 元): 县红十字会's pledge is not all in yet.
FUNDERS = [
    ("县扶贫办", 300000, 300000),
    ("团县委", 100000, 100000),
    ("县总工会", 100000, 100000),
    ("县红十字会", 100000, 60000),
]


def _number(n: int) -> str:
    first17 = f"43052{n % 4}{2006 + n % 3}{n % 12 + 1:02d}{n % 27 + 1:02d}{n % 1000:03d}"
    return first17 + check_digit(first17)


def _students(by: User, schools: list[Unit], start: int, count: int) -> list[Student]:
    made = []
    for i in range(count):
        n = start + i
        college = i % 3 != 2
        made.append(
            register_student(
                by=by,
                school=schools[n % len(schools)],
                name=SURNAMES[n % len(SURNAMES)] + GIVEN[n % len(GIVEN)],
                id_number=_number(n),
                stage="college" if college else "senior",
                grade="大一" if college else "高三",
                is_new_student=college,
                categories=["registered_poor"] + (["disabled"] if n % 7 == 0 else []),
                difficulty=["severe", "difficult", "mild"][n % 3],
                card_number=f"62220212{n:011d}",
            )
        )
    return made


def _programme(officer: User, reviewer: User, county: Unit) -> None:
    program = create_program(
        by=officer,
        unit=county,
        name="2026年新录取大学生资助",
        level="county",
        amount_fen=200000,
        target_count=300,
        categories=["registered_poor"],
        stages=["college"],
        new_students_only=True,
        opens_on=date(2026, 8, 1),
        closes_on=date(2026, 9, 30),
    )
    sources = [
        add_funding_source(by=officer, program=program, name=name, pledged_fen=p * 100, received_fen=r * 100)
        for name, p, r in FUNDERS
    ]
    eligible = list(Student.objects.filter(school__path__startswith=county.path, stage="college", is_new_student=True))
    awards = propose_awards(by=officer, program=program, students=eligible[:12], source=sources[0])
    awards += propose_awards(by=officer, program=program, students=eligible[12:], source=sources[1])
    approve_awards(by=reviewer, program=program, awards=awards)
    batch = approve_batch(by=reviewer, batch=create_batch(by=officer, program=program))
    choose_bank_layout(by=officer, batch=batch, layout=bank_layout(officer, county))
    today = timezone.localdate()
    publish_disclosure(by=officer, program=program, starts_on=today, ends_on=today + timedelta(days=7))


def bank_layout(officer: User, county: Unit) -> BankLayout:
    """The county's bank asks for its own column names and order, with 开户行 and a 用途 note."""
    columns = [
        ("line", "流水号"),
        ("name", "户名"),
        ("card_number", "卡号"),
        ("amount", "金额"),
        ("id_number", "证件号码"),
        ("bank", "开户行"),
        ("note", "用途"),
    ]
    return save_bank_layout(
        by=officer, unit=county, name="农业银行代发格式", bank="中国农业银行东阳县支行", columns=columns
    )


def _certificate_photo() -> bytes:
    """A plain card-like picture standing in for a photographed 残疾证 (no real person's data)."""
    image = Image.new("RGB", (900, 600), (236, 228, 210))
    draw = ImageDraw.Draw(image)
    draw.rectangle((40, 40, 860, 560), outline=(150, 40, 40), width=8)
    draw.rectangle((80, 120, 300, 400), fill=(210, 200, 185))
    for y in range(140, 420, 60):
        draw.line((360, y, 800, y), fill=(120, 110, 100), width=4)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()


def file_certificates(officer: User) -> None:
    """A 残疾证 on file for the first disabled students, as the aid office keeps them."""
    photo = check_photo("残疾证.jpg", _certificate_photo())
    for pupil in Student.objects.filter(categories__icontains='"disabled"').order_by("pk")[:3]:
        add_student_evidence(by=officer, student=pupil, category="disabled", document=photo)


def student_pairings(officer: User, admin: User, county: Unit) -> None:
    """Two city pupils paired with aided students of the county's first school since last autumn."""
    aided = list(Student.objects.filter(school__path__startswith=county.path, awards__status="approved").order_by("pk"))
    for helper, pupil in zip(("陈思远", "林雨晨"), aided[:2], strict=True):
        pairing = create_pairing(
            by=admin,
            kind="student_student",
            unit=pupil.school,
            started_on=date(2025, 9, 1),
            helper_name=helper,
            partner_name=pupil.name,
            note="城乡学生手拉手,每学期通信并互赠图书",
        )
        if helper == "陈思远":
            link_paired_student(by=officer, pairing=pairing, side="partner", student=pupil)


@transaction.atomic
def build(ctx: dict) -> None:
    officer = User.objects.get(username="city_aid_officer")
    grant_role(by=ctx["admin"], user=officer, unit=ctx["city"], role=Role.AID_OFFICER)
    reviewer = User.objects.get(username="county1_admin")
    start = 0
    for made in ctx["counties"]:
        county = made["county"]
        schools = list(Unit.objects.filter(path__startswith=county.path, kind=UnitKind.SCHOOL).order_by("path"))
        _students(officer, schools, start, 24)
        start += 24
    _programme(officer, reviewer, ctx["counties"][0]["county"])
    student_pairings(officer, reviewer, ctx["counties"][0]["county"])
    file_certificates(officer)
    ctx["aid_students"] = start
