"""What the import benchmarks share: a sheet written as people send it, the floor's read, a clock, and a
database left as it was found (everything a run writes is rolled back)."""

import io
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from django.db import transaction
from openpyxl import Workbook
from python_calamine import CalamineWorkbook

from fupin.orgs.models import Membership, Unit, User, path_segment


def sheet(header: list[str], rows: Iterable[list[str]]) -> bytes:
    """An .xlsx with a title row, the header and the rows, every cell text (as the templates ask)."""
    book = Workbook(write_only=True)
    ws = book.create_sheet()
    ws.append(["基准导入表"])
    ws.append(header)
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def calamine_rows(data: bytes) -> list[list[object]]:
    """The floor's read: the first sheet's values under the title and the header, nothing checked."""
    return CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python()[2:]


def seconds_rolled_back[T](setup: Callable[[], T], work: Callable[[T], object]) -> float:
    """How long `work` takes (after an untimed `setup`) inside a transaction that is then rolled back, so a
    run leaves nothing behind."""
    with transaction.atomic():
        prepared = setup()
        start = time.perf_counter()
        work(prepared)
        elapsed = time.perf_counter() - start
        transaction.set_rollback(True)
    return elapsed


def best_rolled_back[T](setup: Callable[[], T], work: Callable[[T], object], repeat: int = 3) -> float:
    """The fastest of `repeat` rolled-back runs (the first pays for warming up; the machine is shared)."""
    return min(seconds_rolled_back(setup, work) for _ in range(repeat))


def office(code: str, kind: str) -> tuple[Unit, User]:
    """A top unit and an office admin of it (call inside the rolled-back transaction)."""
    unit = Unit.objects.create(name=f"基准{code}", code=code, kind=kind, path=f"tmp-{code}", depth=0)
    unit.path = path_segment(unit.pk)
    Unit.objects.filter(pk=unit.pk).update(path=unit.path)
    user = User(username=f"bench-{code.lower()}", name="基准导入员")
    user.set_unusable_password()
    user.save()
    Membership.objects.create(user=user, unit=unit, role="office_admin")
    return unit, user


_MEASURE = """import importlib, os, sys
import django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fupin.settings")
django.setup()
print(importlib.import_module(sys.argv[1]).measure_memory(sys.argv[2], int(sys.argv[3])))
"""


def memory_in_fresh_process(module: str, data: bytes, count: int) -> int:
    """The peak resident bytes `module.measure_memory(path, count)` reports for the sheet `data`, measured in a
    fresh process so one size's peak never hides the other's."""
    with tempfile.TemporaryDirectory(prefix="fupin-bench-") as folder:
        path = Path(folder) / "sheet.xlsx"
        path.write_bytes(data)
        command = [sys.executable, "-c", _MEASURE, module, str(path), str(count)]
        done = subprocess.run(command, check=True, capture_output=True, text=True)  # nosec B603: our own interpreter
    return int(done.stdout.split()[-1])


def _status(field: str) -> int:
    line = next(x for x in Path("/proc/self/status").read_text().splitlines() if x.startswith(field + ":"))
    return int(line.split()[1]) * 1024


def peak_memory(work: Callable[[], object]) -> int:
    """The peak resident bytes `work` adds to this process (Linux: the peak is reset to what is resident now)."""
    Path("/proc/self/clear_refs").write_text("5")
    before = _status("VmRSS")
    work()
    return _status("VmHWM") - before
