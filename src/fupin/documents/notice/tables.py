"""A task table pasted as text (「序号 工作任务 牵头单位 配合单位 完成时间」, cells apart by tabs or spaces).

Each row becomes one numbered line in the words the reader already understands: the row's number and task, its
time after 「完成时间:」, and its units labelled as the header names them, so a row is an item with its lead and
responsible units and its deadline. A table below the notice's own numbered items only restates them (「下表为
各项活动完成时限」) and is left as it is.
"""

import re

from .headings import ROW_MARK, starts_with_heading

_CELLS = re.compile(r"\t+|\s{2,}")
_LOOSE_CELLS = re.compile(r"\s+")  # a PDF's text layer keeps one space between cells
_GLUED_TIME = re.compile(r"\d{1,2}月(?:\d{1,2}[日号]|底|末)\S*$")
_NUMBER = re.compile(r"^(?:序号|编号|序)$")
_TASK = re.compile(r"任务|内容|项目|措施|事项|活动")
_LEAD = re.compile(r"^(?:牵头单位|牵头部门|主办单位|牵头)$")
_RESPONSIBLE = re.compile(r"^(?:责任单位|责任部门|配合单位|配合部门|协办单位|参与单位|落实单位|实施单位|承办单位)$")
_TIME = re.compile(r"时间|时限|期限|日期")


def _cells(line: str, pattern: re.Pattern = _CELLS) -> list[str]:
    return [cell.strip() for cell in pattern.split(line.strip())]


def _columns(header: list[str]) -> dict[int, str] | None:
    """Column index → role, when the line is a task table's header: a number, a task and a unit column."""
    roles: dict[int, str] = {}
    for index, cell in enumerate(header):
        for role, pattern in (("number", _NUMBER), ("lead", _LEAD), ("responsible", _RESPONSIBLE)):
            if pattern.match(cell):
                roles[index] = role
                break
        else:
            if _TIME.search(cell):
                roles[index] = "time"
            elif _TASK.search(cell) and "task" not in roles.values():
                roles[index] = "task"
    wanted = {"number", "task"} <= set(roles.values()) and {"lead", "responsible"} & set(roles.values())
    return roles if wanted else None


def _row(cells: list[str], roles: dict[int, str], labels: list[str]) -> str:
    named = {roles[i]: cell for i, cell in enumerate(cells) if i in roles and cell}
    line = f"{named['number']}{ROW_MARK}{named['task'].rstrip('。')}。"
    if named.get("time"):
        line += f"完成时间:{named['time']}。"
    units = [f"{labels[i]}:{cell}" for i, cell in enumerate(cells) if roles.get(i) in {"lead", "responsible"} and cell]
    return line + (f"({';'.join(units)})" if units else "")


def rows_as_items(lines: list[str]) -> list[str]:
    """The lines with every task table's rows written as numbered items; other lines unchanged."""
    out: list[str] = []
    roles: dict[int, str] | None = None
    labels: list[str] = []
    after_items = False
    split = _CELLS
    for line in lines:
        after_items = after_items or starts_with_heading(line.strip())
        cells = _row_cells(line, split, roles, len(labels)) if roles is not None else []
        if roles is not None and len(cells) == len(labels) and cells[_number_column(roles)].isdigit():
            out.append(_row(cells, roles, labels))
            continue
        roles, labels, split = None, [], _CELLS
        if not after_items:
            for split in (_CELLS, _LOOSE_CELLS):
                cells = _cells(line, split)
                roles = _columns(cells) if len(cells) >= 3 else None
                if roles:
                    labels = cells
                    break
        if not roles:
            out.append(line)
    return out


def _row_cells(line: str, split: re.Pattern, roles: dict[int, str], width: int) -> list[str]:
    """A row's cells; where a PDF's text layer lost a cell's gap (to a single space, or none before the time
    column at the end: 「县融媒体中心10月17日前」), the row is split loosely and the time taken off its cell."""
    cells = _cells(line, split)
    if len(cells) != width:
        cells = _cells(line, _LOOSE_CELLS)
    glued = _GLUED_TIME.search(cells[-1]) if len(cells) == width - 1 and roles.get(width - 1) == "time" else None
    if glued and glued.start():
        cells = [*cells[:-1], cells[-1][: glued.start()], glued.group(0)]
    return cells


def _number_column(roles: dict[int, str]) -> int:
    return next(index for index, role in roles.items() if role == "number")
