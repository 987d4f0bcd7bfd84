"""Importing 干部包户 pairings from Excel (帮扶单位代码, 帮扶责任人账号, 户主身份证号, 开始日期), all or nothing.

A household is found by its 身份证号's keyed hash, only among the households the importer may see; a household
named twice in the file, or one that already has a responsible cadre, is a row error naming the other row or
the current cadre. Any problem refuses the whole sheet.
"""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from fupin.audit.models import AuditAction
from fupin.audit.services import record_for
from fupin.campaigns.stat_cells import CellError, parse_date
from fupin.households.models import Household
from fupin.households.selectors import visible_households
from fupin.jobs.registry import ITEMS_SHOWN, ImportOutcome, NoProgress, Progress
from fupin.lib.id_numbers import hash_aliases, id_number_hash, validate_id_number
from fupin.lib.masking import mask_name
from fupin.lib.sheet_import import SheetLayout, SheetRow, SheetRowErrors, read_sheet, row_errors
from fupin.lib.xlsx import write_table
from fupin.orgs.models import Membership, Unit, User
from fupin.orgs.policy import can

from .models import Pairing, PairingKind

MAX_ROWS = 20_000
COLUMNS = [
    ("unit_code", "帮扶单位代码"),
    ("username", "帮扶责任人账号"),
    ("id_number", "户主身份证号"),
    ("started_on", "开始日期"),
]
PAIRING_SHEET = SheetLayout(
    columns=COLUMNS,
    required=[label for _k, label in COLUMNS],
    mandatory=("unit_code", "username", "id_number", "started_on"),
    identifiers=("unit_code", "username", "id_number", "started_on"),
    what="结对",
)


@dataclass
class Checked:
    unit: Unit
    cadre: User
    household: Household
    started_on: date


def _date(row: SheetRow) -> date | None:
    text = row.values["started_on"].removesuffix(" 00:00")
    try:
        return parse_date(int(text) if text.isdigit() and len(text) == 5 else text)
    except CellError as exc:
        row.error("started_on", str(exc))
        return None


def _hashes(rows: list[SheetRow]) -> dict[int, str]:
    """Row number → keyed hash of its valid 身份证号; an invalid number is reported on its row."""
    found = {}
    for row in rows:
        try:
            found[row.number] = id_number_hash(validate_id_number(row.values["id_number"]))
        except ValidationError as exc:
            row.error("id_number", exc.messages[0])
    return found


def _aliases(rows: list[SheetRow], hashes: dict[int, str]) -> dict[str, str]:
    """Every hash a stored household of these rows may carry (an earlier key's too) → its current hash."""
    return hash_aliases(r.values["id_number"] for r in rows if r.number in hashes)


def _household(row: SheetRow, hashes: dict[int, str], visible: dict[str, Household], seen: dict[int, SheetRow]):
    if row.number not in hashes:
        return None
    household = visible.get(hashes[row.number])
    if household is None:
        row.error("id_number", _("在您管辖范围内的帮扶户中找不到该身份证号"))
    elif household.pk in seen:
        row.error("id_number", _("与第%(m)d行是同一户") % {"m": seen[household.pk].number})
        household = None
    else:
        seen[household.pk] = row
    return household


def _cadre(row: SheetRow, unit: Unit | None, users: dict[str, User], members: set[tuple[int, int]]) -> User | None:
    cadre = users.get(row.values["username"])
    if cadre is None:
        row.error("username", _("找不到账号 %(u)s") % {"u": row.values["username"]})
    elif unit is not None and (cadre.pk, unit.pk) not in members:
        row.error("username", _("%(u)s 不是 %(n)s 的成员") % {"u": row.values["username"], "n": unit.name})
        return None
    return cadre


def _check(by: User, rows: list[SheetRow], progress: Progress) -> list[Checked]:
    units = {u.code: u for u in Unit.objects.filter(code__in={r.values["unit_code"] for r in rows})}
    users = {u.username: u for u in User.objects.filter(username__in={r.values["username"] for r in rows})}
    members = set(
        Membership.objects.filter(user__in=users.values(), unit__in=units.values()).values_list("user_id", "unit_id")
    )
    hashes = _hashes(rows)
    aliases = _aliases(rows, hashes)
    visible = {aliases[h.head_id_hash]: h for h in visible_households(by).filter(head_id_hash__in=aliases)}
    open_now = dict(
        Pairing.objects.filter(
            kind=PairingKind.CADRE_HOUSEHOLD, ended_on__isnull=True, household__in=visible.values()
        ).values_list("household_id", "cadre__name")
    )
    checked: list[Checked] = []
    seen: dict[int, SheetRow] = {}
    for done, row in enumerate(rows, start=1):
        progress.rows(done, len(rows))
        unit = units.get(row.values["unit_code"])
        if unit is None or not can(by, "pairing.manage", unit.path):
            row.error("unit_code", _("%(c)s 不是您管辖范围内的单位") % {"c": row.values["unit_code"]})
            unit = None
        cadre, household, started_on = (
            _cadre(row, unit, users, members),
            _household(row, hashes, visible, seen),
            _date(row),
        )
        if household is not None and household.pk in open_now:
            row.error("id_number", _("该户已有帮扶责任人 %(c)s,请先结束原结对") % {"c": open_now[household.pk]})
        if unit and cadre and household and started_on and not row.errors:
            checked.append(Checked(unit, cadre, household, started_on))
    return checked


def import_pairings(*, by: User, data: bytes, filename: str = "", progress: Progress | None = None) -> list[Pairing]:
    progress = progress or NoProgress()
    rows = read_sheet(data, PAIRING_SHEET, max_rows=MAX_ROWS)
    checked = _check(by, rows, progress)
    if errors := row_errors(rows):
        raise SheetRowErrors(errors)
    try:
        return _write(by, checked, filename, progress)
    except IntegrityError:  # a responsible cadre set meanwhile by someone else
        raise SheetRowErrors([_("表格中有帮扶户刚被他人设置了帮扶责任人,请重新导入")]) from None


def run_pairing_import(*, by: User, data: bytes, filename: str, options: dict, progress: Progress) -> ImportOutcome:
    """The 干部包户 import as a background job."""
    return _outcome(import_pairings(by=by, data=data, filename=filename, progress=progress))


def _shown(pairing: Pairing) -> str:
    cadre, household = pairing.cadre, pairing.household
    who = (cadre.name or cadre.username) if cadre is not None else ""
    head = mask_name(household.head_name) if household is not None else ""
    return f"{who} → {head}({pairing.started_on:%Y-%m-%d})"


def _outcome(made: list[Pairing]) -> ImportOutcome:
    items = [_shown(p) for p in made[:ITEMS_SHOWN]]
    return ImportOutcome(summary=[(_("新增干部包户结对"), len(made))], items=items)


@transaction.atomic
def _write(by: User, checked: list[Checked], filename: str, progress: Progress) -> list[Pairing]:
    """Every pairing of the sheet in one bulk insert (the database still allows one responsible cadre per
    household), recorded as one import in the audit trail."""
    made = Pairing.objects.bulk_create(
        Pairing(
            kind=PairingKind.CADRE_HOUSEHOLD, unit=c.unit, cadre=c.cadre, household=c.household, started_on=c.started_on
        )
        for c in checked
    )
    note = _("导入干部包户结对 %(f)s:%(n)d 个") % {"f": filename[:100], "n": len(made)}
    record_for(by, AuditAction.IMPORT, None, checked[0].unit, {"pairings": [None, len(made)]}, note=note)
    progress.written(_outcome(made))
    return made


def pairing_template() -> bytes:
    return write_table(
        title=_("干部包户结对"),
        headers=[label for _k, label in COLUMNS],
        rows=[],
        note=_("帮扶责任人须是帮扶单位的成员;身份证号请设为文本格式;开始日期写成 2026-09-01"),
    )
