"""The short load run of CI: the 扶贫日 morning mix (tests/load) with 10 users for 40 s against a gunicorn app
server on PostgreSQL, a worker beside it. No request fails, every pledge the server answered 201 is one pledge row
(and locust saw no more than that), and the ledger check is clean."""

import sys

import pytest
from django.db import connection

from fupin.campaigns.tests.factories import campaign_with_requirements
from fupin.donations.tests.public_data import open_drive_today
from fupin.orgs.tests.factories import make_user
from tests.load.run import report, run
from tests.servers import Process, app_server, environment, ready, servers_password


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the production server runs on PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_the_morning_mix_runs_without_errors_and_every_pledge_is_recorded_once(tree, tmp_path, monkeypatch):
    city_admin = make_user("city_admin", tree.city, "office_admin")
    reporter = make_user("school1_reporter", tree.school1, "reporter")
    for user in (city_admin, reporter):
        servers_password(user)
    campaign_with_requirements(city_admin, tree.city)
    open_drive_today(city_admin, tree.city)
    monkeypatch.setenv("LOAD_REPORTERS", "school1_reporter")
    monkeypatch.setenv("LOAD_OFFICERS", "city_admin")
    env = environment(tmp_path, FUPIN_WEB_THREADS="8")
    access_log = tmp_path / "access.log"
    address, server = app_server(env, access_log)
    worker = Process([sys.executable, "-m", "fupin.cli", "worker", "--no-reload"], env, ready_at="Starting worker")
    try:
        ready(address, server)
        outcome = run(host=address, users=10, seconds=40, access_log=access_log)
    finally:
        server.stop()
        worker.stop()
    print(report(outcome))
    kinds = {row["Name"] for row in outcome.rows}
    assert {"public_home", "public_drives", "my_tasks", "task_detail", "hand_in", "review_queue"} <= kinds, kinds
    assert outcome.failures == [] and outcome.ledger == ""
    assert outcome.pledges_logged is not None and outcome.pledges_logged > 0
    assert outcome.pledges_added == outcome.pledges_logged and outcome.pledges_answered <= outcome.pledges_added
