"""Run the morning mix with locust (headless) against a running server, then check what it wrote: the pledge rows
added equal the pledges the server answered 201, and `fupin ledger check` is clean. Prints requests/s and
p50/p95/p99 per page kind, and the errors. Needs the server's DATABASE_URL (to count pledges and check the ledger).

    python -m tests.load.run --host http://127.0.0.1:8000 --users 100 --seconds 120 [--access-log FILE]

With the server's access log (gunicorn's `--access-logfile`), the pledge rows are compared with the 201 answers
the server wrote there: a pledge whose answer was still on its way when locust stopped is stored and answered but
never counted by locust, so locust's count may only fall short of the rows, never exceed them. Without the log,
the rows are compared with locust's count.
"""

import argparse
import csv
import os
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

LOCUSTFILE = Path(__file__).with_name("locustfile.py")


@dataclass
class Outcome:
    rows: list[dict[str, str]]
    failures: list[dict[str, str]]
    pledges_added: int
    pledges_answered: int
    ledger: str
    pledges_logged: int | None = None

    @property
    def pledges_match(self) -> bool:
        if self.pledges_logged is None:
            return self.pledges_added == self.pledges_answered
        return self.pledges_added == self.pledges_logged and self.pledges_answered <= self.pledges_added

    @property
    def ok(self) -> bool:
        return not self.failures and self.pledges_match and self.ledger == ""


def logged_pledges(access_log: Path) -> int:
    """The pledge POSTs the server answered 201, from gunicorn's access log."""
    text = access_log.read_text(encoding="utf-8", errors="replace")
    return len(re.findall(r'"POST /api/v1/public/drives/\d+/pledges HTTP/1\.1" 201 ', text))


def _pledge_count() -> int:
    from fupin.donations.models import Pledge

    return Pledge.objects.count()


def _ledger_problems() -> str:
    from django.core.management import CommandError, call_command

    try:
        call_command("ledger", "check", stdout=open("/dev/null", "w"))  # noqa: SIM115
    except CommandError as error:
        return str(error)
    return ""


def run(*, host: str, users: int, seconds: int, access_log: Path | None = None) -> Outcome:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fupin.settings")
    django.setup()
    before = _pledge_count()
    with tempfile.TemporaryDirectory() as folder:
        prefix = str(Path(folder) / "load")
        args = [sys.executable, "-m", "locust", "-f", str(LOCUSTFILE), "--headless", "--only-summary"]
        args += ["-u", str(users), "-r", str(max(2, users // 10)), "-t", f"{seconds}s", "--host", host, "--csv", prefix]
        args += ["--stop-timeout", "30"]  # requests in flight at the end are answered and counted, not cut off
        done = subprocess.run(args, check=False, capture_output=True, text=True, timeout=seconds + 180)
        with open(f"{prefix}_stats.csv", encoding="utf-8") as stats:
            rows = list(csv.DictReader(stats))
        with open(f"{prefix}_failures.csv", encoding="utf-8") as failures:
            failed = list(csv.DictReader(failures))
    if not any(int(r["Request Count"]) for r in rows):
        failed.append({"Method": "-", "Name": "locust", "Occurrences": "1", "Error": done.stderr[-2000:]})
    pledge = next((r for r in rows if r["Name"] == "pledge_post"), None)
    answered = int(pledge["Request Count"]) - int(pledge["Failure Count"]) if pledge else 0
    logged = logged_pledges(access_log) if access_log else None
    return Outcome(rows, failed, _pledge_count() - before, answered, _ledger_problems(), logged)


def kind(row: dict[str, str]) -> str:
    return f"{row['Type']} {row['Name']}".strip()


def report(outcome: Outcome) -> str:
    lines = [f"{'page kind':<20}{'requests':>9}{'failures':>9}{'req/s':>8}{'p50 ms':>8}{'p95 ms':>8}{'p99 ms':>8}"]
    for row in outcome.rows:
        lines.append(
            f"{kind(row):<20}{row['Request Count']:>9}{row['Failure Count']:>9}{float(row['Requests/s']):>8.1f}"
            f"{row['50%']:>8}{row['95%']:>8}{row['99%']:>8}"
        )
    lines += [f"error: {f['Method']} {f['Name']} ×{f['Occurrences']}: {f['Error']}" for f in outcome.failures]
    logged = "" if outcome.pledges_logged is None else f"; answered 201 in the server's log: {outcome.pledges_logged}"
    lines.append(
        f"pledges answered 201 as locust saw them: {outcome.pledges_answered}{logged}; "
        f"pledge rows added: {outcome.pledges_added}"
    )
    lines.append(f"ledger check: {outcome.ledger or 'clean'}")
    lines.append("PASS" if outcome.ok else "FAIL")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", required=True)
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--seconds", type=int, default=120)
    parser.add_argument("--access-log", type=Path, help="the server's access log, written from empty for this run")
    options = parser.parse_args()
    outcome = run(host=options.host, users=options.users, seconds=options.seconds, access_log=options.access_log)
    print(report(outcome))
    sys.exit(0 if outcome.ok else 1)


if __name__ == "__main__":
    main()
