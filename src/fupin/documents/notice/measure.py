"""Measuring the reader: precision and recall per field against hand-written expected files.

A sample `X.txt` is measured against `X.expected.json` beside it, or, for notices kept outside the
repository (the seeds), against `tests/notices/seeds/X.expected.json`. Each field is compared as a set of
facts, so a wrong fact costs precision and a missed one recall.
"""

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .files import notice_text
from .reader import read_notice

SAMPLES_DIR = Path(__file__).resolve().parent.parent / "tests" / "notices"
SEED_EXPECTED_DIR = SAMPLES_DIR / "seeds"
FIELDS = [
    "items",
    "lead_units",
    "responsible_units",
    "deadlines",
    "deliverables",
    "recipients",
    "contacts",
    "targets",
    "title",
    "year",
    "theme",
    "slogan",
]


def facts(result: dict) -> dict[str, set]:
    """The comparable facts of one reading, per field."""
    items = result["items"]
    deadlines = result["deadlines"]
    return {
        "items": {(i["number"], i["title"], i["level"]) for i in items},
        "lead_units": {(i["title"], unit) for i in items for unit in i["lead_units"]},
        "responsible_units": {(i["title"], unit) for i in items for unit in i["responsible_units"]},
        "deadlines": {(d["kind"], d["month"], d["day"], d["time"]) for d in deadlines},
        "deliverables": {(d["month"], d["day"], v["kind"]) for d in deadlines for v in d["deliverables"]},
        "recipients": {(d["month"], d["day"], d["recipient"]) for d in deadlines if d["recipient"]},
        "contacts": {(c["name"], c["phone"], c["email"]) for c in result["contacts"]},
        "targets": {(t["quantity"], t["unit"]) for t in result["targets"]},
        **{name: {result[name]} if result.get(name) else set() for name in ("title", "year", "theme", "slogan")},
    }


@dataclass
class Score:
    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 1.0

    @property
    def recall(self) -> float:
        wanted = self.true_positives + self.false_negatives
        return self.true_positives / wanted if wanted else 1.0


def expected_for(path: Path) -> Path | None:
    for candidate in (path.with_suffix(".expected.json"), SEED_EXPECTED_DIR / f"{path.stem}.expected.json"):
        if candidate.exists():
            return candidate
    return None


def sample_files(dirs: Iterable[Path]) -> list[tuple[Path, Path]]:
    """(notice, expected) pairs for every .txt/.docx that has an expected file."""
    pairs = []
    for directory in dirs:
        for path in sorted([*directory.glob("*.txt"), *directory.glob("*.docx")]):
            expected = expected_for(path)
            if expected:
                pairs.append((path, expected))
    return pairs


def measure(pairs: list[tuple[Path, Path]]) -> tuple[dict[str, Score], dict[str, dict[str, set]]]:
    """Scores per field over all pairs, and per file the facts missed ("-field") and invented ("+field")."""
    scores = {name: Score() for name in FIELDS}
    misses: dict[str, dict[str, set]] = {}
    for path, expected_path in pairs:
        got = facts(read_notice(notice_text(path.name, path.read_bytes())))
        want = facts(json.loads(expected_path.read_text(encoding="utf-8")))
        for name in FIELDS:
            found, wanted = _hashable(got[name]), _hashable(want[name])
            scores[name].true_positives += len(found & wanted)
            scores[name].false_positives += len(found - wanted)
            scores[name].false_negatives += len(wanted - found)
            if found != wanted:
                misses.setdefault(path.name, {})[f"-{name}"] = wanted - found
                misses[path.name][f"+{name}"] = found - wanted
    return scores, misses


def _hashable(values: set) -> set:
    return {tuple(v) if isinstance(v, list) else v for v in values}
