"""Reminders: 一键催报 from the dashboard, scheduled reminders before each deadline, the overdue notice to the
issuing office; shown on the unit's workbench and emailed after commit, never twice."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from fupin.audit.models import AuditEvent
from fupin.campaigns.models import Reminder, Task
from fupin.campaigns.reminder_mail import send_reminder_emails
from fupin.campaigns.services import tasks as ts
from fupin.campaigns.services.reminders import mark_reminders_read, remind_missing, send_scheduled_reminders
from fupin.campaigns.tests.factories import campaign_with_requirements
from fupin.orgs.services import update_unit


@pytest.fixture
def due_at():
    return timezone.now() + timedelta(days=2, hours=12)


@pytest.fixture
def campaign(tree, city_officer, school_reporter, due_at):
    """Schools 1 and 2 must hand in a summary; school 1 has a reporter with an email and a contact address."""
    update_unit(by=None, unit=tree.school1, contact_email="dy1z@example.cn")
    school_reporter.email = "reporter@example.cn"
    school_reporter.save()
    return campaign_with_requirements(city_officer, tree.city, due_at=due_at, due_text="")


def task_of(campaign, unit) -> Task:
    return Task.objects.get(requirement__campaign=campaign, unit=unit)


def test_one_click_reminds_every_unit_still_missing(
    campaign, city_officer, tree, login, mailoutbox, django_capture_on_commit_callbacks
):
    requirement = campaign.requirements.get()
    with django_capture_on_commit_callbacks(execute=True):
        response = login(city_officer).post(reverse("remind_missing", args=[requirement.pk]))
    assert response.status_code == 302 and f"requirement={requirement.pk}" in response["Location"]
    reminded = Reminder.objects.filter(kind=Reminder.Kind.MANUAL)
    assert {r.task.unit for r in reminded} == {tree.school1, tree.school2}
    assert all(r.sent_by == city_officer and "活动总结" in r.message for r in reminded)
    assert len(mailoutbox) == 1  # school 2 has no address: reminded in the app only
    assert mailoutbox[0].to == ["dy1z@example.cn", "reporter@example.cn"]
    assert "活动总结" in mailoutbox[0].subject and tree.school1.name in mailoutbox[0].body
    assert AuditEvent.objects.filter(note="一键催报", target_id=str(requirement.pk)).count() == 1


def test_reminders_go_only_to_units_still_missing(
    campaign, city_officer, school_reporter, tree, mailoutbox, django_capture_on_commit_callbacks
):
    ts.submit_task(by=school_reporter, task=task_of(campaign, tree.school1), text="已完成")
    with django_capture_on_commit_callbacks(execute=True):
        reminders = remind_missing(by=city_officer, requirement=campaign.requirements.get())
    assert [r.task.unit for r in reminders] == [tree.school2]
    assert mailoutbox == []


def test_a_returned_task_counts_as_missing_and_is_reminded(campaign, city_officer, school_reporter, tree):
    task = task_of(campaign, tree.school1)
    ts.submit_task(by=school_reporter, task=task, text="初稿")
    ts.return_submission(by=city_officer, task=task, comment="请补充照片")
    reminded = remind_missing(by=city_officer, requirement=campaign.requirements.get())
    assert {r.task.unit for r in reminded} == {tree.school1, tree.school2}


def test_reminding_a_drilled_unit_reaches_only_its_subtree(campaign, city_officer, tree, login):
    requirement = campaign.requirements.get()
    login(city_officer).post(reverse("remind_missing", args=[requirement.pk]), {"unit": tree.county2.pk})
    assert [r.task.unit for r in Reminder.objects.all()] == [tree.school2]


def test_the_email_goes_out_only_after_commit(campaign, city_officer, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        remind_missing(by=city_officer, requirement=campaign.requirements.get())
    assert mailoutbox == [] and len(callbacks) == 1
    callbacks[0]()
    assert len(mailoutbox) == 1


def test_a_retried_mail_task_sends_nothing_twice(campaign, city_officer, mailoutbox):
    reminders = remind_missing(by=city_officer, requirement=campaign.requirements.get())
    ids = [r.pk for r in reminders]
    send_reminder_emails.call(ids)
    send_reminder_emails.call(ids)
    assert len(mailoutbox) == 1
    mailed = Reminder.objects.exclude(emailed_to=[]).get()
    assert mailed.emailed_to == ["dy1z@example.cn", "reporter@example.cn"]


def test_a_double_click_does_not_remind_twice(campaign, city_officer, login):
    client = login(city_officer)
    url = reverse("remind_missing", args=[campaign.requirements.get().pk])
    client.post(url)
    client.post(url)
    assert Reminder.objects.count() == 2


def test_only_the_issuing_office_can_remind(campaign, county_officer, school_reporter, login):
    requirement = campaign.requirements.get()
    for user in (county_officer, school_reporter):
        assert login(user).post(reverse("remind_missing", args=[requirement.pk])).status_code == 404
        with pytest.raises(PermissionDenied):
            remind_missing(by=user, requirement=requirement)
    assert not Reminder.objects.exists()


def test_a_reminder_after_the_deadline_asks_to_hand_in_late(tree, city_officer):
    past = campaign_with_requirements(city_officer, tree.city, due_at=timezone.now() - timedelta(days=1), due_text="")
    reminders = remind_missing(by=city_officer, requirement=past.requirements.get())
    assert all("已于" in r.message and "补报" in r.message for r in reminders)


def test_reminding_answers_only_to_post(campaign, city_officer, login):
    url = reverse("remind_missing", args=[campaign.requirements.get().pk])
    assert login(city_officer).get(url).status_code == 405


def test_a_scheduled_reminder_is_sent_once(campaign, mailoutbox, django_capture_on_commit_callbacks):
    now = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        first = send_scheduled_reminders(now)
        again = send_scheduled_reminders(now + timedelta(hours=1))
    assert [(s.kind, s.days_before, len(s.units)) for s in first] == [("scheduled", 3, 2)]
    assert again == []
    assert Reminder.objects.filter(kind="scheduled", days_before=3).count() == 2
    assert len(mailoutbox) == 1


def test_scheduled_reminders_go_out_three_and_one_day_before(campaign, due_at):
    assert send_scheduled_reminders(due_at - timedelta(days=4)) == []
    assert [s.days_before for s in send_scheduled_reminders(due_at - timedelta(days=2, hours=20))] == [3]
    assert send_scheduled_reminders(due_at - timedelta(days=1, hours=12)) == []
    assert [s.days_before for s in send_scheduled_reminders(due_at - timedelta(hours=20))] == [1]
    assert send_scheduled_reminders(due_at - timedelta(hours=2)) == []
    assert sorted(Reminder.objects.values_list("days_before", flat=True)) == [1, 1, 3, 3]


def test_a_late_first_run_sends_only_the_nearest_reminder(campaign, due_at):
    sent = send_scheduled_reminders(due_at - timedelta(hours=6))
    assert [s.days_before for s in sent] == [1]
    assert send_scheduled_reminders(due_at - timedelta(hours=5)) == []


def test_scheduled_reminders_skip_units_that_handed_in(campaign, school_reporter, tree, due_at):
    ts.submit_task(by=school_reporter, task=task_of(campaign, tree.school1), text="已完成")
    sent = send_scheduled_reminders(due_at - timedelta(hours=20))
    assert sent[0].units == [tree.school2.name]


def test_the_issuing_office_hears_once_which_units_missed_the_deadline(
    campaign, tree, city_officer, school_reporter, due_at, mailoutbox, django_capture_on_commit_callbacks
):
    update_unit(by=None, unit=tree.city, contact_email="fupinban@example.cn")
    update_unit(by=None, unit=tree.school2, contact_person="张老师", contact_phone="13800138002")
    ts.submit_task(by=school_reporter, task=task_of(campaign, tree.school1), text="已完成")
    after = due_at + timedelta(hours=3)
    with django_capture_on_commit_callbacks(execute=True):
        sent = send_scheduled_reminders(after)
        assert send_scheduled_reminders(after + timedelta(hours=1)) == []
    assert [(s.kind, s.units) for s in sent] == [("overdue", [tree.school2.name])]
    assert len(mailoutbox) == 1
    notice = mailoutbox[0]
    assert notice.to == ["fupinban@example.cn"] and "逾期未报" in notice.subject
    assert "张老师 13800138002" in notice.body and tree.school1.name not in notice.body
    overdue = Reminder.objects.get(kind="overdue")
    assert overdue.task.unit == tree.school2 and "已于" in overdue.message


def test_a_deadline_long_past_gets_no_overdue_notice(campaign, due_at):
    assert send_scheduled_reminders(due_at + timedelta(days=30)) == []


def test_a_draft_campaign_sends_no_reminders(tree, city_officer):
    campaign_with_requirements(
        city_officer, tree.city, publish=False, due_at=timezone.now() + timedelta(hours=5), due_text=""
    )
    assert send_scheduled_reminders() == []


def test_the_school_sees_the_reminder_on_its_workbench_and_can_mark_it_read(
    campaign, city_officer, school_reporter, tree, login
):
    remind_missing(by=city_officer, requirement=campaign.requirements.get())
    client = login(school_reporter)
    page = client.get(reverse("home")).content.decode()
    assert "催报提醒" in page and "请尽快报送「活动总结」" in page and tree.school2.name not in page
    mine = Reminder.objects.get(task__unit=tree.school1)
    response = client.post(reverse("mark_reminders_read"), {"reminder": mine.pk, "next": reverse("home")})
    assert response.status_code == 302 and response["Location"] == reverse("home")
    mine.refresh_from_db()
    assert mine.read_at is not None
    assert "请尽快报送「活动总结」" not in client.get(reverse("home")).content.decode()


def test_a_county_office_is_not_shown_its_schools_reminders(campaign, city_officer, county_officer, login):
    remind_missing(by=city_officer, requirement=campaign.requirements.get())
    assert "催报提醒" not in login(county_officer).get(reverse("home")).content.decode()


def test_a_unit_cannot_mark_another_units_reminder_read(campaign, city_officer, school_reporter, tree):
    remind_missing(by=city_officer, requirement=campaign.requirements.get())
    other = Reminder.objects.get(task__unit=tree.school2)
    assert mark_reminders_read(by=school_reporter, reminder_ids=[other.pk]) == 0
    other.refresh_from_db()
    assert other.read_at is None


def test_marking_all_read_reaches_only_the_users_own_units(campaign, city_officer, school_reporter, tree, make_user):
    remind_missing(by=city_officer, requirement=campaign.requirements.get())
    assert mark_reminders_read(by=school_reporter) == 1
    assert Reminder.objects.get(task__unit=tree.school2).read_at is None


def test_marking_read_never_redirects_off_site(campaign, school_reporter, login):
    response = login(school_reporter).post(reverse("mark_reminders_read"), {"next": "https://evil.example/"})
    assert response["Location"] == reverse("home")


def test_the_remind_command_prints_what_it_sent(campaign, due_at, tree):
    from io import StringIO

    out = StringIO()
    when = (due_at - timedelta(hours=20)).isoformat()
    call_command("remind", "--now", when, stdout=out)
    text = out.getvalue()
    assert "到期提醒(提前1天)" in text and tree.school1.name in text and "共发出 2 条提醒" in text
    out = StringIO()
    call_command("remind", "--now", when, stdout=out)
    assert "没有需要发送的提醒" in out.getvalue()


def test_the_remind_command_refuses_bad_days(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="--days"):
        call_command("remind", "--days", "三天")


def test_a_member_without_email_gets_no_mail_but_sees_the_reminder(
    campaign, city_officer, tree, make_user, mailoutbox, django_capture_on_commit_callbacks, login
):
    reporter2 = make_user("school2_reporter", tree.school2, "reporter")
    with django_capture_on_commit_callbacks(execute=True):
        remind_missing(by=city_officer, requirement=campaign.requirements.get())
    assert all(tree.school2.name not in m.body for m in mailoutbox)
    assert "请尽快报送「活动总结」" in login(reporter2).get(reverse("home")).content.decode()
