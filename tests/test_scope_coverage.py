"""Every page that takes an object id is in some app's 404-outside-scope test."""

from django.urls import URLPattern, URLResolver, get_resolver

from fupin.aid.tests import test_scope as aid_scope
from fupin.assessment.tests import test_scope as assessment_scope
from fupin.campaigns.tests import test_campaign_pages, test_progress, test_task_review_pages
from fupin.commendations.tests import test_scope as commendations_scope
from fupin.documents.tests import test_archive_scope, test_tasks_xlsx, test_word_pages
from fupin.donations.tests import test_public_scope
from fupin.donations.tests import test_staff_pages as donation_staff_pages
from fupin.households.tests import test_scope as household_scope
from fupin.jobs.tests import test_export_scope as export_jobs_scope
from fupin.jobs.tests import test_scope as jobs_scope
from fupin.matching.tests import test_project_pages as project_pages
from fupin.matching.tests import test_scope as matching_scope
from fupin.orgs.tests import test_scope
from fupin.pairing.tests import test_scope as pairing_scope
from fupin.publicity.tests import test_scope as publicity_scope
from fupin.volunteers.tests import test_scope as volunteers_scope

# The statistics pages' ids are covered by test_stats_pages (test_another_subtrees_…_give_404…).
STAT_PAGES = {
    "stat_fill",
    "stat_template",
    "stat_import",
    "stat_totals",
    "stat_export",
    "stat_define",
    "stat_build",
    "stat_attach",
    "stat_tables",
    "stat_choose_figure",  # test_stats_figure_choice: another office's POST answers 404
}


def _named_id_patterns(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _named_id_patterns(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern) and pattern.name and "<int:" in prefix + str(pattern.pattern):
            yield pattern.name


def test_every_page_that_takes_an_id_is_in_a_scope_test():
    covered = STAT_PAGES | {
        name
        for module in (
            test_scope,
            test_campaign_pages,
            test_progress,
            test_task_review_pages,
            test_archive_scope,
            test_word_pages,
            test_tasks_xlsx,
            donation_staff_pages,
            test_public_scope,
            household_scope,
            pairing_scope,
            jobs_scope,
            export_jobs_scope,
            matching_scope,
            project_pages,
            publicity_scope,
            aid_scope,
            volunteers_scope,
            commendations_scope,
            assessment_scope,
        )
        for name, _method, _target in module.ID_VIEWS
    }
    pages = set(_named_id_patterns(get_resolver().url_patterns))
    pages -= {name for name in pages if name.startswith(("admin", "api", "auditevent", "unit_", "user_"))} - covered
    assert pages - covered == set()
