"""The phrases notices use that name no day: 旬, 扶贫日, the first working day after National Day and N working
days (statutory holidays and make-up working days by the State Council's schedule); a date long before the
campaign is placed in the next year and said so."""

from datetime import date, datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from fupin.campaigns.deadlines import SHANGHAI, describe, resolve_deadline
from fupin.campaigns.models import Requirement
from fupin.campaigns.services import campaigns as cs


def at(month, day, hour=0, minute=0, year=2026):
    return datetime(year, month, day, hour, minute, tzinfo=SHANGHAI)


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("10月上旬前", at(10, 11)),
        ("请于10月中旬报送", at(10, 21)),
        ("10月下旬", at(11, 1)),
        ("12月下旬前", at(1, 1, year=2027)),
        ("扶贫日前", at(10, 17)),
        ("于扶贫日之前报送", at(10, 17)),
        ("国庆节后第一个工作日", at(10, 9)),
        ("国庆节后第一个工作日上午10点前", at(10, 8, 10)),
        ("国庆假期结束后第一个工作日下午下班前", at(10, 8, 17, 30)),
    ],
)
def test_phrases_that_name_no_day_resolve_to_exact_times(phrase, expected):
    assert resolve_deadline(phrase, year=2026).at == expected


def test_the_first_working_day_after_national_day_follows_the_years_holiday_schedule():
    # 2025: 1–8 October off (National Day and Mid-Autumn together)
    assert describe(resolve_deadline("国庆节后第一个工作日", year=2025).at) == "2025年10月9日(周四)24:00"


def test_working_days_skip_the_national_day_holiday():
    deadline = resolve_deadline("3个工作日内", year=2026, today=date(2026, 9, 29))
    assert describe(deadline.at) == "2026年10月9日(周五)24:00"


def test_a_make_up_working_day_on_a_saturday_counts():
    deadline = resolve_deadline("两个工作日内", year=2026, today=date(2026, 10, 8))
    assert describe(deadline.at) == "2026年10月10日(周六)24:00"


def test_a_working_day_phrase_in_a_year_without_a_published_schedule_is_refused_with_the_reason(tree, city_officer):
    campaign = cs.create_campaign(by=city_officer, unit=tree.city, year=2027, title="2027年扶贫日活动方案")
    with pytest.raises(ValidationError) as refused:
        cs.add_requirement(
            by=city_officer, campaign=campaign, kind="plan", title="活动方案", due_text="国庆节后第一个工作日"
        )
    assert refused.value.message_dict == {"due_text": ["尚无2027年的法定节假日安排,请写明具体日期"]}
    assert not Requirement.objects.exists()


def test_a_date_months_before_the_campaign_is_placed_in_the_next_year_with_a_warning():
    deadline = resolve_deadline("1月10日前", year=2026, anchor=date(2026, 10, 8))
    assert describe(deadline.at) == "2027年1月10日(周日)24:00"
    assert deadline.warning == "「1月10日」早于活动开始的月份,已按2027年1月10日理解,请核对"


def test_a_date_just_before_the_campaign_starts_stays_in_its_year():
    deadline = resolve_deadline("9月30日下午下班前", year=2026, anchor=date(2026, 10, 8))
    assert describe(deadline.at) == "2026年9月30日(周三)17:30" and deadline.warning == ""


def test_the_campaign_page_shows_a_deadline_outside_the_campaigns_year_with_a_warning(tree, city_officer, login):
    campaign = cs.create_campaign(
        by=city_officer, unit=tree.city, year=2026, title="2026年扶贫日活动方案", starts_on=date(2026, 10, 8)
    )
    cs.add_requirement(by=city_officer, campaign=campaign, kind="summary", title="年度总结", due_text="1月10日前")
    page = login(city_officer).get(reverse("campaign_detail", args=[campaign.pk])).content.decode()
    assert "2027年1月10日(周日)24:00" in page
    assert "截止时间在2027年,不在活动年度(2026年)内,请核对" in page


def test_the_live_preview_says_where_a_date_was_placed(city_officer, login):
    query = {"year": 2026, "anchor": "2026-10-08", "text": "1月10日前"}
    answer = login(city_officer).get(reverse("deadline_preview"), query).json()
    assert answer == {
        "ok": True,
        "text": "2027年1月10日(周日)24:00",
        "warning": "「1月10日」早于活动开始的月份,已按2027年1月10日理解,请核对",
    }


def test_the_live_preview_refuses_an_absurd_year_without_an_error(city_officer, login):
    answer = login(city_officer).get(reverse("deadline_preview"), {"year": 99999, "text": "扶贫日前"})
    assert answer.status_code == 200 and answer.json()["ok"] is True
