"""Recording campaign writes against the unit they belong to, so each office reads its own trail."""

from fupin.audit.services import record


def record_for(by, action, target, unit, changes=None, note: str = "") -> None:
    record(by=by, action=action, target=target, unit_path=unit.path, unit_name=unit.name, changes=changes, note=note)
