"""What goes into a campaign's archive, in which folder, as a stream of zip bytes.

Layout (every folder name is made safe for Windows and macOS):

    README.txt, manifest.csv              what is inside, with SHA-256, size and who handed in when
    00 活动通知/活动通知.txt               the campaign: items, requirements with resolved deadlines, contacts
    00 统计表/01 <表名>.xlsx               every statistics table, totalled for the subtree
    00 汇总/照片索引.xlsx, 审核记录.xlsx, 审计记录.xlsx
    01 清河市教育局/02 东阳县教育局/01 东阳县第一中学/03 活动照片/第1版/正文.txt, 照片-001.jpg …

Units are numbered among their siblings in tree order; uploads keep the generated name in the archive
and their original name in the manifest and the photo index.
"""

import csv
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from fupin.campaigns.models import Campaign, FileKind, Submission, SubmissionFile
from fupin.campaigns.selectors.campaigns import campaign_items, campaign_requirements
from fupin.campaigns.stat_sheet import export_table
from fupin.lib.xlsx import write_table
from fupin.orgs.models import Unit

from . import selectors
from .notice import notice_text, plan_document
from .zipstream import ZipStream

NOTICE_DIR, TABLES_DIR, INDEX_DIR = "00 活动通知", "00 统计表", "00 汇总"
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]+')
_EXTENSION = re.compile(r"\.([A-Za-z0-9]{1,5})$")
MANIFEST_HEADERS = [
    "路径",
    "原文件名",
    "大小(字节)",
    "SHA-256",
    "单位",
    "报送内容",
    "版本",
    "报送人",
    "报送时间",
    "说明",
]

Progress = Callable[[int, int], None]


def safe_name(text: str, limit: int = 60) -> str:
    """A file or folder name any system accepts: no separators or reserved characters, no dot at the ends."""
    cleaned = _UNSAFE.sub("_", text).strip(" .")[:limit].strip(" .")
    return cleaned or _("未命名")


def local_time(at) -> str:
    return timezone.localtime(at).strftime("%Y-%m-%d %H:%M:%S") if at else ""


def archive_filename(campaign: Campaign, unit: Unit) -> str:
    return f"{safe_name(campaign.title)}-{safe_name(unit.name)}-存档.zip"


def unit_folders(root: Unit) -> dict[int, str]:
    """Each unit's folder: 「01 清河市教育局/02 东阳县教育局/01 东阳县第一中学」, numbered among siblings."""
    folders: dict[int, str] = {}
    counters: dict[int | None, int] = {}
    for unit in selectors.subtree_units(root):
        parent = unit.parent_id if unit.pk != root.pk else None
        counters[parent] = counters.get(parent, 0) + 1
        name = f"{counters[parent]:02d} {safe_name(unit.name)}"
        folders[unit.pk] = f"{folders[parent]}/{name}" if parent in folders else name
    return folders


@dataclass
class _Build:
    """One archive being written: the zip, the manifest rows and the progress so far."""

    campaign: Campaign
    unit: Unit
    user: object
    progress: Progress | None
    total: int = 0
    done: int = 0
    zip: ZipStream = field(default_factory=ZipStream)
    manifest: list[list] = field(default_factory=list)
    photos: list[list] = field(default_factory=list)

    def step(self) -> None:
        self.done += 1
        self.total = max(self.total, self.done)
        if self.progress is not None:
            self.progress(self.done, self.total)

    def add(self, name: str, data: bytes, note: str) -> Iterator[bytes]:
        """A generated entry, listed in the manifest as made by the system."""
        yield from self.zip.add_bytes(name, data)
        written = self.zip.written[-1]
        self.manifest.append([name, "", written.size, written.sha256, self.unit.name, "", "", "", "", note])
        self.step()


def count_entries(campaign: Campaign, unit: Unit) -> int:
    """How many entries the archive will hold (for the progress bar), README and manifest included."""
    versions = selectors.archive_submissions(campaign, unit).count()
    files = selectors.archive_files(campaign, unit).count()
    tables = selectors.archive_stat_tables(campaign).count()
    return versions + files + tables + (2 if plan_document is not None else 1) + 3 + 2


def build_archive(campaign: Campaign, unit: Unit, user, *, progress: Progress | None = None) -> Iterator[bytes]:
    """The archive's bytes, chunk by chunk; uploads are read in chunks and never held whole."""
    build = _Build(campaign=campaign, unit=unit, user=user, progress=progress)
    build.total = count_entries(campaign, unit)
    yield from _campaign_entries(build)
    yield from _hand_ins(build)
    yield from _indexes(build)
    yield from _manifest(build)
    yield from build.zip.finish()


def _campaign_entries(build: _Build) -> Iterator[bytes]:
    campaign = build.campaign
    text = notice_text(campaign, list(campaign_items(campaign)), campaign_requirements(campaign))
    yield from build.add(f"{NOTICE_DIR}/活动通知.txt", text.encode("utf-8-sig"), _("活动通知(系统生成)"))
    if plan_document is not None:
        yield from build.add(f"{NOTICE_DIR}/实施方案.docx", plan_document(campaign), _("实施方案(系统生成)"))
    for n, table in enumerate(selectors.archive_stat_tables(campaign), start=1):  # numbered: titles may repeat
        data = export_table(table, build.unit)
        yield from build.add(f"{TABLES_DIR}/{n:02d} {safe_name(table.title)}.xlsx", data, _("统计表汇总(系统生成)"))


def _hand_ins(build: _Build) -> Iterator[bytes]:
    folders = unit_folders(build.unit)
    numbers = {r.pk: n for n, r in enumerate(build.campaign.requirements.order_by("due_at", "id"), start=1)}
    submissions = selectors.archive_submissions(build.campaign, build.unit).prefetch_related("files")
    for submission in submissions.iterator(chunk_size=200):
        requirement = submission.task.requirement
        folder = "/".join(
            (
                folders[submission.task.unit_id],
                f"{numbers[requirement.pk]:02d} {safe_name(requirement.title)}",
                _("第%(v)d版") % {"v": submission.version},
            )
        )
        yield from _version_text(build, folder, submission)
        for n, upload in enumerate(submission.files.all(), start=1):
            yield from _upload(build, folder, submission, upload, n)


def _who(submission: Submission) -> list:
    task = submission.task
    return [task.unit.name, task.requirement.title, submission.version, str(submission.submitted_by)]


def _version_text(build: _Build, folder: str, submission: Submission) -> Iterator[bytes]:
    task = submission.task
    head = [
        _("报送单位:%(u)s") % {"u": task.unit.name},
        _("报送内容:%(r)s") % {"r": task.requirement.title},
        _("版本:第%(v)d版") % {"v": submission.version},
        _("报送人:%(p)s") % {"p": submission.submitted_by},
        _("报送时间:%(t)s") % {"t": local_time(submission.submitted_at)},
        "",
    ]
    name = f"{folder}/正文.txt"
    yield from build.zip.add_bytes(name, "\n".join([*head, submission.text]).encode("utf-8-sig"))
    written = build.zip.written[-1]
    when = local_time(submission.submitted_at)
    build.manifest.append([name, "", written.size, written.sha256, *_who(submission), when, _("报送正文")])
    build.step()


def _generated_name(upload: SubmissionFile, n: int) -> str:
    match = _EXTENSION.search(upload.original_name) or _EXTENSION.search(upload.file.name)
    extension = f".{match.group(1).lower()}" if match else ""
    return f"{FileKind(upload.kind).label}-{n:03d}{extension}" if upload.kind in FileKind.values else f"{n:03d}"


def _upload(build: _Build, folder: str, submission: Submission, upload: SubmissionFile, n: int) -> Iterator[bytes]:
    name = f"{folder}/{_generated_name(upload, n)}"
    try:
        handle = upload.file.open("rb")
    except FileNotFoundError as exc:
        raise FileNotFoundError(
            _("附件缺失:%(u)s 第%(v)d版「%(n)s」")
            % {"u": submission.task.unit.name, "v": submission.version, "n": upload.original_name}
        ) from exc
    with handle:
        yield from build.zip.add_file(name, handle, size=upload.size, when=submission.submitted_at)
    written = build.zip.written[-1]
    note = upload.caption
    if written.sha256 != upload.sha256:
        note = _("校验值与上传时不一致(上传时 %(s)s)") % {"s": upload.sha256}
    when = local_time(submission.submitted_at)
    build.manifest.append([name, upload.original_name, written.size, written.sha256, *_who(submission), when, note])
    if upload.kind == FileKind.PHOTO:
        build.photos.append([name, upload.original_name, upload.caption, *_who(submission)[:3], when])
    build.step()


def _indexes(build: _Build) -> Iterator[bytes]:
    photos = write_table(
        title=_("照片索引 · %(c)s") % {"c": build.campaign.title},
        headers=[_("存档路径"), _("原文件名"), _("文字说明"), _("单位"), _("报送内容"), _("版本"), _("报送时间")],
        rows=build.photos,
        sheet_name=_("照片索引"),
    )
    yield from build.add(f"{INDEX_DIR}/照片索引.xlsx", photos, _("照片索引(系统生成)"))
    yield from build.add(f"{INDEX_DIR}/审核记录.xlsx", _review_sheet(build), _("审核记录(系统生成)"))
    yield from build.add(f"{INDEX_DIR}/审计记录.xlsx", _audit_sheet(build), _("审计记录(系统生成)"))


def _review_sheet(build: _Build) -> bytes:
    rows = [
        [
            r.task.unit.name,
            r.task.requirement.title,
            r.submission.version if r.submission else "",
            r.get_decision_display(),
            r.comment,
            str(r.by),
            local_time(r.at),
        ]
        for r in selectors.archive_reviews(build.campaign, build.unit).iterator(chunk_size=500)
    ]
    return write_table(
        title=_("审核记录 · %(c)s") % {"c": build.campaign.title},
        headers=[_("单位"), _("报送内容"), _("版本"), _("结论"), _("意见"), _("审核人"), _("审核时间")],
        rows=rows,
        sheet_name=_("审核记录"),
    )


def _audit_sheet(build: _Build) -> bytes:
    events = selectors.archive_audit_events(build.user, build.campaign, build.unit)
    rows = [
        [
            local_time(e.at),
            e.actor_username,
            e.get_action_display(),
            e.target_type,
            e.target_repr,
            e.unit_name,
            str(e.changes) if e.changes else "",
            e.note,
        ]
        for e in events.iterator(chunk_size=500)
    ]
    return write_table(
        title=_("审计记录 · %(c)s") % {"c": build.campaign.title},
        headers=[_("时间"), _("账号"), _("操作"), _("对象类型"), _("对象"), _("所属单位"), _("变更内容"), _("说明")],
        rows=rows,
        sheet_name=_("审计记录"),
    )


def _manifest(build: _Build) -> Iterator[bytes]:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(MANIFEST_HEADERS)
    writer.writerows(build.manifest)
    yield from build.zip.add_bytes("manifest.csv", out.getvalue().encode("utf-8-sig"))
    build.step()
    yield from build.zip.add_bytes("README.txt", _readme(build).encode("utf-8-sig"))
    build.step()


def _readme(build: _Build) -> str:
    uploads = sum(1 for row in build.manifest if row[1])
    return "\n".join(
        [
            _("存档备查:%(c)s") % {"c": build.campaign.title},
            _("范围:%(u)s 及其下属单位") % {"u": build.unit.name},
            _("生成时间:%(t)s,生成人:%(p)s") % {"t": local_time(timezone.now()), "p": build.user},
            _("共 %(n)d 个文件(其中报送附件 %(f)d 个、照片 %(p)d 张)。")
            % {"n": len(build.manifest), "f": uploads, "p": len(build.photos)},
            "",
            _("目录说明:"),
            _("00 活动通知/ 活动通知(活动内容、报送要求及截止时间、联系人)"),
            _("00 统计表/ 本活动的各统计表,按本单位范围汇总"),
            _("00 汇总/ 照片索引、审核记录、审计记录"),
            _("01 …/ 按单位树排列的各单位报送材料,每个报送要求一个文件夹,每个版本一个子文件夹;"),
            _("    附件按系统生成的文件名保存,原文件名见 manifest.csv 与照片索引。"),
            "",
            _("manifest.csv 列出本文件与其自身以外的每个文件的路径、大小和 SHA-256 校验值,以及报送人和报送时间;"),
            _("可用 sha256sum 等工具核对文件未被改动。"),
        ]
    )
