"""Records of other apps that point into the fund ledger (a project's money paid in or out through a drive)
add their reconciliation to `fupin ledger check` here, so the check stays one command."""

from collections.abc import Callable

_checks: list[Callable[[], list[str]]] = []


def register_check(check: Callable[[], list[str]]) -> None:
    """Add a reconciliation; it returns every problem it finds, in words."""
    if check not in _checks:
        _checks.append(check)


def registered_problems() -> list[str]:
    return [problem for check in _checks for problem in check()]
