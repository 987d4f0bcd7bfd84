"""`python -m bench --repeat N`: one line per benchmark with the ratio's min/median/max, judged by the median run."""

import pytest
from bench.__main__ import _arguments
from bench._result import Result, summary_line


def test_one_run_prints_its_own_line():
    line, passed = summary_line("visit_coverage", [Result(value=120.0, baseline=100.0, target=1.5)])
    assert line == "visit_coverage: value=120.000ms baseline=100.000ms ratio=1.20 target<=1.50 PASS"
    assert passed


def test_three_runs_give_min_median_max_and_the_median_run_decides():
    runs = [Result(value=v, baseline=100.0, target=1.5) for v in (170.0, 110.0, 130.0)]
    line, passed = summary_line("aid_coverage", runs)
    assert line == (
        "aid_coverage: ratio min=1.10 median=1.30 max=1.70 over 3 runs "
        "(median run: value=130.000ms baseline=100.000ms) target<=1.50 PASS"
    )
    assert passed


def test_a_slow_median_fails_the_line():
    runs = [Result(value=v, baseline=100.0, target=1.5) for v in (140.0, 160.0, 180.0)]
    line, passed = summary_line("growth", runs)
    assert line.endswith("target<=1.50 FAIL")
    assert "median=1.60" in line
    assert not passed


def test_throughput_median_of_an_even_count_is_the_worse_middle_run():
    runs = [Result(value=v, baseline=100.0, target=0.5, unit="/s", higher_is_better=True) for v in (40, 55, 60, 70)]
    line, passed = summary_line("pledges", runs)
    assert "ratio min=0.40 median=0.55 max=0.70 over 4 runs" in line
    assert line.endswith("target>=0.50 PASS")
    assert passed


def test_a_run_whose_check_failed_fails_the_line_whatever_the_figures():
    runs = [Result(value=100.0, baseline=100.0, target=1.5) for _ in range(2)]
    runs.append(Result(value=100.0, baseline=100.0, target=1.5, failure="counts disagree"))
    line, passed = summary_line("archive", runs)
    assert line.endswith("target<=1.50 FAIL (counts disagree)")
    assert not passed


def test_repeat_below_one_is_refused():
    with pytest.raises(SystemExit):
        _arguments(["--repeat", "0", "growth"])
    assert _arguments(["--repeat", "3", "growth", "archive"]).names == ["growth", "archive"]
