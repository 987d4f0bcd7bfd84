"""Writes to the unit tree, accounts and roles. Each is atomic and leaves an audit row."""

import secrets
import uuid
from itertools import chain
from typing import Any

from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max, Value
from django.db.models.functions import Concat, Lower, Substr
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fupin.audit.models import AuditAction
from fupin.audit.services import created, diff, record_for, snapshot
from fupin.lib.text import clean_identifier, clean_text, username_key

from .models import Membership, Role, SchoolStage, Unit, UnitKind, UsedPassword, User, path_segment
from .passwords import REMEMBERED_PASSWORDS

MAX_DEPTH = 27  # path is 255 characters, 9 per level

UNIT_FIELDS = (
    "name",
    "code",
    "kind",
    "stage",
    "area",
    "contact_person",
    "contact_phone",
    "contact_email",
)


def clean_unit(unit: Unit, *, check_unique: bool = True, check_constraints: bool = True) -> None:
    """Field rules plus: a school has a stage, nothing else has one. A sheet import checks its rows without
    a query each (check_constraints=False: the one constraint, the stage rule, is checked right here)."""
    unit.code = clean_identifier(unit.code)
    unit.contact_phone = clean_identifier(unit.contact_phone)
    for name in ("name", "contact_person", "contact_email"):
        setattr(unit, name, clean_text(getattr(unit, name)))
    errors: dict[str, list[str]] = {}
    if unit.kind == UnitKind.SCHOOL and unit.stage not in SchoolStage.values:
        errors["stage"] = [_("学校须填写学段(小学、中学、职业学校、高等学校)")]
    if unit.kind != UnitKind.SCHOOL and unit.stage:
        errors["stage"] = [_("只有学校才有学段")]
    try:
        unit.full_clean(
            exclude=["path", "depth", "parent"], validate_unique=check_unique, validate_constraints=check_constraints
        )
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)


def _record_unit(
    by: User, action: AuditAction, unit: Unit, changes: dict[str, list[Any]] | None = None, note: str = ""
) -> None:
    record_for(by, action, unit, unit, changes, note)


NO_UNIT = Unit(name="", path="")


def home_unit(user: User) -> Unit:
    """The unit an account's own audit rows belong to: its first unit (none for a superuser without one)."""
    first = user.memberships.select_related("unit").first() if user is not None and user.pk else None
    return first.unit if first else NO_UNIT


@transaction.atomic
def create_unit(*, by: User, parent: Unit | None, **fields: str) -> Unit:
    """Add a unit under `parent` (a root only when parent is None)."""
    unit = Unit(parent=parent, **{k: fields.get(k, "") for k in UNIT_FIELDS})
    clean_unit(unit)
    if parent is not None and parent.depth + 1 > MAX_DEPTH:
        raise ValidationError({"parent": [_("单位层级不能超过 %(n)d 级") % {"n": MAX_DEPTH + 1}]})
    unit.path = f"new-{uuid.uuid4().hex}"
    unit.depth = parent.depth + 1 if parent else 0
    unit.save()
    unit.path = (parent.path if parent else "") + path_segment(unit.pk)
    Unit.objects.filter(pk=unit.pk).update(path=unit.path)
    _record_unit(by, AuditAction.CREATE, unit, created(snapshot(unit, UNIT_FIELDS)))
    return unit


@transaction.atomic
def update_unit(*, by: User, unit: Unit, **fields: str) -> Unit:
    """Change a unit's own fields; its place in the tree changes only through move_unit."""
    before = snapshot(unit, UNIT_FIELDS)
    for name in UNIT_FIELDS:
        if name in fields:
            setattr(unit, name, fields[name])
    clean_unit(unit)
    unit.save(update_fields=list(UNIT_FIELDS))
    changes = diff(before, snapshot(unit, UNIT_FIELDS))
    if changes:
        _record_unit(by, AuditAction.UPDATE, unit, changes)
    return unit


@transaction.atomic
def move_unit(*, by: User, unit: Unit, new_parent: Unit) -> Unit:
    """Put a unit and its whole subtree under another parent; never under itself."""
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    new_parent = Unit.objects.get(pk=new_parent.pk)
    if new_parent.path.startswith(unit.path):
        raise ValidationError({"parent": [_("不能把单位移到它自己或它的下级单位之下")]})
    deepest = Unit.objects.filter(path__startswith=unit.path).aggregate(d=Max("depth"))["d"]
    if deepest - unit.depth + new_parent.depth + 1 > MAX_DEPTH:
        raise ValidationError({"parent": [_("移动后单位层级将超过 %(n)d 级") % {"n": MAX_DEPTH + 1}]})
    old_path, old_parent = unit.path, unit.parent
    new_path = new_parent.path + path_segment(unit.pk)
    delta = new_parent.depth + 1 - unit.depth
    Unit.objects.filter(path__startswith=old_path).update(
        path=Concat(Value(new_path), Substr("path", len(old_path) + 1)),
        depth=F("depth") + delta,
    )
    Unit.objects.filter(pk=unit.pk).update(parent=new_parent)
    unit.refresh_from_db()
    _record_unit(by, AuditAction.MOVE, unit, {"parent": [str(old_parent), str(new_parent)]})
    return unit


TEMPORARY_HASHER = "pbkdf2_temp"


def _temporary_password() -> str:
    """12 random URL-safe characters (72 bits) plus a fixed tail that meets the complexity rule."""
    return "Fp-" + secrets.token_urlsafe(9) + "7a"


LOOKALIKE = gettext_lazy("与已有账号「%(u)s」相同或过于相似(仅大小写、全角半角或形近字母不同),请换一个账号")


def lookalike_usernames(usernames: list[str]) -> dict[str, str]:
    """{name: the existing account it would be mistaken for}: same after case, width and look-alike folding,
    but not the same account. Every account is compared, whatever unit it is in, as log-in names are global."""
    wanted: dict[str, list[str]] = {}
    for name in usernames:
        wanted.setdefault(username_key(name), []).append(name)
    # an ASCII name folds to its lower case, which the index of the case-insensitive constraint finds; the few
    # names with other characters are folded here
    plain = User.objects.annotate(folded=Lower("username")).filter(folded__in=list(wanted))
    unusual = User.objects.filter(username__regex=r"[^ -~]")
    found: dict[str, str] = {}
    for existing in chain(plain.values_list("username", flat=True), unusual.values_list("username", flat=True)):
        for name in wanted.get(username_key(existing), ()):
            if name != existing:
                found[name] = existing
    return found


@transaction.atomic
def create_account(
    *,
    by: User,
    unit: Unit,
    username: str,
    name: str,
    role: str,
    phone: str = "",
    email: str = "",
    password: str | None = None,
) -> tuple[User, str]:
    """A new account with a role on `unit`; it must choose its own password at first login."""
    username = clean_identifier(username)
    user = User(
        username=username,
        name=clean_text(name),
        phone=clean_identifier(phone),
        email=clean_text(email),
        must_change_password=True,
    )
    generated = password is None
    password = password or _temporary_password()
    errors: dict[str, list[str]] = {}
    try:
        # the case-insensitive constraint is the database's guard; the look-alike check below names the account
        user.full_clean(exclude=["password"], validate_constraints=False)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if "username" not in errors and (similar := lookalike_usernames([username]).get(username)):
        errors["username"] = [LOOKALIKE % {"u": similar}]
    try:
        validate_password(password, user)
    except ValidationError as exc:
        errors["password"] = exc.messages
    if errors:
        raise ValidationError(errors)
    user.password = make_password(password, hasher=TEMPORARY_HASHER if generated else "default")
    user.save()
    record_for(by, AuditAction.CREATE, user, unit, created(snapshot(user, ("username", "name", "phone", "email"))))
    grant_role(by=by, user=user, unit=unit, role=role)
    return user, password


@transaction.atomic
def grant_role(*, by: User, user: User, unit: Unit, role: str) -> Membership:
    """Give `user` a role on `unit`; granting a role it already has changes nothing."""
    membership, created = Membership.objects.get_or_create(user=user, unit=unit, role=role)
    if created:
        changes = {"role": [None, str(Role(role).label)], "user": [None, user.username]}
        record_for(by, AuditAction.CREATE, membership, unit, changes)
    return membership


@transaction.atomic
def revoke_role(*, by: User, membership: Membership) -> None:
    changes = {"role": [str(membership.get_role_display()), None], "user": [membership.user.username, None]}
    record_for(by, AuditAction.DELETE, membership, membership.unit, changes)
    membership.delete()


@transaction.atomic
def set_password(*, by: User, user: User, password: str, must_change: bool) -> None:
    """Set a password (validated); an admin's reset obliges the owner to change it at next login."""
    validate_password(password, user)
    if user.has_usable_password():
        UsedPassword.objects.create(user=user, password=user.password)
        stale = UsedPassword.objects.filter(user=user).order_by("-replaced_at", "-pk")[REMEMBERED_PASSWORDS:]
        UsedPassword.objects.filter(pk__in=list(stale.values_list("pk", flat=True))).delete()
    user.password = make_password(password, hasher=TEMPORARY_HASHER if must_change else "default")
    user.must_change_password = must_change
    user.save(update_fields=["password", "must_change_password"])
    note = _("管理员重置密码") if must_change else _("本人修改密码")
    record_for(by, AuditAction.PASSWORD, user, home_unit(user), note=note)


def reset_password(*, by: User, user: User) -> str:
    password = _temporary_password()
    set_password(by=by, user=user, password=password, must_change=True)
    return password


@transaction.atomic
def set_active(*, by: User, user: User, is_active: bool) -> None:
    """Disable or re-enable an account; accounts are never deleted, so the audit trail stays whole."""
    if user.is_active == is_active:
        return
    user.is_active = is_active
    user.save(update_fields=["is_active"])
    record_for(by, AuditAction.UPDATE, user, home_unit(user), {"is_active": [not is_active, is_active]})
