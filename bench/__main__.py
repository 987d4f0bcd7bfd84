"""Run the benchmarks: `uv run python -m bench [NAME ...]` (all when no name).

Each benchmark builds its own data in a throwaway database, measures its baseline in the same run and
prints one line: `NAME: value=… baseline=… ratio=… target=… PASS|FAIL`.
"""

import importlib
import os
import pkgutil
import sys
import tempfile
from pathlib import Path


def main(names: list[str]) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fupin.settings")
    os.environ.setdefault("FUPIN_VAR_DIR", tempfile.mkdtemp(prefix="fupin-bench-"))
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    available = sorted(m.name for m in pkgutil.iter_modules([str(Path(__file__).parent)]) if not m.name.startswith("_"))
    failed = 0
    for name in names or available:
        if name not in available:
            print(f"{name}: unknown benchmark (available: {', '.join(available)})")
            return 2
        result = importlib.import_module(f"bench.{name}").run()
        print(result.line(name))
        failed += not result.passed
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
