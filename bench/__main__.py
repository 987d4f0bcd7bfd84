"""Run the benchmarks: `uv run python -m bench [--repeat N] [NAME ...]` (all when no name).

Each benchmark builds its own data in a throwaway database (or in a transaction it rolls back), measures its
baseline in the same run and prints one line: `NAME: value=… baseline=… ratio=… target=… PASS|FAIL`. With
`--repeat N` each benchmark runs N times in turn; every run's line goes to stderr and one line per benchmark
gives the ratio's min/median/max, judged by the median run (a busy moment of a shared machine spoils one run,
not the verdict); a run whose own check failed fails the line whatever the figures.
"""

import argparse
import importlib
import os
import pkgutil
import sys
import tempfile
from pathlib import Path


def _arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="bench", description="Run the benchmarks (all when no name is given).")
    parser.add_argument("names", nargs="*", metavar="NAME", help="benchmarks to run")
    parser.add_argument(
        "--repeat", type=int, default=1, metavar="N", help="run each benchmark N times; print min/median/max ratio"
    )
    arguments = parser.parse_args(argv)
    if arguments.repeat < 1:
        parser.error("--repeat must be at least 1")
    return arguments


def main(argv: list[str]) -> int:
    arguments = _arguments(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fupin.settings")
    os.environ.setdefault("FUPIN_VAR_DIR", tempfile.mkdtemp(prefix="fupin-bench-"))
    import django
    from django.core.management import call_command

    from bench._result import summary_line

    django.setup()
    call_command("migrate", verbosity=0)
    available = sorted(m.name for m in pkgutil.iter_modules([str(Path(__file__).parent)]) if not m.name.startswith("_"))
    unknown = [name for name in arguments.names if name not in available]
    if unknown:
        print(f"{', '.join(unknown)}: unknown benchmark (available: {', '.join(available)})")
        return 2
    failed = 0
    for name in arguments.names or available:
        benchmark, results = importlib.import_module(f"bench.{name}"), []
        for turn in range(arguments.repeat):
            results.append(benchmark.run())
            if arguments.repeat > 1:
                print(f"  run {turn + 1}/{arguments.repeat} {results[-1].line(name)}", file=sys.stderr, flush=True)
        line, passed = summary_line(name, results)
        print(line, flush=True)
        failed += not passed
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
