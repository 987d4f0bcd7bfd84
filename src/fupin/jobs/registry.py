"""The imports that run as background jobs. Each app registers its importer at start-up, so this app knows
none of them and the import layers still point down.

An importer reads the sheet's bytes, checks every row, then writes in one transaction; it reports its progress
as rows checked out of the total, and calls `written` inside that transaction, so the job is marked done in
the same commit that writes its rows (a job is never written twice, nor marked done without its rows).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from django.utils.functional import Promise

ITEMS_SHOWN = 200  # the result page lists at most this many of the rows created


@dataclass(frozen=True)
class ImportOutcome:
    """What an import wrote: counts with their labels (「新增帮扶户」, 3) and the first created rows, as shown."""

    summary: list[tuple[str, int]]
    items: list[str] = field(default_factory=list)


class Progress(Protocol):
    def rows(self, done: int, total: int) -> None: ...

    def written(self, outcome: ImportOutcome) -> None: ...


class NoProgress:
    """For an import called directly (a command, a test): nobody is watching."""

    def rows(self, done: int, total: int) -> None:
        return None

    def written(self, outcome: ImportOutcome) -> None:
        return None


# run(by=, data=, filename=, options=, progress=) -> ImportOutcome; raises SheetError or SheetRowErrors
type RunImport = Callable[..., ImportOutcome]


@dataclass(frozen=True)
class Importer:
    kind: str
    title: str | Promise  # 「导入帮扶户台账」
    action: str  # the policy action that lets a person import, and see the job
    run: RunImport
    upload_url: str  # the upload page's URL name
    list_url: str  # where what was imported is listed


IMPORTERS: dict[str, Importer] = {}


def register_importer(importer: Importer) -> None:
    IMPORTERS[importer.kind] = importer


def importer_for(kind: str) -> Importer:
    return IMPORTERS[kind]
