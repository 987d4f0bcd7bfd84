"""The 扶贫日 morning mix for locust: 60% anonymous visitors of the public pages (one visit in ten pledges),
30% school reporters (我的任务, a task, a hand-in), 10% office users (progress, review queue, a statistics table).
Accounts and password come from LOAD_REPORTERS, LOAD_OFFICERS and LOAD_PASSWORD (the demo's by default).
Each request is named by its page kind, so the statistics come per kind."""

import itertools
import os
import re
import uuid

from locust import HttpUser, between, task

PASSWORD = os.environ.get("LOAD_PASSWORD", "Fupin@2026")
REPORTERS = itertools.cycle(os.environ.get("LOAD_REPORTERS", "school1_reporter,school2_reporter").split(","))
OFFICERS = itertools.cycle(os.environ.get("LOAD_OFFICERS", "city_admin,county1_admin").split(","))


class SignedIn(HttpUser):
    abstract = True

    def sign_in(self, username: str) -> None:
        self.client.get("/login/", name="login")
        form = {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": self.client.cookies["csrftoken"]}
        with self.client.post("/login/", data=form, name="login", allow_redirects=False, catch_response=True) as r:
            if r.status_code != 302:
                r.failure(f"{username} could not sign in: {r.status_code}")

    def first_id(self, path: str, pattern: str, name: str) -> int | None:
        page = self.client.get(path, name=name).text
        found = re.search(pattern, page)
        return int(found.group(1)) if found else None


class PublicVisitor(HttpUser):
    weight = 6
    wait_time = between(1, 3)

    def on_start(self) -> None:
        drives = self.client.get("/api/v1/public/drives", name="public_api_drives").json()["items"]
        self.drive = next((d["id"] for d in drives if d.get("pledge_url")), None)

    @task(9)
    def browse(self) -> None:
        self.client.get("/", name="public_home")
        self.client.get("/give/", name="public_drives")
        if self.drive:
            self.client.get(f"/api/v1/public/drives/{self.drive}/disclosure", name="public_disclosure")

    @task(1)
    def pledge(self) -> None:
        if not self.drive:
            return
        body = {"channel": "transfer", "donor_name": "爱心市民", "amount_fen": 5000, "is_not_duplicate": True}
        headers = {"Idempotency-Key": uuid.uuid4().hex}
        url = f"/api/v1/public/drives/{self.drive}/pledges"
        with self.client.post(url, json=body, headers=headers, name="pledge_post", catch_response=True) as r:
            if r.status_code != 201:
                r.failure(f"pledge answered {r.status_code}: {r.text[:200]}")


class SchoolReporter(SignedIn):
    weight = 3
    wait_time = between(2, 5)

    def on_start(self) -> None:
        self.sign_in(next(REPORTERS))
        self.task_id = self.first_id("/tasks/", r'href="/tasks/(\d+)/"', "my_tasks")

    @task
    def hand_in(self) -> None:
        self.client.get("/tasks/", name="my_tasks")
        if self.task_id is None:
            return
        self.client.get(f"/tasks/{self.task_id}/", name="task_detail")
        form = {
            "text": "我校开展扶贫日主题班会和爱心捐赠活动。",
            "csrfmiddlewaretoken": self.client.cookies["csrftoken"],
        }
        with self.client.post(
            f"/tasks/{self.task_id}/submit/", data=form, name="hand_in", allow_redirects=False, catch_response=True
        ) as r:
            if r.status_code not in (200, 302):  # 200: the form again with the reason (e.g. already approved)
                r.failure(f"hand-in answered {r.status_code}")


class OfficeUser(SignedIn):
    weight = 1
    wait_time = between(2, 5)

    def on_start(self) -> None:
        self.sign_in(next(OFFICERS))
        self.campaign = self.first_id("/campaigns/", r'href="/campaigns/(\d+)/"', "campaign_list")

    @task
    def watch(self) -> None:
        self.client.get("/reviews/", name="review_queue")
        if self.campaign is not None:
            self.client.get(f"/campaigns/{self.campaign}/progress/", name="campaign_progress")
            self.client.get(f"/campaigns/{self.campaign}/stat-tables/", name="stat_tables")
