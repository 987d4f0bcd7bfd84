"""Notice phrases resolve to exact times in Asia/Shanghai."""

from datetime import datetime

import pytest

from fupin.campaigns.deadlines import SHANGHAI, chinese_number, describe, resolve_deadline


def at(month, day, hour=0, minute=0, year=2026):
    return datetime(year, month, day, hour, minute, tzinfo=SHANGHAI)


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("10月18日下午三点前", at(10, 18, 15)),
        ("请于10月18日下午3:00前报送", at(10, 18, 15)),
        ("9月30日下午下班前", at(9, 30, 17, 30)),
        ("10月19日前", at(10, 20)),
        ("10月底前", at(11, 1)),
        ("于10月12日前发送", at(10, 13)),
        ("10月20日上午10:00前", at(10, 20, 10)),
        ("10月20日上午12点前", at(10, 20, 12)),
        ("10月20日下午三点半前", at(10, 20, 15, 30)),
        ("十月二十日下午五时前", at(10, 20, 17)),
        ("2025年10月31日17时前", at(10, 31, 17, year=2025)),
        ("１０月１９日前", at(10, 20)),
        ("12月底前", at(1, 1, year=2027)),
        ("2月底前", at(3, 1)),
    ],
)
def test_notice_phrases_resolve_to_exact_times(phrase, expected):
    assert resolve_deadline(phrase, year=2026).at == expected


def test_a_day_without_an_hour_means_the_end_of_that_day():
    deadline = resolve_deadline("10月19日前", year=2026)
    assert not deadline.has_time
    assert deadline.at.astimezone(SHANGHAI).isoformat() == "2026-10-20T00:00:00+08:00"
    assert describe(deadline.at) == "2026年10月19日(周一)24:00"


def test_end_of_workday_is_a_setting(settings):
    settings.FUPIN_END_OF_WORKDAY = "18:00"
    assert resolve_deadline("9月30日下班前", year=2026).at == at(9, 30, 18)


@pytest.mark.parametrize("phrase", ["尽快报送", "2月30日前", "13月1日前", "10月17日下午25点"])
def test_phrases_without_a_real_date_resolve_to_nothing_or_the_day(phrase):
    result = resolve_deadline(phrase, year=2026)
    assert result is None or not result.has_time


def test_chinese_numbers():
    assert [chinese_number(t) for t in ["三", "十", "十二", "二十五", "31", "３"]] == [3, 10, 12, 25, 31, 3]


def test_numerals_without_ten_read_digit_by_digit():
    assert chinese_number("二〇二四") == 2024
    assert chinese_number("一一") == 11


def test_a_month_that_cannot_exist_resolves_to_nothing():
    assert resolve_deadline("三三月五日前", year=2026) is None


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("下午三点前", (15, 0)),
        ("上午12点前", (12, 0)),
        ("下午5:00前", (17, 0)),
        ("上午10:00前", (10, 0)),
        ("下午下班前", (17, 30)),
        ("前", None),
    ],
)
def test_a_clock_phrase_alone_names_its_hour(phrase, expected):
    from fupin.campaigns.deadlines import clock

    found = clock(phrase)
    assert (found.hour, found.minute) == expected if expected else found is None


def test_only_going_home_time_counts_as_the_end_of_the_working_day():
    from fupin.campaigns.deadlines import says_end_of_workday

    assert says_end_of_workday("9月30日下午下班前")
    assert not says_end_of_workday("9月30日下午5点前")
