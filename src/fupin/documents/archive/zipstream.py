"""A zip written into a stream that is drained chunk by chunk, so the archive is never held whole.

`ZipStream` wraps `zipfile` over a write-only sink (zipfile then writes data descriptors and needs no
seek); every `add_*` method is a generator that yields the bytes produced so far, and each entry's
SHA-256 and size are recorded for the manifest. ZIP64 is used where sizes need it.
"""

import hashlib
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import IO

from django.utils import timezone

CHUNK = 64 * 1024
# Already compressed: deflating them again costs time and saves nothing.
STORED_EXTENSIONS = frozenset(
    {
        "jpg",
        "jpeg",
        "png",
        "gif",
        "webp",
        "heic",
        "mp4",
        "mov",
        "avi",
        "zip",
        "rar",
        "7z",
        "docx",
        "xlsx",
        "pptx",
        "pdf",
    }
)


class _Sink:
    """A file-like object zipfile writes into; `drain` hands over what was written since the last call."""

    def __init__(self) -> None:
        self._parts: list[bytes] = []

    def write(self, data: bytes | bytearray | memoryview) -> int:
        self._parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        return None

    def drain(self) -> bytes:
        data, self._parts = b"".join(self._parts), []
        return data


@dataclass(frozen=True)
class Written:
    """One entry as it went into the archive."""

    name: str
    size: int
    sha256: str


def _info(name: str, size: int, when: datetime | None) -> zipfile.ZipInfo:
    local = timezone.localtime(when or timezone.now())
    info = zipfile.ZipInfo(name, date_time=local.timetuple()[:6] if local.year >= 1980 else (1980, 1, 1, 0, 0, 0))
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    info.compress_type = zipfile.ZIP_STORED if extension in STORED_EXTENSIONS else zipfile.ZIP_DEFLATED
    info.file_size = size  # lets zipfile choose ZIP64 for big entries before it writes the local header
    info.external_attr = 0o644 << 16
    return info


class ZipStream:
    """Build a zip entry by entry; iterate the `add_*` generators and `finish` to get the bytes."""

    def __init__(self) -> None:
        self._sink = _Sink()
        # The stubs want a close() as well, which zipfile never calls on a file object it was handed.
        self._zip = zipfile.ZipFile(self._sink, "w", allowZip64=True)  # type: ignore[call-overload]
        self.written: list[Written] = []

    def add_bytes(self, name: str, data: bytes, *, when: datetime | None = None) -> Iterator[bytes]:
        yield from self.add_stream(name, _chunks_of(data), size=len(data), when=when)

    def add_file(self, name: str, fileobj: IO[bytes], *, size: int, when: datetime | None = None) -> Iterator[bytes]:
        yield from self.add_stream(name, iter(lambda: fileobj.read(CHUNK), b""), size=size, when=when)

    def add_stream(self, name: str, chunks, *, size: int, when: datetime | None = None) -> Iterator[bytes]:
        digest, total = hashlib.sha256(), 0
        with self._zip.open(_info(name, size, when), "w", force_zip64=size > zipfile.ZIP64_LIMIT // 2) as entry:
            for chunk in chunks:
                entry.write(chunk)
                digest.update(chunk)
                total += len(chunk)
                if (out := self._sink.drain()) != b"":
                    yield out
        self.written.append(Written(name=name, size=total, sha256=digest.hexdigest()))
        if (out := self._sink.drain()) != b"":
            yield out

    def finish(self) -> Iterator[bytes]:
        self._zip.close()
        yield self._sink.drain()


def _chunks_of(data: bytes) -> Iterator[bytes]:
    view = memoryview(data)
    for start in range(0, len(data), CHUNK):
        yield bytes(view[start : start + CHUNK])
