"""A list page as .xlsx: the page answers `?format=xlsx` with its own rows (the same selector and filters,
every page at once, up to MAX_ROWS) under a title row naming the list, its campaign or unit and the filters
applied, then Chinese headers. Cells are written by fupin.lib.xlsx, so no text ever becomes a formula."""

import re
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any, NamedTuple

from django.http import HttpResponse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from .http import attachment
from .xlsx import Table, write_tables

MAX_ROWS = 20_000  # a bigger list is cut here, and the title says so
MONEY = "#,##0.00"
_NOT_IN_NAMES = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


class Column(NamedTuple):
    """A column of an exported list: its Chinese header, how a row's object gives its value, a number format."""

    header: str | Promise
    value: Callable[[Any], Any]
    format: str | None = None


class Sheet(NamedTuple):
    """One list of an export: its name (the page's heading), the columns and the rows (a queryset or list)."""

    name: str
    columns: Sequence[Column]
    rows: Any
    filters: Sequence[tuple[str, str]] = ()


def wants_xlsx(request) -> bool:
    return request.GET.get("format") == "xlsx"


def bounded(rows: Any) -> Any:
    """The first rows of a queryset or list, one more than an export writes (so it knows it was cut): for a
    list page that decorates its rows (deadlines, lateness) before showing them."""
    return rows[: MAX_ROWS + 1]


def yuan(fen: int | None) -> Decimal | None:
    """分 → 元 as a number with two decimals (shown as 1,234.50 by the MONEY format)."""
    return None if fen is None else (Decimal(fen) / 100).quantize(Decimal("0.01"))


def when(value: datetime | date | None) -> str:
    """A time as people here read it: 「2026-10-17 15:00」 in Asia/Shanghai, a date as 「2026-10-17」."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    return value.strftime("%Y-%m-%d")


def names(units: Iterable[Any], *, shown: int = 3) -> str:
    """「东阳县教育局、西川县教育局」, or the first few and 「等N个单位」."""
    listed = [str(u.name) for u in units]
    if len(listed) <= shown:
        return "、".join(listed)
    return _("%(names)s等%(n)d个单位") % {"names": "、".join(listed[:shown]), "n": len(listed)}


def title(scope: str, name: str, filters: Sequence[tuple[str, str]] = (), *, cut: bool = False) -> str:
    """「2026年扶贫日活动 · 审核报送 · 状态:待审核」: the scope, the list, then each filter as 名称:值."""
    parts = [p for p in (scope, name) if p] + [f"{label}:{value}" for label, value in filters]
    if cut:
        parts.append(_("仅列出前 %(n)d 行") % {"n": MAX_ROWS})
    return " · ".join(parts)


def _table(scope: str, sheet: Sheet) -> Table:
    rows = list(bounded(sheet.rows))
    cut = len(rows) > MAX_ROWS
    return Table(
        title=title(scope, sheet.name, sheet.filters, cut=cut),
        headers=[str(c.header) for c in sheet.columns],
        rows=([c.value(obj) for c in sheet.columns] for obj in rows[:MAX_ROWS]),
        sheet_name=_NOT_IN_NAMES.sub(" ", sheet.name).replace("[", "(").replace("]", ")"),
        formats=[c.format for c in sheet.columns],
    )


def sheets_workbook(scope: str, sheets: Sequence[Sheet]) -> tuple[bytes, str]:
    """One or more lists, each on its own sheet, and the file name: the scope and the first list."""
    data = write_tables([_table(scope, sheet) for sheet in sheets])
    filename = _NOT_IN_NAMES.sub("_", " ".join(p for p in (scope, sheets[0].name) if p))[:120]
    return data, f"{filename}.xlsx"


def xlsx_sheets(scope: str, sheets: Sequence[Sheet]) -> HttpResponse:
    """A download of one or more lists, each on its own sheet; named after the scope and the first list."""
    return attachment(*sheets_workbook(scope, sheets))


def xlsx_list(
    *, scope: str, name: str, columns: Sequence[Column], rows: Any, filters: Sequence[tuple[str, str]] = ()
) -> HttpResponse:
    """The download of one list page: title row, Chinese headers, the rows."""
    return xlsx_sheets(scope, [Sheet(name, columns, rows, filters)])
