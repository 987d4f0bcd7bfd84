"""One benchmark's outcome and the helpers every benchmark uses: timing, and fresh planner statistics."""

import os
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection


def scaled(full: int, *, least: int = 1) -> int:
    """A benchmark's size: `full`, or that times `FUPIN_BENCH_SCALE` (such as 0.01) for a quick run that checks a
    benchmark works and can run again on the same database; a small run's ratio says little about the full size."""
    return max(least, round(full * float(os.environ.get("FUPIN_BENCH_SCALE", "1"))))


@dataclass
class Result:
    value: float
    baseline: float
    target: float  # the ratio value / baseline must not exceed this (must reach it when higher_is_better)
    unit: str = "ms"
    higher_is_better: bool = False  # for throughput: the ratio is a minimum, not a maximum
    failure: str = ""  # why the run fails whatever its figures (refused to run, a check failed)

    @property
    def ratio(self) -> float:
        return self.value / self.baseline if self.baseline else float("inf")

    @property
    def passed(self) -> bool:
        if self.failure:
            return False
        return self.ratio >= self.target if self.higher_is_better else self.ratio <= self.target

    def line(self, name: str) -> str:
        verdict = "PASS" if self.passed else "FAIL"
        if self.failure and not self.baseline:
            return f"{name}: {self.failure} {verdict}"
        bound = ">=" if self.higher_is_better else "<="
        why = f" ({self.failure})" if self.failure else ""
        return (
            f"{name}: value={self.value:.3f}{self.unit} baseline={self.baseline:.3f}{self.unit} "
            f"ratio={self.ratio:.2f} target{bound}{self.target:.2f} {verdict}{why}"
        )


def summary_line(name: str, results: list[Result]) -> tuple[str, bool]:
    """The line for one benchmark and whether it passed. One run: that run's line. Several: the ratio's min, median
    and max, judged by the median run (of an even count, the worse of the two middle ones); a run whose own check
    failed (a refusal, counts that disagree) fails the line whatever the figures."""
    if len(results) == 1:
        return results[0].line(name), results[0].passed
    first = results[0]
    ordered = sorted(results, key=lambda r: r.ratio, reverse=first.higher_is_better)  # best first
    middle = ordered[len(ordered) // 2]
    failures = sorted({r.failure for r in results if r.failure})
    passed = not failures and middle.passed
    ratios = sorted(r.ratio for r in results)
    bound = ">=" if first.higher_is_better else "<="
    why = f" ({'; '.join(failures)})" if failures else ""
    line = (
        f"{name}: ratio min={ratios[0]:.2f} median={middle.ratio:.2f} max={ratios[-1]:.2f} over {len(results)} runs "
        f"(median run: value={middle.value:.3f}{middle.unit} baseline={middle.baseline:.3f}{middle.unit}) "
        f"target{bound}{first.target:.2f} {'PASS' if passed else 'FAIL'}{why}"
    )
    return line, passed


def best_of(fn: Callable[[], object], repeat: int = 7) -> float:
    """The fastest of `repeat` runs in milliseconds (the least disturbed by the shared machine)."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, (time.perf_counter() - start) * 1000)
    return best


def analyze() -> None:
    """PostgreSQL's statistics brought up to date after a benchmark builds its data, as autovacuum would in
    time: without them the planner joins a tiny table to a large one by scanning the large one."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
