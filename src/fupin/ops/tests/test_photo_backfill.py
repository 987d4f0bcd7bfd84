"""`fupin photos backfill`: photos of visits and 微心愿 receipts recorded before the photo library took them are
filed the way they are filed when recorded now, once, even by two runs at the same moment; a dry run only
counts."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from fupin.audit.models import AuditEvent
from fupin.lib.tests.races import race
from fupin.matching import project_services
from fupin.matching import services as wish_services
from fupin.matching.tests.factories import People, photo
from fupin.ops.photo_backfill import backfill_library
from fupin.pairing.models import VisitPhoto
from fupin.pairing.services import create_pairing
from fupin.pairing.tests.factories import NUMBERS, cadre_pairing, visit
from fupin.pairing.tests.factories import photo as visit_photo
from fupin.publicity.models import Photo

pytestmark = pytest.mark.django_db

NOTE = "补录走访、微心愿、项目照片到图片库"


@pytest.fixture
def recorded_before_the_library(tree, make_user, county_officer):
    """A visit with one photo and a student's confirmed wish, whose library photos are then removed, as if they
    had been recorded before the library took them."""
    cadre = make_user("liu_cadre", tree.county1, "cadre", name="刘海波", phone="13900000001")
    pairing = cadre_pairing(county_officer, tree.county1, cadre, tree.village1, "李小河", NUMBERS[1])
    visit(cadre, pairing, date(2025, 10, 10), measures="申请小额信贷发展养殖", photos=[visit_photo()])
    people = People(tree, make_user, county_officer)
    wish = wish_services.post_wish(
        by=people.village_reporter,
        campaign=people.campaign,
        category="study_supplies",
        title="一套课外读物",
        value_fen=8_000,
        reason="喜欢读书,家里没有课外书",
        student_name="王小明",
        unit=tree.village1,
    )
    wish = wish_services.approve_wish(by=people.town_reviewer, wish=wish)
    claim = wish_services.claim_wish(by=county_officer, wish=wish)
    wish_services.record_delivery(by=county_officer, claim=claim, kind="handed_over", note="送到学生家中")
    wish_services.confirm_receipt(by=people.village_reporter, wish=wish, photo=photo("收到读物.jpg"))
    assert Photo.objects.count() == 2
    Photo.objects.all().delete()
    return people


def _run(*args):
    out = StringIO()
    call_command("photos", "backfill", *args, stdout=out)
    return out.getvalue()


def test_a_dry_run_counts_per_source_and_files_nothing(recorded_before_the_library):
    out = _run()
    assert "入户走访:共 1 张,已在图片库 0 张,待补录 1 张" in out
    assert "微心愿实现:共 1 张,已在图片库 0 张,待补录 1 张" in out
    assert "帮扶项目:共 0 张,已在图片库 0 张,待补录 0 张" in out
    assert not Photo.objects.exists()
    assert not AuditEvent.objects.filter(note=NOTE).exists()


def test_backfill_files_visit_and_wish_photos_as_when_recorded_and_a_second_run_files_nothing(
    recorded_before_the_library,
):
    assert "已补录 2 张照片" in _run("--apply")
    filed = [
        (p.source, p.unit.name, p.caption, p.taken_on, p.theme, p.is_publishable, p.shows_minors, p.may_be_public)
        for p in Photo.objects.order_by("source")
    ]
    assert filed[0] == (
        "visit",
        "东阳县教育局",
        "2025-10-10 帮扶责任人刘海波到石桥东村入户走访",
        date(2025, 10, 10),
        "social_services",
        False,
        False,
        False,
    )
    assert filed[1][:3] == ("wish", "石桥东村", "微心愿「一套课外读物」已实现,受助方收到心愿物品")
    assert filed[1][4:] == ("social_services", False, True, False)
    assert all(p.thumbnail.name and p.size_bytes > 0 for p in Photo.objects.all())
    assert Photo.objects.get(source="wish").campaign == recorded_before_the_library.campaign
    run = AuditEvent.objects.get(note=NOTE)
    assert run.changes == {"入户走访": [0, 1], "微心愿实现": [0, 1], "帮扶项目": [0, 0]}

    again = _run("--apply")
    assert "入户走访:共 1 张,已在图片库 1 张,补录 0 张" in again
    assert "微心愿实现:共 1 张,已在图片库 1 张,补录 0 张" in again
    assert Photo.objects.count() == 2


def test_a_backfilled_visit_photo_says_the_date_the_cadre_and_the_village_never_the_head_id_or_phone(
    recorded_before_the_library, tree, county_officer
):
    pairing = create_pairing(
        by=county_officer,
        kind="unit_village",
        unit=tree.county1,
        partner_unit=tree.village1,
        started_on=date(2025, 9, 1),
    )
    visit(county_officer, pairing, date(2025, 10, 12), kind="leader_visit", photos=[visit_photo("慰问.jpg")])
    Photo.objects.filter(source="visit").delete()
    _run("--apply")
    captions = list(Photo.objects.filter(source="visit").order_by("taken_on").values_list("caption", flat=True))
    assert captions == [
        "2025-10-10 帮扶责任人刘海波到石桥东村入户走访",
        "2025-10-12 东阳县教育局到石桥东村一线慰问调研",
    ]
    for caption in captions:
        assert "李小河" not in caption and NUMBERS[1] not in caption and "13900000001" not in caption


def test_photos_filed_when_recorded_are_not_filed_again(tree, make_user, county_officer):
    cadre = make_user("liu_cadre", tree.county1, "cadre", name="刘海波", phone="13900000001")
    pairing = cadre_pairing(county_officer, tree.county1, cadre, tree.village1)
    visit(cadre, pairing, date(2025, 10, 10), photos=[visit_photo()])
    assert "入户走访:共 1 张,已在图片库 1 张,补录 0 张" in _run("--apply")
    assert Photo.objects.count() == 1


def test_a_project_progress_photo_is_backfilled_public_on_the_project_pages_terms(tree, make_user, county_officer):
    people = People(tree, make_user, county_officer)
    project = project_services.create_project(
        by=county_officer,
        campaign=people.campaign,
        village=tree.village1,
        kind="skills_training",
        title="石桥东村电商培训",
        description="培训 40 名村民",
        budget_fen=2_000_000,
    )
    shots = [
        project_services.ProgressPhoto(photo("课堂.jpg"), "村民在村委会学习开网店"),
        project_services.ProgressPhoto(photo("孩子.jpg"), "学员的孩子在旁观看", shows_minors=True),
    ]
    project_services.record_progress(by=county_officer, project=project, note="第一期开班", photos=shots)
    Photo.objects.all().delete()
    assert "帮扶项目:共 2 张,已在图片库 0 张,补录 2 张" in _run("--apply")
    assert [(p.source, p.unit.name, p.caption, p.theme, p.may_be_public) for p in Photo.objects.order_by("pk")] == [
        ("project", "石桥东村", "村民在村委会学习开网店", "industry", True),
        ("project", "石桥东村", "学员的孩子在旁观看", "industry", False),
    ]


def test_a_photo_whose_stored_file_is_gone_or_unreadable_is_named_and_not_filed(recorded_before_the_library):
    stored = VisitPhoto.objects.get()
    name = stored.file.name
    stored.file.storage.delete(name)
    out = _run("--apply")
    assert f"照片文件已不存在或无法读取,未补录:入户走访:{name}" in out
    assert "入户走访:共 1 张,已在图片库 0 张,补录 0 张" in out
    assert list(Photo.objects.values_list("source", flat=True)) == ["wish"]
    Photo.objects.all().delete()
    with stored.file.storage.open(name, "wb") as broken:
        broken.write(b"not a photo")
    assert f"照片文件已不存在或无法读取,未补录:入户走访:{name}" in _run()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent connections: PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_backfill_runs_at_the_same_moment_file_each_photo_once(recorded_before_the_library):
    outcomes = race(lambda: sum(backfill_library(apply=True).filed.values()), [(), ()])
    assert sorted(outcomes) == ["ok:0", "ok:2"], outcomes
    assert sorted(Photo.objects.values_list("source", flat=True)) == ["visit", "wish"]
    runs = AuditEvent.objects.filter(note=NOTE).order_by("seq")
    assert [run.changes for run in runs] == [
        {"入户走访": [0, 1], "微心愿实现": [0, 1], "帮扶项目": [0, 0]},
        {"入户走访": [0, 0], "微心愿实现": [0, 0], "帮扶项目": [0, 0]},
    ]
