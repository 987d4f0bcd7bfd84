"""Reading an uploaded sheet into checked rows, the same way for every import.

A layout names the columns; each row comes back with its cleaned values and its problems, each problem
phrased 「第N行 字段: 原因」. Whole-file problems raise `SheetError`; the caller refuses the whole sheet when
any row has a problem, so nothing is half-written.
"""

import functools
import itertools
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS
from django.db.models import TextChoices
from django.utils import translation
from django.utils.translation import gettext as _

from .text import clean_identifier, clean_text
from .xlsx import (
    BadCell,
    SheetError,
    SheetTooLong,
    _refuse_merged_below,
    cell_text,
    header_index,
    header_name,
    is_error_value,
    read_rows,
)
from .xlsx_stream import StreamedSheet


class SheetRowErrors(Exception):
    """Row-level problems: one 「第N行 字段: 原因」 line each."""

    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass(frozen=True)
class SheetLayout:
    columns: list[tuple[str, str]]  # (key, header label)
    required: list[str]  # header labels the sheet must have
    mandatory: tuple[str, ...] = ()  # keys whose cells may not be empty
    choices: dict[str, type[TextChoices]] = field(default_factory=dict)
    identifiers: tuple[str, ...] = ()  # keys folded with NFKC (codes, phones, accounts)
    aliases: dict[str, str] = field(default_factory=dict)  # other names for a key in error messages
    what: str = "数据"  # 「表格中只有表头,没有…」

    @property
    def labels(self) -> dict[str, str]:
        return dict(self.columns) | {NON_FIELD_ERRORS: _("本行")}


@dataclass
class SheetRow:
    number: int
    layout: SheetLayout
    values: dict[str, str] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    bad: set[str] = field(default_factory=set)  # the columns already reported, so each gets one reason

    def error(self, column: str, reason: str) -> None:
        column = self.layout.aliases.get(column, column)
        labels = self.layout.labels
        column = column if column in labels else NON_FIELD_ERRORS
        self.bad.add(column)
        self.errors.append(_("第%(n)d行 %(f)s: %(r)s") % {"n": self.number, "f": labels[column], "r": reason})


def row_errors(rows: list[SheetRow]) -> list[str]:
    return [e for r in rows for e in r.errors]


def fold(text: str) -> str:
    """「县（区）教育局 」 and 「县(区)教育局」 are the same label."""
    return "".join(unicodedata.normalize("NFKC", text).split()).casefold()


def _accepted(choices) -> dict[str, str]:
    """Folded label or value → value; labels in the page's language and in Chinese, the template's."""
    return _accepted_in(choices, translation.get_language())


@functools.lru_cache(maxsize=64)  # worked out once per choice list and language, not once per cell
def _accepted_in(choices, language: str | None) -> dict[str, str]:
    accepted = {fold(str(label)): value for value, label in choices.choices}
    with translation.override("zh-hans"):
        accepted |= {fold(str(label)): value for value, label in choices.choices}
    return accepted | {fold(value): value for value in choices.values}


_LIST_SEPARATORS = re.compile(r"[、,,;;/\s]+")


def choice_list(row: SheetRow, column: str, choices: type[TextChoices], message: str) -> list[str]:
    """The choices a cell names by label or value, several separated by 、,;/ or spaces (「因病、缺技术」), each once
    in the order written; the parts that name none reported on the row with `message` (%(v)s those parts, %(c)s
    the labels to choose from)."""
    found, unknown = _list_in(choices, row.values[column], translation.get_language())
    if unknown:
        shown = "、".join(str(label) for label in choices.labels)
        row.error(column, message % {"v": unknown, "c": shown})
    return list(found)


@functools.lru_cache(maxsize=256)  # a sheet repeats a few texts over and over: each is read once
def _list_in(choices, text: str, language: str | None) -> tuple[tuple[str, ...], str]:
    accepted = _accepted_in(choices, language)
    found: list[str] = []
    unknown: list[str] = []
    for part in filter(None, _LIST_SEPARATORS.split(text)):
        value = accepted.get(fold(part))
        (found if value else unknown).append(value or part)
    return tuple(dict.fromkeys(found)), "、".join(unknown)


def _choice(row: SheetRow, column: str, text: str) -> str:
    choices = row.layout.choices[column]
    value = _accepted(choices).get(fold(text)) if text else ""
    if value is None:
        shown = "、".join(str(label) for label in choices.labels)
        row.error(column, _("「%(v)s」不是可选值,可选:%(c)s") % {"v": text, "c": shown})
    return value or ""


def _cell_value(row: SheetRow, key: str, raw: Any) -> str:
    layout = row.layout
    if is_error_value(raw):
        row.error(key, str(raw) if isinstance(raw, BadCell) else _("单元格是错误值 %(v)s") % {"v": raw})
        raw = None
    if key in layout.identifiers and isinstance(raw, (int, float)) and not isinstance(raw, bool):
        row.error(
            key, _("是数字单元格,长号码会丢失位数(如身份证号末几位变成 0);请把该列设为「文本」格式,重新填写后上传")
        )
        raw = None
    text = clean_text(cell_text(raw))
    if key in layout.identifiers:
        text = clean_identifier(text)
    return _choice(row, key, text) if key in layout.choices else text


def _require(row: SheetRow) -> None:
    for key in row.layout.mandatory:
        if not row.values[key] and key not in row.bad:
            row.error(key, _("不能为空"))


class _RowParser:
    """Parses a sheet's rows, the columns' positions found once per sheet. Each text a column has already
    turned into a value without a problem is remembered (a sheet repeats the same few codes, categories and
    choices), so such a cell costs a lookup; every other cell goes through _cell_value."""

    KEEP = 4096  # remembered texts per column at most: a column of distinct names or numbers stays bounded

    def __init__(self, layout: SheetLayout, index: dict[str, int]) -> None:
        self.layout = layout
        self.columns = [(key, index.get(label, -1)) for key, label in layout.columns]
        self.known: dict[str, dict[str, str]] = {key: {} for key, _label in layout.columns}

    def __call__(self, number: int, cells: list[Any]) -> SheetRow:
        row = SheetRow(number, self.layout)
        values, count = row.values, len(cells)
        for key, position in self.columns:
            raw = cells[position] if 0 <= position < count else None
            known = self.known[key]
            if type(raw) is str and raw in known:
                values[key] = known[raw]
                continue
            errors = len(row.errors)
            values[key] = value = _cell_value(row, key, raw)
            if type(raw) is str and len(row.errors) == errors and len(known) < self.KEEP:
                known[raw] = value
        _require(row)
        return row


def _header_mismatch(layout: SheetLayout, rows: list[tuple[int, list[Any]]]) -> SheetError:
    """Expected against found, found being the likeliest header row among the first five."""
    if not rows:
        return SheetError(_("表格是空的,没有表头和数据"))
    required = set(layout.required)
    number, cells = max(rows[:5], key=lambda r: (len(required & set(map(header_name, r[1]))), len(r[1])))
    found = [header_name(c) for c in cells if c not in ("", None)]
    missing = [h for h in layout.required if h not in found]
    return SheetError(
        _("表头不符:应包含 %(e)s;缺少 %(m)s;第%(n)d行实际为 %(f)s")
        % {"e": "、".join(layout.required), "m": "、".join(missing), "n": number, "f": "、".join(found)}
    )


def read_sheet(data: bytes, layout: SheetLayout, *, max_rows: int) -> list[SheetRow]:
    """The data rows under the header (searched in the first five rows), each parsed and checked."""
    try:
        rows = read_rows(data, max_rows=max_rows + 5)  # room for a title, a note and the header
    except SheetTooLong:
        raise SheetTooLong(max_rows) from None
    pos, index = header_index(rows, layout.required)
    if pos is None:
        raise _header_mismatch(layout, rows)
    body = rows[pos + 1 :]
    if not body:
        raise SheetError(_("表格中只有表头,没有%(w)s") % {"w": layout.what})
    if len(body) > max_rows:
        raise SheetTooLong(max_rows)
    parse = _RowParser(layout, index)
    return [parse(number, cells) for number, cells in body]


def stream_sheet(data: bytes, layout: SheetLayout, *, max_rows: int, chunk: int) -> Iterator[list[SheetRow]]:
    """read_sheet for sheets too large to hold at once: the parsed rows, `chunk` at a time, in bounded memory.

    Whole-file problems found after the first rows (too many rows, merged cells below the header, which the
    file lists after its data) raise SheetError at the end, so the caller's transaction writes nothing."""
    sheet = StreamedSheet(data, max_rows=max_rows + 5)  # room for a title, a note and the header
    rows = iter(sheet)
    try:
        head = list(itertools.islice(rows, 5))
        pos, index = header_index(head, layout.required)
        if pos is None:
            raise _header_mismatch(layout, head)
        count, parse = 0, _RowParser(layout, index)
        for batch in itertools.batched(itertools.chain(head[pos + 1 :], rows), chunk):
            count += len(batch)
            if count > max_rows:
                raise SheetTooLong(max_rows)
            yield [parse(number, cells) for number, cells in batch]
    except SheetTooLong:
        raise SheetTooLong(max_rows) from None
    if not count:
        raise SheetError(_("表格中只有表头,没有%(w)s") % {"w": layout.what})
    _refuse_merged_below(sheet.merged, head[pos][0])
