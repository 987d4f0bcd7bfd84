"""One benchmark's outcome and the timing helper every benchmark uses."""

import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class Result:
    value: float
    baseline: float
    target: float  # the ratio value / baseline must not exceed this
    unit: str = "ms"

    @property
    def ratio(self) -> float:
        return self.value / self.baseline if self.baseline else float("inf")

    @property
    def passed(self) -> bool:
        return self.ratio <= self.target

    def line(self, name: str) -> str:
        verdict = "PASS" if self.passed else "FAIL"
        return (
            f"{name}: value={self.value:.3f}{self.unit} baseline={self.baseline:.3f}{self.unit} "
            f"ratio={self.ratio:.2f} target<={self.target:.2f} {verdict}"
        )


def best_of(fn: Callable[[], object], repeat: int = 7) -> float:
    """The fastest of `repeat` runs in milliseconds (the least disturbed by the shared machine)."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, (time.perf_counter() - start) * 1000)
    return best
