"""The office reads wishes and projects per county, and the project claims against the deadline the notice sets:
which named units claimed, when, on time, late or not at all."""

import io
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from fupin.campaigns.services import campaigns as campaign_services
from fupin.matching import project_services as ps
from fupin.matching import reports, services
from fupin.matching.models import ProjectClaim
from fupin.orgs.tests.factories import UnitFactory

from .factories import make_campaign, photo, wish

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def city(people, tree, city_officer):
    """The city's campaign: in county 1 two wishes (one fulfilled) and a project claimed in part; in county 2 a
    project claimed in full."""
    campaign = make_campaign(city_officer, tree.city)
    wish(people.village_reporter, campaign, people.household, title="待审核的心愿")
    done = services.approve_wish(
        by=people.town_reviewer, wish=wish(people.village_reporter, campaign, people.household, value_fen=15_000)
    )
    claim = services.claim_wish(by=people.county_officer, wish=done)
    services.record_delivery(by=people.county_officer, claim=claim, kind="handed_over", note="送到家")
    services.confirm_receipt(by=people.village_reporter, wish=done, photo=photo())
    village2 = UnitFactory(parent=tree.county2, name="白马村", code="QH-XC-V1", kind="village")
    made = {}
    for village, title, budget in ((tree.village1, "茶叶基地", 1_000_000), (village2, "光伏电站", 500_000)):
        made[title] = ps.create_project(
            by=city_officer,
            campaign=campaign,
            village=village,
            kind="solar",
            title=title,
            description="村集体项目",
            budget_fen=budget,
        )
    ps.claim_project(by=city_officer, project=made["茶叶基地"], unit=tree.county1, amount_fen=300_000)
    ps.claim_project(by=city_officer, project=made["光伏电站"], unit=tree.department, amount_fen=500_000)
    return campaign


def _row(r):
    wishes = (r.posted, r.vetted, r.ever_claimed, r.fulfilled, r.confirmed, r.expired, r.confirmed_fen)
    return (r.label, *wishes, r.projects, r.projects_claimed, r.projects_funded, r.claimed_fen)


def test_the_report_counts_wishes_and_projects_per_county_where_they_are(city, tree, city_officer):
    report = reports.county_report(city, tree.city)
    assert [_row(r) for r in report.rows] == [
        ("东阳县教育局", 2, 1, 1, 1, 1, 0, 15_000, 1, 1, 0, 300_000),
        ("西川县教育局", 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 500_000),
    ]
    assert _row(report.total) == ("合计", 2, 1, 1, 1, 1, 0, 15_000, 2, 2, 1, 800_000)


def test_a_county_office_reads_only_its_own_county_of_the_citys_campaign(city, people, login):
    page = login(people.county_officer).get(reverse("matching_report", args=[city.pk])).content.decode()
    assert "东阳县教育局" in page and "西川县教育局" not in page


def test_the_report_downloads_as_xlsx_with_the_same_figures(city, city_officer, login):
    response = login(city_officer).get(reverse("matching_report", args=[city.pk]), {"format": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [list(r) for r in sheet.iter_rows(min_row=2, values_only=True)]
    assert rows[0][:4] == ["县(区)", "发布", "审核通过", "被认领"]
    assert rows[1][:8] == ["东阳县教育局", 2, 1, 1, 1, 1, 0, 150]
    assert rows[3][0] == "合计" and rows[3][-1] == 8000


@pytest.fixture
def deadline(city, tree, city_officer):
    """The notice: 「项目认领回执须于10月10日前报市扶贫办」, naming county 1, county 2 and the department."""
    item = campaign_services.add_item(
        by=city_officer,
        campaign=city,
        title="认领一个项目",
        kind="project_claim",
        responsible_units=[tree.county1, tree.county2, tree.department],
    )
    campaign_services.add_requirement(
        by=city_officer, campaign=city, kind="stamped_scan", title="项目认领回执", due_text="10月10日前", item=item
    )
    on_time = datetime(2026, 10, 9, 11, 30, tzinfo=SHANGHAI)
    ProjectClaim.objects.filter(unit=tree.county1).update(claimed_at=on_time)
    return city


def test_the_office_sees_which_named_units_claimed_on_time_late_or_not_at_all(deadline, tree, city_officer):
    now = datetime(2026, 10, 20, 9, 0, tzinfo=SHANGHAI)
    ps.claim_project(
        by=city_officer, project=ProjectClaim.objects.get(unit=tree.county1).project, unit=tree.school1, amount_fen=100
    )
    result = reports.claims_deadline(deadline, tree.city, now)
    assert result.due_at == datetime(2026, 10, 11, 0, 0, tzinfo=SHANGHAI)  # the end of 10 October
    lines = [(line.unit.name, line.expected, line.claims, line.amount_fen, line.state) for line in result.lines]
    assert lines == [
        ("市教育局扶贫办", True, 1, 500_000, "late"),
        ("东阳县教育局", True, 1, 300_000, "on_time"),
        ("西川县教育局", True, 0, 0, "missing"),
        ("东阳县第一中学", False, 1, 100, "late"),
    ]


def test_the_claims_deadline_page_shows_the_resolved_deadline_and_each_units_state(deadline, city_officer, login):
    page = login(city_officer).get(reverse("claims_deadline", args=[deadline.pk])).content.decode()
    assert "2026年10月10日(周六)24:00" in page and "10月10日前" in page
    assert "按时认领" in page and "逾期认领" in page and "未认领" in page


def test_the_report_page_costs_the_same_queries_whatever_the_number_of_wishes(
    city, people, city_officer, login, django_assert_max_num_queries
):
    client = login(city_officer)
    for _n in range(5):
        services.approve_wish(by=people.town_reviewer, wish=wish(people.village_reporter, city, people.household))
    with django_assert_max_num_queries(20):
        page = client.get(reverse("matching_report", args=[city.pk])).content.decode()
    assert '<div class="stat" id="total-posted">7</div>' in page
