"""The imports that run as background jobs. Each app registers its importer at start-up, so this app knows
none of them and the import layers still point down.

An importer reads the sheet's bytes, checks every row, then writes in one transaction; it reports its progress
as rows checked out of the total, and calls `written` inside that transaction, so the job is marked done in
the same commit that writes its rows (a job is never written twice, nor marked done without its rows).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from django.urls import reverse
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
    url_option: str = ""  # for an import into one object (a drive): the option holding both URLs' argument

    def urls(self, options: dict) -> tuple[str, str]:
        """The upload page and the list, for a job with these options."""
        args = [options[self.url_option]] if self.url_option else []
        return reverse(self.upload_url, args=args), reverse(self.list_url, args=args)


IMPORTERS: dict[str, Importer] = {}


def register_importer(importer: Importer) -> None:
    IMPORTERS[importer.kind] = importer


def importer_for(kind: str) -> Importer:
    return IMPORTERS[kind]


# ---------------------------------------------------------------- exports


@dataclass(frozen=True)
class ExportFile:
    """A finished export: the workbook's bytes and the name it downloads under."""

    content: bytes
    filename: str


type ExportProgress = Callable[[int, int], None]  # rows written, out of the total


def no_progress(done: int, total: int) -> None:
    """For an export answered in the request: nobody is watching."""
    return None


# build(by=, params=, progress=) -> ExportFile; the same call answers a small export in the request
type BuildExport = Callable[..., ExportFile]


@dataclass(frozen=True)
class Exporter:
    kind: str
    title: str | Promise  # 「报送任务清单」
    action: str  # the policy action over the export's unit that lets its requester download it
    build: BuildExport


EXPORTERS: dict[str, Exporter] = {}


def register_exporter(name: str, build_fn: BuildExport, *, title: str | Promise, action: str) -> None:
    EXPORTERS[name] = Exporter(kind=name, title=title, action=action, build=build_fn)


def exporter_for(kind: str) -> Exporter:
    return EXPORTERS[kind]
