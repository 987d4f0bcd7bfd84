"""The same notice as it also arrives: full-width punctuation, GBK bytes, CRLF with a BOM, Word, and a PDF made
by LibreOffice from that Word file. Reading any of them should give what the plain text gives.
"""

import io
import subprocess
import tempfile
from pathlib import Path

import docx

from .files import notice_text

_FULL_WIDTH = str.maketrans({",": ",", ":": ":", ";": ";", "(": "(", ")": ")", "!": "!", "?": "?"})
VARIANTS = ["fullwidth", "gbk", "crlf_bom", "docx", "pdf"]
CONVERT_TIMEOUT_SECONDS = 600


def _docx(text: str) -> bytes:
    document = docx.Document()
    for line in text.split("\n"):
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _pdfs(documents: dict[Path, bytes]) -> dict[Path, bytes]:
    """Each Word file as LibreOffice prints it to PDF, converted in one run."""
    with tempfile.TemporaryDirectory() as folder:
        names = {path: Path(folder) / f"{index}.docx" for index, path in enumerate(documents)}
        for path, target in names.items():
            target.write_bytes(documents[path])
        command = ["soffice", "--headless", "--convert-to", "pdf", "--outdir", folder, *map(str, names.values())]
        subprocess.run(command, check=True, capture_output=True, timeout=CONVERT_TIMEOUT_SECONDS)
        return {path: target.with_suffix(".pdf").read_bytes() for path, target in names.items()}


def variant_files(paths: list[Path], *, with_pdf: bool = True) -> dict[str, dict[Path, tuple[str, bytes]]]:
    """Per variant, per notice, the (file name, bytes) of that notice in that form; the PDF needs LibreOffice."""
    texts = {path: notice_text(path.name, path.read_bytes()) for path in paths}
    documents = {path: _docx(text) for path, text in texts.items()}
    found = {
        "fullwidth": {p: ("notice.txt", t.translate(_FULL_WIDTH).encode()) for p, t in texts.items()},
        "gbk": {p: ("notice.txt", t.encode("gbk", errors="replace")) for p, t in texts.items()},
        "crlf_bom": {p: ("notice.txt", b"\xef\xbb\xbf" + t.replace("\n", "\r\n").encode()) for p, t in texts.items()},
        "docx": {p: ("notice.docx", data) for p, data in documents.items()},
    }
    if with_pdf:
        found["pdf"] = {p: ("notice.pdf", data) for p, data in _pdfs(documents).items()}
    return found
