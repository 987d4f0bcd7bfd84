"""Pairing rules: one responsible cadre per household at a time (in the database too), history kept, each kind
pairs the right sides, visits never dated in the future, photos stripped of location."""

import io
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from PIL import Image

from fupin.audit.models import AuditEvent
from fupin.households.tests.factories import NUMBERS, household
from fupin.lib.uploads import check_photo
from fupin.orgs.tests.factories import school
from fupin.pairing.models import Pairing, Visit, VisitPhoto
from fupin.pairing.services import create_pairing, end_pairing, record_visit

from .factories import cadre_pairing, jpeg, photo, visit

pytestmark = pytest.mark.django_db


@pytest.fixture
def cadre(tree, make_user):
    return make_user("liu_cadre", tree.county1, "cadre", name="刘海波", phone="13900000001")


def test_a_household_has_one_responsible_cadre_at_a_time(tree, county_officer, cadre, make_user):
    first = cadre_pairing(county_officer, tree.county1, cadre, tree.village1)
    second_cadre = make_user("zhang_cadre", tree.county1, "cadre", name="张伟")
    with pytest.raises(ValidationError) as exc:
        create_pairing(
            by=county_officer,
            kind="cadre_household",
            unit=tree.county1,
            cadre=second_cadre,
            household=first.household,
            started_on=date(2025, 10, 1),
        )
    assert exc.value.message_dict == {"household": ["该户已有帮扶责任人 刘海波(2025-09-01 起),请先结束原结对"]}
    assert Pairing.objects.filter(household=first.household).count() == 1


def test_the_database_keeps_one_open_cadre_pairing_per_household(tree, county_officer, cadre):
    first = cadre_pairing(county_officer, tree.county1, cadre, tree.village1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Pairing.objects.create(
            kind="cadre_household",
            unit=tree.county1,
            cadre=cadre,
            household=first.household,
            started_on=date(2025, 10, 1),
        )


def test_ending_a_pairing_keeps_it_as_history_and_frees_the_household(tree, county_officer, cadre, make_user):
    first = cadre_pairing(county_officer, tree.county1, cadre, tree.village1)
    end_pairing(by=county_officer, pairing=first, ended_on=date(2025, 12, 31))
    next_cadre = make_user("zhang_cadre", tree.county1, "cadre", name="张伟")
    create_pairing(
        by=county_officer,
        kind="cadre_household",
        unit=tree.county1,
        cadre=next_cadre,
        household=first.household,
        started_on=date(2026, 1, 1),
    )
    history = Pairing.objects.filter(household=first.household).order_by("started_on")
    assert [(p.cadre.username, p.ended_on) for p in history] == [
        ("liu_cadre", date(2025, 12, 31)),
        ("zhang_cadre", None),
    ]
    assert AuditEvent.objects.filter(target_type="pairing.pairing").count() == 3


def test_a_responsible_cadre_belongs_to_the_helping_unit(tree, county_officer, make_user):
    stranger = make_user("xc_cadre", tree.county2, "cadre")
    made = household(county_officer, tree.village1)
    with pytest.raises(ValidationError) as exc:
        create_pairing(
            by=county_officer,
            kind="cadre_household",
            unit=tree.county1,
            cadre=stranger,
            household=made,
            started_on=date(2025, 9, 1),
        )
    assert exc.value.message_dict == {"cadre": ["帮扶责任人须是帮扶单位的成员"]}
    assert Pairing.objects.count() == 0


def test_an_urban_school_pairs_only_with_a_rural_school(tree, county_officer):
    urban = school(tree.county1, "东阳县实验小学", code="QH-DY-S02", area="urban")
    with pytest.raises(ValidationError) as exc:
        create_pairing(
            by=county_officer, kind="school_school", unit=tree.school1, partner_unit=urban, started_on=date(2025, 9, 1)
        )
    assert exc.value.message_dict == {"partner_unit": ["城乡学校结对须由学校与农村学校结对"]}
    rural = school(tree.town1, "石桥镇中心小学", code="QH-DY-S03", area="rural")
    made = create_pairing(
        by=county_officer, kind="school_school", unit=tree.school1, partner_unit=rural, started_on=date(2025, 9, 1)
    )
    assert Pairing.objects.get().partner_unit == rural == made.partner_unit


def test_a_unit_pairs_with_a_village_not_a_town(tree, county_officer):
    with pytest.raises(ValidationError) as exc:
        create_pairing(
            by=county_officer,
            kind="unit_village",
            unit=tree.school1,
            partner_unit=tree.town1,
            started_on=date(2025, 9, 1),
        )
    assert exc.value.message_dict == {"partner_unit": ["结对对象须是村"]}
    assert Pairing.objects.count() == 0


def test_a_visit_dated_in_the_future_is_refused(tree, county_officer, cadre):
    pairing = cadre_pairing(county_officer, tree.county1, cadre, tree.village1)
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(ValidationError) as exc:
        visit(cadre, pairing, tomorrow)
    assert exc.value.message_dict["visited_on"][0].startswith("走访日期不能晚于今天(")
    assert Visit.objects.count() == 0


def test_a_follow_up_before_the_visit_is_refused(tree, county_officer, cadre):
    pairing = cadre_pairing(county_officer, tree.county1, cadre, tree.village1)
    with pytest.raises(ValidationError) as exc:
        visit(cadre, pairing, date(2025, 10, 10), follow_up_on=date(2025, 10, 9))
    assert exc.value.message_dict == {"follow_up_on": ["回访日期应晚于走访日期"]}
    assert Visit.objects.count() == 0


def test_another_cadre_cannot_record_a_visit_for_the_pairing(tree, county_officer, cadre, make_user):
    pairing = cadre_pairing(county_officer, tree.county1, cadre, tree.village1)
    other = make_user("zhang_cadre", tree.county1, "cadre")
    with pytest.raises(PermissionDenied) as exc:
        visit(other, pairing, date(2025, 10, 10))
    assert str(exc.value) == "无权为该结对登记走访"
    assert Visit.objects.count() == 0


def test_a_visit_photo_is_stored_without_its_location(tree, county_officer, cadre):
    pairing = cadre_pairing(county_officer, tree.county1, cadre, tree.village1)
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (30.0, 15.0, 0.0)}  # GPS IFD
    checked = check_photo("带定位.jpg", jpeg(exif=exif.tobytes()))
    made = visit(cadre, pairing, date(2025, 10, 10), measures="申请小额信贷发展养殖", photos=[checked, photo()])
    stored = VisitPhoto.objects.filter(visit=made).order_by("pk").first()
    with stored.file.open("rb") as f:
        image = Image.open(io.BytesIO(f.read()))
    assert image.getexif().get_ifd(0x8825) == {}
    assert made.photos.count() == 2


def test_a_location_is_kept_only_with_consent(tree, county_officer, cadre):
    pairing = cadre_pairing(county_officer, tree.county1, cadre, tree.village1)
    common = {"by": cadre, "pairing": pairing, "kind": "home_visit", "visitors": "刘海波"}
    without = record_visit(
        visited_on=date(2025, 10, 10), latitude=Decimal("30.1"), longitude=Decimal("120.2"), **common
    )
    assert (without.latitude, without.longitude) == (None, None)
    agreed = record_visit(
        visited_on=date(2025, 10, 11),
        location_consent=True,
        latitude=Decimal("30.1"),
        longitude=Decimal("120.2"),
        **common,
    )
    agreed.refresh_from_db()
    assert (str(agreed.latitude), str(agreed.longitude)) == ("30.100000", "120.200000")


def test_a_visit_outside_the_pairing_period_is_refused(tree, county_officer, cadre):
    pairing = cadre_pairing(county_officer, tree.county1, cadre, tree.village1, number=NUMBERS[1])
    with pytest.raises(ValidationError) as exc:
        visit(cadre, pairing, date(2025, 8, 1))
    assert exc.value.message_dict == {"visited_on": ["走访日期不在结对期间内"]}
    assert Visit.objects.count() == 0


def test_a_school_pairing_records_its_joint_activity_and_only_it_does(tree, county_officer, cadre):
    rural = school(tree.town1, "石桥镇中心小学", code="QH-DY-S03", area="rural")
    pairing = create_pairing(
        by=county_officer, kind="school_school", unit=tree.school1, partner_unit=rural, started_on=date(2025, 9, 1)
    )
    made = record_visit(
        by=county_officer,
        pairing=pairing,
        kind="joint_activity",
        visited_on=date(2025, 10, 16),
        visitors="两校师生代表",
        place="石桥镇中心小学",
        participants=120,
        photos=[photo()],
    )
    assert (made.place, made.participants, made.photos.count()) == ("石桥镇中心小学", 120, 1)
    household_pairing = cadre_pairing(county_officer, tree.county1, cadre, tree.village1)
    with pytest.raises(ValidationError) as exc:
        record_visit(
            by=county_officer,
            pairing=household_pairing,
            kind="joint_activity",
            visited_on=date(2025, 10, 16),
            visitors="两校师生代表",
        )
    assert exc.value.message_dict == {"kind": ["联合活动只用于城乡学校结对"]}
    assert Visit.objects.count() == 1
