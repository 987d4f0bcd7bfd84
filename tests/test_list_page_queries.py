"""Every list page costs a fixed number of queries however much data its reader can see (no N+1).

Each page is read by a role that sees it, in a small synthetic province and in one five times larger
(`fupin synth`: units, tasks and hand-ins, reviews, households, students, a drive and its gifts; plus, through
the apps' services, 干部包户 pairings, photos, events, nominations and aid programmes), each built in a savepoint
that is rolled back. Its count must be the same in both and at most the maximum stated here. A new
page without an id in the URL conf fails `test_every_page_without_an_id_is_classified` until it is listed here
as a list page (with its reader and maximum) or as a page that is not a list.
"""

from datetime import date

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from fupin.aid.tests.factories import program
from fupin.commendations.tests.factories import nomination
from fupin.ops.synth import Province, build_province
from fupin.ops.synth.people import id_number
from fupin.pairing.tests.factories import cadre_pairing
from fupin.publicity.tests.factories import event, photo

pytestmark = pytest.mark.django_db

# page: (reader, most queries, the session, the account and its roles included). Readers: the city office
# (office admin, finance, reviewer, aid officer), a school's reporter, a county's 帮扶责任人, or the public.
LIST_PAGES = {
    "unit_list": ("office", 8),
    "audit_list": ("office", 9),
    "campaign_list": ("office", 7),
    "my_tasks": ("reporter", 8),
    "review_queue": ("office", 8),
    "drive_index": ("public", 4),
    "concern_list": ("office", 6),
    "drive_list": ("office", 7),
    "nomination_list": ("office", 9),
    "household_list": ("office", 8),
    "pairing_list": ("office", 7),
    "my_pairings": ("cadre", 7),
    "coverage": ("office", 17),
    "wish_list": ("office", 8),
    "public_wish_list": ("public", 3),
    "project_list": ("office", 9),
    "public_project_list": ("public", 2),
    "photo_list": ("office", 11),
    "selection_list": ("office", 10),
    "event_list": ("office", 8),
    "exhibition_list": ("office", 10),
    "news_list": ("office", 8),
    "banner_list": ("office", 7),
    "student_list": ("office", 7),
    "student_ledger": ("office", 7),
    "program_list": ("office", 7),
    "bank_layout_list": ("office", 9),
    "aid_disclosure_list": ("public", 1),
    "aid_coverage": ("office", 10),
    "paired_student_list": ("office", 8),
    "opportunity_list": ("office", 8),
    "public_opportunity_list": ("public", 1),
    "honour_nomination_list": ("office", 10),
    "commendation_list_index": ("office", 12),
    "public_commendation_lists": ("public", 1),
    "assessment_index": ("office", 8),
    "api_tokens": ("office", 7),
}
NOT_LISTS = {
    "public_home",  # redirects to the public campaign page
    "home",  # the workbench: panels of fixed size
    "password_change",
    "deadline_preview",
    "mark_reminders_read",
    "notice_import",
    "notice_draft",
    "selection_forward",
    "login",
    "logout",
    "set_language",
    "media_report_create",
}
FORMS_AND_FILES = ("_create", "import", "export", "_upload")


def _pages_without_id(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if not str(pattern.pattern).startswith(("admin", "api")):
                yield from _pages_without_id(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern) and pattern.name and "<" not in prefix + str(pattern.pattern):
            yield pattern.name


def test_every_page_without_an_id_is_classified():
    pages = set(_pages_without_id(get_resolver().url_patterns))
    unclassified = {p for p in pages - set(LIST_PAGES) - NOT_LISTS if not any(w in p for w in FORMS_AND_FILES)}
    assert unclassified == set()
    assert set(LIST_PAGES) - pages == set()  # no page listed here has gone


def _more(province: Province, count: int) -> None:
    """What synth does not build, `count` of each through the apps' services: 干部包户 pairings, photos,
    events, nominations for commendation and aid programmes."""
    office, tree, campaign = province.accounts.office, province.tree, province.campaign
    village = tree.villages[0] if tree.villages[0].path.startswith(tree.counties[0].path) else tree.villages[1]
    for n in range(count):
        number = id_number(99, date(1960, 1, 1), n + 1)
        cadre_pairing(office, tree.counties[0], province.accounts.cadre, village, f"模拟户主{n}", number)
        photo(office, tree.root, f"扶贫日主题活动照片{n}")
        event(office, tree.root, campaign=campaign, title=f"扶贫日主题班会{n}")
        nomination(office, tree.root, campaign, name=f"模拟先进{n}")
        program(office, tree.root, name=f"模拟资助项目{n}")


def _counts(seed: int, units: int, rows: int) -> dict[str, int]:
    """Each list page's queries in a province of `units` units and `rows` households, students and gifts."""
    counts = {}
    with transaction.atomic():
        province = build_province(seed=seed, units=units, households=rows, students=rows, donations=rows)
        _more(province, rows // 4)
        readers = {"office": province.accounts.office, "reporter": province.accounts.reporter}
        readers["cadre"] = province.accounts.cadre
        for name, (reader, _most) in LIST_PAGES.items():
            client = Client()
            if reader != "public":
                client.force_login(readers[reader])
            with CaptureQueriesContext(connection) as queries:
                response = client.get(reverse(name), follow=True)
            assert response.status_code == 200, name
            counts[name] = len(queries.captured_queries)
        transaction.set_rollback(True)
    return counts


def test_list_pages_cost_the_same_queries_when_the_data_grows():
    small, large = _counts(31, 40, 4), _counts(32, 200, 20)

    grew = {name: (small[name], large[name]) for name in LIST_PAGES if large[name] != small[name]}
    over = {name: (large[name], most) for name, (_reader, most) in LIST_PAGES.items() if large[name] > most}
    assert grew == {}, "queries grew with the data (small, large)"
    assert over == {}, "more queries than the page's stated maximum (counted, most)"
