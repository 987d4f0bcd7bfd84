"""`fupin notice parse FILE --json` reads a notice; `fupin notice measure [DIR …]` scores the reader."""

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from fupin.documents.notice import read_notice
from fupin.documents.notice.files import notice_text
from fupin.documents.notice.measure import SAMPLES_DIR, measure, splits
from fupin.documents.notice.variants import variant_files
from fupin.lib.uploads import UploadError


def _default_dirs() -> list[Path]:
    seeds = Path(settings.PROJECT_DIR).parent / "shared" / "seeds"
    return [SAMPLES_DIR, *([seeds] if seeds.is_dir() else [])]


class Command(BaseCommand):
    # Reading a file needs no database or URL checks; they cost seconds at every start.
    requires_system_checks: list[str] = []
    help = "读取扶贫日通知(.txt/.docx/.pdf)并输出提取结果,或在样例通知上测量提取的准确率与召回率"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        parse = sub.add_parser("parse", help="读取一份通知")
        parse.add_argument("file")
        parse.add_argument("--json", action="store_true", help="输出 JSON")
        parse.add_argument("--with-text", action="store_true", help="JSON 中包含规范化后的全文")
        measure_ = sub.add_parser("measure", help="在样例通知上测量准确率与召回率")
        measure_.add_argument("dirs", nargs="*")
        measure_.add_argument("--verbose", action="store_true", help="列出每个文件漏掉和多出的内容")
        measure_.add_argument(
            "--variants", action="store_true", help="同时测量全角标点、GBK、CRLF+BOM、Word 和 LibreOffice PDF 版本"
        )

    def handle(self, *args, **options):
        if options["action"] == "parse":
            self._parse(Path(options["file"]), as_json=options["json"], with_text=options["with_text"])
        else:
            dirs = [Path(d) for d in options["dirs"]] or _default_dirs()
            self._measure(dirs, verbose=options["verbose"], variants=options["variants"])

    def _parse(self, path: Path, *, as_json: bool, with_text: bool) -> None:
        try:
            result = read_notice(notice_text(path.name, path.read_bytes()))
        except FileNotFoundError:
            raise CommandError(f"找不到文件「{path}」") from None
        except UploadError as exc:
            raise CommandError(str(exc)) from None
        if not with_text:
            result.pop("text")
        if as_json:
            self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"标题:{result['title']}\n年份:{result['year']}\n主题:{result['theme']}")
        for item in result["items"]:
            self.stdout.write("  " * (item["level"] - 1) + f"{item['number']}{item['title']}")
        for deadline in result["deadlines"]:
            self.stdout.write(f"期限:{deadline['text']} → {deadline['resolved_at'] or '未能确定,请核对'}")

    def _measure(self, dirs: list[Path], *, verbose: bool, variants: bool) -> None:
        found = splits(dirs)
        if not found:
            raise CommandError("没有找到带有预期结果(.expected.json)的样例通知")
        for split, pairs in found.items():
            self._measure_split(split, pairs, verbose=verbose)
            if variants:
                self._measure_variants(split, pairs)

    def _measure_variants(self, split: str, pairs: list) -> None:
        """F1 per field of each variant beside the plain text's."""
        plain, _misses = measure(pairs)
        for variant, files in variant_files([path for path, _expected in pairs]).items():
            scores, _misses = measure(pairs, files)
            shown = [
                f"{name}={scores[name].f1:.3f}({scores[name].f1 - plain[name].f1:+.3f})"
                for name in ("items", "units", "deadlines", "contacts", "targets")
            ]
            self.stdout.write(f"  {split}/{variant}: " + " ".join(shown))

    def _measure_split(self, split: str, pairs: list, *, verbose: bool) -> None:
        scores, misses = measure(pairs)
        self.stdout.write(f"== {split}:{len(pairs)} 份通知 ==")
        for name, score in scores.items():
            if score.true_positives + score.false_positives + score.false_negatives == 0:
                continue
            self.stdout.write(
                f"{name}: precision={score.precision:.3f} recall={score.recall:.3f} f1={score.f1:.3f} "
                f"(tp={score.true_positives} fp={score.false_positives} fn={score.false_negatives})"
            )
        if verbose:
            for file, fields in misses.items():
                for field, values in fields.items():
                    if values:
                        self.stdout.write(f"  {file} {field}: {sorted(map(str, values))}")
