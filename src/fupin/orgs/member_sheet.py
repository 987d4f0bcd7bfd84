"""Accounts as an Excel sheet: one row per person and role, imported all or nothing.

A new account gets a generated one-time password (shown once, to hand over) and must choose its own at
first login; an existing account of the importer's subtree just gains the role.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from fupin.audit.models import AuditAction
from fupin.audit.services import record_for
from fupin.lib.sheet_import import SheetLayout, SheetRow, SheetRowErrors, read_sheet, row_errors
from fupin.lib.text import username_key
from fupin.lib.xlsx import write_table

from .models import Membership, Role, Unit, User
from .policy import paths_for
from .services import LOOKALIKE, create_account, grant_role, lookalike_usernames
from .validators import validate_phone

MEMBER_SHEET = SheetLayout(
    columns=[
        ("unit_code", "单位代码"),
        ("username", "账号"),
        ("name", "姓名"),
        ("role", "角色"),
        ("phone", "手机号码"),
        ("email", "电子邮箱"),
    ],
    required=["单位代码", "账号", "姓名", "角色"],
    mandatory=("unit_code", "username", "name", "role"),
    choices={"role": Role},
    identifiers=("unit_code", "username", "phone"),
    what="人员数据",
)


@dataclass
class NewAccount:
    user: User
    unit: Unit
    role: str
    password: str


@dataclass
class MemberImportResult:
    created: list[NewAccount]
    granted: list[Membership]
    unchanged: list[Membership] = field(default_factory=list)  # rows whose account already had the role


def _within(path: str, manageable: list[str]) -> bool:
    return any(path.startswith(p) for p in manageable)


def _check_row(row: SheetRow, units: dict[str, Unit], homes: dict[str, list[str]], manageable: list[str]) -> None:
    values = row.values
    unit = units.get(values["unit_code"])
    if values["unit_code"] and (unit is None or not _within(unit.path, manageable)):
        row.error("unit_code", _("找不到单位 %(c)s(须为您管辖范围内的单位)") % {"c": values["unit_code"]})
    try:
        UnicodeUsernameValidator()(values["username"])
    except ValidationError:
        row.error("username", _("账号只能包含字母、数字和 @/./+/-/_"))
    if values["phone"]:
        try:
            validate_phone(values["phone"])
        except ValidationError as exc:
            row.error("phone", ";".join(exc.messages))
    paths = homes.get(values["username"])
    if paths is not None and not any(_within(path, manageable) for path in paths):
        row.error("username", _("账号 %(u)s 已在其他单位登记") % {"u": values["username"]})


def _check_lookalikes(rows: list[SheetRow], users: dict[str, User]) -> None:
    """A new name that reads like an existing account, or like another row's, is refused: one person, one account."""
    new = [row for row in rows if row.values["username"] not in users]
    similar = lookalike_usernames([row.values["username"] for row in new])
    first: dict[str, SheetRow] = {}
    for row in new:
        name = row.values["username"]
        if name in similar:
            row.error("username", LOOKALIKE % {"u": similar[name]})
            continue
        earlier = first.setdefault(username_key(name), row)
        if earlier.values["username"] != name:
            row.error(
                "username",
                _("与第%(m)d行的账号「%(u)s」相同或过于相似(仅大小写、全角半角或形近字母不同)")
                % {"m": earlier.number, "u": earlier.values["username"]},
            )


def _check_duplicates(rows: list[SheetRow]) -> None:
    seen: dict[tuple[str, str, str], SheetRow] = {}
    names: dict[str, SheetRow] = {}
    for row in rows:
        key = (row.values["unit_code"], row.values["username"], row.values["role"])
        if key in seen:
            row.error("username", _("与第%(m)d行重复") % {"m": seen[key].number})
        seen.setdefault(key, row)
        first = names.setdefault(row.values["username"], row)
        if first.values["name"] != row.values["name"]:
            row.error(
                "name", _("同一账号在第%(m)d行的姓名是「%(n)s」") % {"m": first.number, "n": first.values["name"]}
            )


def import_member_sheet(*, by, data: bytes, filename: str = "") -> MemberImportResult:
    """Create the accounts and grant the roles of a sheet inside the importer's subtree, all or nothing."""
    rows = read_sheet(data, MEMBER_SHEET, max_rows=settings.FUPIN_MEMBER_IMPORT_MAX_ROWS)
    manageable = [""] if by.is_superuser else paths_for(by, "member.manage")
    units = {u.code: u for u in Unit.objects.filter(code__in={r.values["unit_code"] for r in rows})}
    users = {u.username: u for u in User.objects.filter(username__in={r.values["username"] for r in rows})}
    homes: dict[str, list[str]] = {name: [] for name in users}
    for username, path in Membership.objects.filter(user__in=users.values()).values_list(
        "user__username", "unit__path"
    ):
        homes[username].append(path)
    for row in rows:
        _check_row(row, units, homes, manageable)
    _check_duplicates(rows)
    _check_lookalikes(rows, users)
    if errors := row_errors(rows):
        raise SheetRowErrors(errors)
    return _write(by=by, rows=rows, units=units, users=users, filename=filename)


@transaction.atomic
def _write(*, by, rows, units, users, filename) -> MemberImportResult:
    result = MemberImportResult(created=[], granted=[])
    for row in rows:
        values, unit = row.values, units[row.values["unit_code"]]
        user = users.get(values["username"])
        if user is None:
            try:
                user, password = create_account(
                    by=by,
                    unit=unit,
                    username=values["username"],
                    name=values["name"],
                    role=values["role"],
                    phone=values["phone"],
                    email=values["email"],
                )
            except ValidationError as exc:
                for name, messages in exc.message_dict.items():
                    row.error(name, ";".join(messages))
                raise SheetRowErrors(row.errors) from exc
            users[user.username] = user
            result.created.append(NewAccount(user, unit, values["role"], password))
        elif held := Membership.objects.filter(user=user, unit=unit, role=values["role"]).first():
            result.unchanged.append(held)
        else:
            result.granted.append(grant_role(by=by, user=user, unit=unit, role=values["role"]))
    anchor = units[rows[0].values["unit_code"]]
    note = _("导入人员表 %(f)s:新建账号 %(c)d 个,授予角色 %(g)d 项,已有角色未改动 %(u)d 项") % {
        "f": filename[:100],
        "c": len(result.created),
        "g": len(result.granted),
        "u": len(result.unchanged),
    }
    record_for(by, AuditAction.IMPORT, anchor, anchor, note=note)
    return result


def export_members(memberships) -> bytes:
    """Members in the import layout (no passwords, ever)."""
    rows = (
        [m.unit.code, m.user.username, m.user.name, m.get_role_display(), m.user.phone, m.user.email]
        for m in memberships.select_related("unit", "user").order_by("unit__path", "user__username")
    )
    return write_table(
        title=_("人员名册"),
        headers=[label for _k, label in MEMBER_SHEET.columns],
        rows=rows,
        note=_("角色填写中文名称,如「报送员」「帮扶责任人」;新账号首次登录须修改初始密码"),
    )
