"""The archive is streamed: building one never holds it, or a whole upload, in memory."""

import hashlib
import tracemalloc
import zipfile

from fupin.campaigns.models import Task
from fupin.campaigns.tests.factories import campaign_with_requirements
from fupin.documents.archive.contents import build_archive

from .archive_bulk import bulk_uploads

FILES, SIZE = 48, 1024 * 1024  # 48 MiB of uploads, each larger than any chunk


def test_peak_memory_stays_far_below_the_archive_size(tree, city_officer, school_reporter, tmp_path):
    campaign = campaign_with_requirements(city_officer, tree.city)
    task = Task.objects.get(requirement__campaign=campaign, unit=tree.school1)
    total = bulk_uploads(task, school_reporter, files=FILES, size=SIZE)
    out, digest, written = tmp_path / "archive.zip", hashlib.sha256(), 0
    tracemalloc.start()
    try:
        with out.open("wb") as sink:
            for chunk in build_archive(campaign, tree.city, city_officer):
                sink.write(chunk)
                digest.update(chunk)
                written += len(chunk)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert written > total
    assert peak < total / 10, f"peak {peak} bytes for a {written}-byte archive"
    with zipfile.ZipFile(out) as archive:
        uploads = [n for n in archive.namelist() if n.endswith(".pdf")]
        assert len(uploads) == FILES and archive.testzip() is None
