"""What goes into a campaign's archive, in which folder, as a stream of zip bytes.

Layout (every folder name is made safe for Windows and macOS):

    README.txt, manifest.csv              what is inside, with SHA-256, size and who handed in when
    00 活动通知/活动通知.txt               the campaign: items, requirements with resolved deadlines, contacts
    00 统计表/01 <表名>.xlsx               every statistics table, totalled for the subtree
    00 汇总/照片索引.xlsx, 审核记录.xlsx, 审计记录.xlsx
    01 清河市教育局/02 东阳县教育局/01 东阳县第一中学/03 活动照片/第1版/正文.txt, 照片-001.jpg …

A 方案细化 derived from the campaign (a county's own plan) lives in a folder of its own inside its unit's
folder, and the hand-ins it received inside each handing-in unit's folder under the same name:

    01 清河市教育局/02 东阳县教育局/00 方案细化(东阳县教育局)/活动通知.txt, 统计表/, 审核记录.xlsx, 审计记录.xlsx
    01 清河市教育局/02 东阳县教育局/01 东阳县第一中学/00 方案细化(东阳县教育局)/01 活动照片/第1版/…

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
from fupin.orgs.policy import AnyUser

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
    "活动",
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


@dataclass(frozen=True)
class Part:
    """One campaign inside the archive: the archived one (no label) or a 方案细化 derived from it."""

    campaign: Campaign
    scope: Unit  # where its statistics tables are totalled: the archived unit, or a 方案细化's own unit inside it
    label: str = ""  # the folder its documents and hand-ins go into inside a unit's folder


def archive_parts(campaign: Campaign, unit: Unit) -> list[Part]:
    """The campaign, then its 方案细化 in the subtree in tree order, each with a folder name of its own."""
    parts = [Part(campaign, unit)]
    labels: set[str] = set()
    for child in selectors.derived_campaigns(campaign, unit):
        base = "00 " + safe_name(_("方案细化(%(u)s)") % {"u": child.unit.name})
        label, n = base, 1
        while label in labels:  # a unit may refine the campaign and, again, its county's refinement
            n += 1
            label = f"{base}{n}"
        labels.add(label)
        scope = child.unit if child.unit.path.startswith(unit.path) else unit
        parts.append(Part(child, scope, label))
    return parts


@dataclass
class _Build:
    """One archive being written: the zip, the manifest rows and the progress so far."""

    campaign: Campaign
    unit: Unit
    user: AnyUser
    progress: Progress | None
    parts: list[Part] = field(default_factory=list)
    folders: dict[int, str] = field(default_factory=dict)
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

    def home(self, part: Part) -> str:
        """The folder of a part's own documents: its unit's folder (or the top one for a unit above)."""
        if not part.label:
            return ""
        unit_id = part.campaign.unit_id if part.campaign.unit_id in self.folders else self.unit.pk
        return f"{self.folders[unit_id]}/{part.label}"

    def add(self, name: str, data: bytes, note: str, part: Part | None = None) -> Iterator[bytes]:
        """A generated entry, listed in the manifest as made by the system."""
        part = part or self.parts[0]
        yield from self.zip.add_bytes(name, data)
        written = self.zip.written[-1]
        row = [name, "", written.size, written.sha256, part.scope.name, "", "", "", "", note, part.campaign.title]
        self.manifest.append(row)
        self.step()


def count_entries(campaign: Campaign, unit: Unit) -> int:
    """How many entries the archive will hold (for the progress bar), README and manifest included."""
    total = 3 + 2  # the photo index, the review and audit sheets; the manifest and README
    for n, part in enumerate(archive_parts(campaign, unit)):
        versions = selectors.archive_submissions(part.campaign, unit).count()
        files = selectors.archive_files(part.campaign, unit).count()
        tables = selectors.archive_stat_tables(part.campaign).count()
        total += versions + files + tables + (2 if plan_document is not None else 1) + (2 if n else 0)
    return total


def build_archive(
    campaign: Campaign, unit: Unit, user: AnyUser, *, progress: Progress | None = None
) -> Iterator[bytes]:
    """The archive's bytes, chunk by chunk; uploads are read in chunks and never held whole."""
    build = _Build(campaign=campaign, unit=unit, user=user, progress=progress)
    build.parts = archive_parts(campaign, unit)
    build.folders = unit_folders(unit)
    build.total = count_entries(campaign, unit)
    for part in build.parts:
        yield from _campaign_entries(build, part)
        yield from _hand_ins(build, part)
        if part.label:
            yield from _part_indexes(build, part)
    yield from _indexes(build)
    yield from _manifest(build)
    yield from build.zip.finish()


def _campaign_entries(build: _Build, part: Part) -> Iterator[bytes]:
    campaign, home = part.campaign, build.home(part)
    notice_dir = home or NOTICE_DIR
    tables_dir = f"{home}/统计表" if home else TABLES_DIR
    text = notice_text(campaign, list(campaign_items(campaign)), campaign_requirements(campaign))
    note = _("方案细化通知(系统生成)") if part.label else _("活动通知(系统生成)")
    yield from build.add(f"{notice_dir}/活动通知.txt", text.encode("utf-8-sig"), note, part)
    if plan_document is not None:
        yield from build.add(f"{notice_dir}/实施方案.docx", plan_document(campaign), _("实施方案(系统生成)"), part)
    for n, table in enumerate(selectors.archive_stat_tables(campaign), start=1):  # numbered: titles may repeat
        data = export_table(table, part.scope)
        name = f"{tables_dir}/{n:02d} {safe_name(table.title)}.xlsx"
        yield from build.add(name, data, _("统计表汇总(系统生成)"), part)


def _hand_ins(build: _Build, part: Part) -> Iterator[bytes]:
    numbers = {r.pk: n for n, r in enumerate(part.campaign.requirements.order_by("due_at", "id"), start=1)}
    submissions = selectors.archive_submissions(part.campaign, build.unit).prefetch_related("files")
    for submission in submissions.iterator(chunk_size=200):
        requirement = submission.task.requirement
        folder = "/".join(
            x
            for x in (
                build.folders[submission.task.unit_id],
                part.label,
                f"{numbers[requirement.pk]:02d} {safe_name(requirement.title)}",
                _("第%(v)d版") % {"v": submission.version},
            )
            if x
        )
        yield from _version_text(build, folder, submission, part)
        for n, upload in enumerate(submission.files.all(), start=1):
            yield from _upload(build, folder, submission, upload, n, part)


def _who(submission: Submission) -> list:
    task = submission.task
    return [task.unit.name, task.requirement.title, submission.version, str(submission.submitted_by)]


def _version_text(build: _Build, folder: str, submission: Submission, part: Part) -> Iterator[bytes]:
    task = submission.task
    head = [
        _("报送单位:%(u)s") % {"u": task.unit.name},
        _("报送内容:%(r)s") % {"r": task.requirement.title},
        _("版本:第%(v)d版") % {"v": submission.version},
        _("报送人:%(p)s") % {"p": submission.submitted_by},
        _("报送时间:%(t)s") % {"t": local_time(submission.submitted_at)},
        "",
    ]
    if part.label:
        head.insert(0, _("活动:%(c)s") % {"c": part.campaign.title})
    name = f"{folder}/正文.txt"
    yield from build.zip.add_bytes(name, "\n".join([*head, submission.text]).encode("utf-8-sig"))
    written = build.zip.written[-1]
    when = local_time(submission.submitted_at)
    row = [name, "", written.size, written.sha256, *_who(submission), when, _("报送正文"), part.campaign.title]
    build.manifest.append(row)
    build.step()


def _generated_name(upload: SubmissionFile, n: int) -> str:
    match = _EXTENSION.search(upload.original_name) or _EXTENSION.search(upload.file.name or "")
    extension = f".{match.group(1).lower()}" if match else ""
    return f"{FileKind(upload.kind).label}-{n:03d}{extension}" if upload.kind in FileKind.values else f"{n:03d}"


def _upload(
    build: _Build, folder: str, submission: Submission, upload: SubmissionFile, n: int, part: Part
) -> Iterator[bytes]:
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
    row = [name, upload.original_name, written.size, written.sha256, *_who(submission), when, note]
    build.manifest.append([*row, part.campaign.title])
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
    root = build.parts[0]
    yield from build.add(f"{INDEX_DIR}/审核记录.xlsx", _review_sheet(build, root), _("审核记录(系统生成)"))
    yield from build.add(f"{INDEX_DIR}/审计记录.xlsx", _audit_sheet(build, root), _("审计记录(系统生成)"))


def _part_indexes(build: _Build, part: Part) -> Iterator[bytes]:
    """A 方案细化's own review history and audit trail, beside its notice."""
    home = build.home(part)
    yield from build.add(f"{home}/审核记录.xlsx", _review_sheet(build, part), _("审核记录(系统生成)"), part)
    yield from build.add(f"{home}/审计记录.xlsx", _audit_sheet(build, part), _("审计记录(系统生成)"), part)


def _review_sheet(build: _Build, part: Part) -> bytes:
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
        for r in selectors.archive_reviews(part.campaign, build.unit).iterator(chunk_size=500)
    ]
    return write_table(
        title=_("审核记录 · %(c)s") % {"c": part.campaign.title},
        headers=[_("单位"), _("报送内容"), _("版本"), _("结论"), _("意见"), _("审核人"), _("审核时间")],
        rows=rows,
        sheet_name=_("审核记录"),
    )


def _audit_sheet(build: _Build, part: Part) -> bytes:
    events = selectors.archive_audit_events(build.user, part.campaign, build.unit)
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
        title=_("审计记录 · %(c)s") % {"c": part.campaign.title},
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
    lines = [
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
    ]
    if derived := build.parts[1:]:
        lines += ["", _("方案细化(下级单位据本活动制定的方案,共 %(n)d 个):") % {"n": len(derived)}]
        lines += [f"  {build.home(p)}/  {p.campaign.title}({p.campaign.get_status_display()})" for p in derived]
        lines.append(
            _("  其通知、统计表、审核记录和审计记录在上列文件夹内;各单位报送给它的材料在该单位文件夹的同名子文件夹内。")
        )
    lines += [
        "",
        _("manifest.csv 列出本文件与其自身以外的每个文件的路径、大小和 SHA-256 校验值,以及报送人和报送时间;"),
        _("可用 sha256sum 等工具核对文件未被改动。"),
    ]
    return "\n".join(lines)
