"""Measuring the reader: precision and recall per field against hand-written expected files.

A sample `X.txt` is measured against `X.expected.json` beside it, or, for notices kept outside the
repository (the seeds), against `tests/notices/seeds/X.expected.json`. Each field is compared as a set of
facts, so a wrong fact costs precision and a missed one recall. An expected file may state only some
fields, as rows (「["(一)", "title", 2, [lead…], [responsible…]]」): the fields it leaves out are not scored.
Each folder of samples is a split (`dev`, `holdout`), scored on its own.
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
    "units",
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
        "units": {(role, i["title"], u) for i in items for role in ("lead", "responsible") for u in i[f"{role}_units"]},
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

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


def expected_facts(data: dict) -> dict[str, set]:
    """The facts an expected file states: a full reading, or rows of only the fields annotated."""
    if not data.get("items") or isinstance(data["items"][0], dict):
        return facts(data)
    rows: dict[str, set] = {
        "items": {(number, title, level) for number, title, level, _lead, _responsible in data["items"]},
        "units": {
            (role, title, unit)
            for _n, title, _l, *roles in data["items"]
            for role, units in zip(("lead", "responsible"), roles, strict=True)
            for unit in units
        },
        "lead_units": {(title, unit) for _n, title, _l, lead, _r in data["items"] for unit in lead},
        "responsible_units": {
            (title, unit) for _n, title, _l, _lead, responsible in data["items"] for unit in responsible
        },
        "deadlines": {tuple(row) for row in data.get("deadlines", [])},
        "contacts": {tuple(row) for row in data.get("contacts", [])},
        "targets": {tuple(row) for row in data.get("targets", [])},
        **{name: {data[name]} if data.get(name) else set() for name in ("title", "year")},
    }
    return {name: values for name, values in rows.items() if name in data or name.endswith("units")}


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


def splits(dirs: Iterable[Path]) -> dict[str, list[tuple[Path, Path]]]:
    """The samples of each folder, and of each folder inside it, as splits named after the folder."""
    found = {}
    for directory in dirs:
        for folder in [directory, *sorted(p for p in directory.iterdir() if p.is_dir())]:
            if pairs := sample_files([folder]):
                found[folder.name] = pairs
    return found


def measure(
    pairs: list[tuple[Path, Path]], files: dict[Path, tuple[str, bytes]] | None = None
) -> tuple[dict[str, Score], dict[str, dict[str, set]]]:
    """Scores per field over all pairs, and per file the facts missed ("-field") and invented ("+field").
    `files` gives, per notice, the (name, bytes) of a variant to read instead of the notice itself."""
    scores = {name: Score() for name in FIELDS}
    misses: dict[str, dict[str, set]] = {}
    for path, expected_path in pairs:
        name, data = (files or {}).get(path) or (path.name, path.read_bytes())
        got = facts(read_notice(notice_text(name, data)))
        want = expected_facts(json.loads(expected_path.read_text(encoding="utf-8")))
        for name in want:
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
