"""Re-extraction with several worker processes (``--jobs``) writes the archive that
one process writes, byte for byte: the same records in the same order."""

from __future__ import annotations

import gc
import subprocess
import sys

from tests.conftest import REPO, run_cli

SAMPLE = REPO / "data" / "sample"


def records_bytes(archive) -> bytes:
    return b"".join(p.read_bytes() for p in sorted((archive / "articles").glob("*.jsonl")))


def test_reextract_with_two_jobs_writes_the_archive_of_one(tmp_path):
    one = run_cli("reextract", SAMPLE, "--out", tmp_path / "one", "--jobs", "1")
    assert one.returncode == 0, one.stderr[-3000:]
    two = run_cli("reextract", SAMPLE, "--out", tmp_path / "two", "--jobs", "2")
    assert two.returncode == 0, two.stderr[-3000:]
    written = records_bytes(tmp_path / "one")
    assert written.count(b"\n") >= 30, "the sample's articles were re-extracted"
    assert records_bytes(tmp_path / "two") == written
    assert two.stdout == one.stdout, "the same counts"


def test_reextract_refuses_zero_jobs(tmp_path):
    result = run_cli("reextract", SAMPLE, "--out", tmp_path / "out", "--jobs", "0")
    assert result.returncode == 2
    assert "--jobs" in result.stderr
    assert not (tmp_path / "out").exists()


def test_reextract_loads_no_download_machinery(tmp_path):
    """Nothing is downloaded in a re-extraction: no downloader middleware, download
    handler (TLS) or remote control (aiohttp) is imported, and the records are those
    of a run with them."""
    script = (
        "import sys\n"
        "from metrology_spider.__main__ import main\n"
        f"status = main(['reextract', {str(SAMPLE)!r}, '--out', {str(tmp_path / 'out')!r}, '--jobs', '1'])\n"
        "loaded = [m for m in ('scrapy.core.downloader.handlers.http11', 'scrapy.core.downloader.contextfactory',\n"
        "    'aiohttp', 'tldextract') if m in sys.modules]\n"
        "print('LOADED', loaded)\n"
        "sys.exit(status)\n"
    )
    result = subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "LOADED []" in result.stdout
    assert "Enabled downloader middlewares:\n[]" in result.stderr
    assert records_bytes(tmp_path / "out").count(b"\n") >= 30


def _freeze_count(span: tuple[int, int]) -> list[int]:
    """A worker's share, replaced: how many of the objects it was forked with are frozen."""
    return [gc.get_freeze_count()]


def test_workers_are_forked_with_the_parents_objects_frozen(monkeypatch):
    """The parent's objects are frozen out of the collector while the workers are forked
    and at work (a worker's collections never write to them, so their pages stay shared
    instead of being copied into every worker), and the parent takes them back once the
    pool is done."""
    from metrology_spider import reextract
    from metrology_spider.warc import Capture

    monkeypatch.setattr(reextract, "_assemble_share", _freeze_count)
    capture = Capture([SAMPLE])
    try:
        counts = list(reextract._assembled(capture, 2))
    finally:
        capture.close()
    assert len(counts) > 1 and all(n > 1000 for n in counts), counts
    assert gc.get_freeze_count() == 0
