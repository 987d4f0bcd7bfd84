"""Forms of the statistics pages. They only collect what was typed: the services check every cell."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from fupin.lib.forms import SheetUploadForm

from ..models import ColumnType, RowMode, StatColumn, StatTable
from ..selectors.stats import ReportSheet
from ..services.stats import MAX_COLUMNS, MAX_ROWS, CellProblem, ColumnSpec
from ..sources import SOURCES

MORE_ROWS = 5
BLANK_ROWS = 3  # empty lines under a many-rows report's own, ready to type in
_NUMERIC = {"inputmode": "decimal", "autocomplete": "off", "class": "num"}
_WIDGETS: dict[str, dict[str, str]] = {
    ColumnType.INTEGER: {"inputmode": "numeric", "autocomplete": "off", "class": "num"},
    ColumnType.MONEY: _NUMERIC | {"placeholder": "0.00"},
    ColumnType.PERCENT: _NUMERIC | {"placeholder": "0–100"},
    ColumnType.TEXT: {"maxlength": "500"},
}


def cell_name(row: int, column: StatColumn) -> str:
    return f"r{row}_{column.key}"


def _field(column: StatColumn, help_text: str) -> forms.Field:
    if column.type == ColumnType.CHOICE:
        choices = [("", _("请选择")), *((c, c) for c in column.choices)]
        return forms.ChoiceField(label=column.label, required=False, choices=choices, help_text=help_text)
    widget: forms.Widget
    if column.type == ColumnType.DATE:
        widget = forms.DateInput(attrs={"type": "date", "min": "2000-01-01", "max": "2100-12-31"})
    else:
        widget = forms.TextInput(attrs=_WIDGETS.get(column.type, {}))
    return forms.CharField(label=column.label, required=False, strip=False, widget=widget, help_text=help_text)


class StatReportForm(forms.Form):
    """One text field per typed cell (`r<row>_<key>`); columns with a source get no field at all."""

    row_count = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=MAX_ROWS)

    def __init__(self, sheet: ReportSheet, data=None):
        super().__init__(data)
        self.sheet = sheet
        self.count = self._count(data)
        for row in range(self.count):
            cells = sheet.rows[row] if row < len(sheet.rows) else []
            for column in sheet.input_columns:
                cell = next((c for c in cells if c.column.pk == column.pk), None)
                field = self.fields[cell_name(row, column)] = _field(column, self._help(column, cell))
                field.initial = cell.text if cell is not None else ""
        self.fields["row_count"].initial = self.count

    def _count(self, data) -> int:
        if not self.sheet.table.is_many_rows:
            return 1
        shown = len(self.sheet.rows) + BLANK_ROWS
        try:
            wanted = int((data or {}).get("row_count") or shown)
        except ValueError:
            wanted = shown
        if data is not None and "more" in data:
            wanted += MORE_ROWS
        return max(1, min(wanted, MAX_ROWS))

    @staticmethod
    def _help(column: StatColumn, cell) -> str:
        parts = [column.help] if column.help else []
        if cell is not None and cell.below:
            parts.append(str(_("下级单位填报合计:%(v)s")) % {"v": cell.below})
        return ";".join(parts)

    def rows(self) -> list[dict[str, str]]:
        """What was typed, row by row, keyed by column key."""
        return [
            {c.key: self.data.get(cell_name(row, c), "") for c in self.sheet.input_columns} for row in range(self.count)
        ]

    def add_cell_errors(self, problems: list[CellProblem]) -> None:
        for problem in problems:
            name = cell_name(problem.row, problem.column)
            if name in self.fields:
                self.add_error(name, problem.reason)

    def grid(self) -> list[list[tuple]]:
        """Rows of (cell, bound field or None for a source figure) for the template."""
        grid = []
        for row in range(self.count):
            cells = self.sheet.rows[row] if row < len(self.sheet.rows) else []
            by_column = {c.column.pk: c for c in cells}
            grid.append(
                [
                    (by_column.get(col.pk), None if col.pk in self.sheet.sources else self[cell_name(row, col)])
                    for col in self.sheet.columns
                ]
            )
        return grid


class StatSheetForm(SheetUploadForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].label = _("填好的统计表(.xlsx)")
        self.fields["file"].help_text = _("请使用本页下载的模板;整表要么全部导入,要么一格也不写入。")


class TemplateChoiceForm(forms.Form):
    template: forms.ModelChoiceField[StatTable] = forms.ModelChoiceField(
        queryset=None, label=_("通用模板"), empty_label=None
    )

    def __init__(self, *args, templates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"].queryset = templates


class AttachTableForm(forms.Form):
    table: forms.ModelChoiceField[StatTable] = forms.ModelChoiceField(
        queryset=None, label=_("统计表"), empty_label=_("请选择统计表")
    )

    def __init__(self, *args, tables, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["table"].queryset = tables


class StatTableForm(forms.Form):
    title = forms.CharField(
        label=_("表名"), max_length=200, widget=forms.TextInput(attrs={"placeholder": _("如:扶贫日宣传活动统计表")})
    )
    row_mode = forms.ChoiceField(label=_("行"), choices=RowMode.choices, initial=RowMode.ONE_PER_UNIT)
    note = forms.CharField(
        label=_("填表说明"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )


def _source_choices():
    return [("", _("无(由单位填写)")), *((s.key, s.label) for s in SOURCES.values())]


class StatColumnForm(forms.Form):
    label = forms.CharField(label=_("列名"), max_length=100, required=False)
    type = forms.ChoiceField(label=_("类型"), choices=ColumnType.choices, initial=ColumnType.INTEGER)
    choices = forms.CharField(
        label=_("选项"), required=False, max_length=2000, help_text=_("类型为「选项」时填写,用顿号、逗号或换行分隔")
    )
    required = forms.BooleanField(label=_("必填"), required=False)
    source = forms.ChoiceField(label=_("数据来源"), required=False, choices=_source_choices)
    help = forms.CharField(label=_("填写说明"), max_length=200, required=False)
    within = forms.IntegerField(
        label=_("是第几列的「其中」"),
        required=False,
        min_value=1,
        max_value=MAX_COLUMNS,
        help_text=_("填列号:本列不得超过该列(如「其中:学生」不超过「参与人数」)"),
    )
    part_of = forms.IntegerField(
        label=_("是第几列的组成部分"),
        required=False,
        min_value=1,
        max_value=MAX_COLUMNS,
        help_text=_("填列号:指向同一列的各部分之和须等于该列"),
    )

    def _key(self, number: int | None) -> str:
        """A column's code from its number on the page, so relations can name columns by their number."""
        return f"c{number}" if number else ""

    def spec(self) -> ColumnSpec | None:
        data = self.cleaned_data
        if not data.get("label", "").strip():
            return None
        choices = [
            c.strip() for c in data["choices"].replace("\n", "、").replace(",", "、").replace(",", "、").split("、")
        ]
        return ColumnSpec(
            label=data["label"],
            type=data["type"],
            choices=[c for c in choices if c],
            required=data["required"],
            source=data["source"],
            help=data["help"],
            key=self._key(int((self.prefix or "-0").rsplit("-", 1)[-1]) + 1),
            within=self._key(data["within"]),
            part_of=self._key(data["part_of"]),
        )


StatColumnFormSet = forms.formset_factory(StatColumnForm, extra=8, max_num=MAX_COLUMNS, absolute_max=MAX_COLUMNS)
