"""Run one piece of work on several threads at the same moment, each over its own database connection.

Each outcome is "ok:<what the work returned>", "refused: <the Chinese reasons>" for a rule that said no, or
"error: <exception>" for anything else, which a race test reports as a failure.
"""

import threading
from collections.abc import Callable, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connections


def race(work: Callable[..., Any], args_list: Sequence[tuple]) -> list[str]:
    start, outcomes = threading.Barrier(len(args_list)), []

    def run(args: tuple) -> None:
        try:
            start.wait()
            outcomes.append(f"ok:{work(*args)}")
        except ValidationError as exc:
            outcomes.append("refused: " + ";".join(exc.messages))
        except Exception as exc:  # reported by the test's assertion
            outcomes.append(f"error: {exc!r}")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(a,)) for a in args_list]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def kinds(outcomes: list[str]) -> list[str]:
    """The outcomes without their details, sorted: e.g. ["ok", "refused"]."""
    return sorted(o.split(":")[0] for o in outcomes)
