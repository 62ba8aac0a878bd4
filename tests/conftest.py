"""Shared fixtures and helpers: the saved pages, the fixture portal served on
127.0.0.1, running the crawl in a process and reading what it wrote. Test modules
import their helpers from here, never from each other."""

from __future__ import annotations

import atexit
import contextlib
import io
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from scrapy.exporters import JsonLinesItemExporter
from warcio.archiveiterator import ArchiveIterator

from metrology_spider.items import Article
from tests.fixture_site import SITE, FixtureServer

# The saved pages' helpers live where the benches can import them without pytest.
from tests.saved_pages import (  # noqa: F401
    FIXTURES,
    ROOTS,
    SHAPES,
    extract_saved,
    fetch_saved,
    page_cases,
    response_for,
    saved_page,
)

REPO = Path(__file__).parent.parent

# A pattern cache of the session's own (textmatch.compile_cached), for the tests and the
# crawls they start: none reads or writes the user's, and every session compiles afresh.
if "METROLOGY_PATTERN_CACHE" not in os.environ:
    os.environ["METROLOGY_PATTERN_CACHE"] = _PATTERNS = tempfile.mkdtemp(prefix="metrology-patterns-")
    atexit.register(shutil.rmtree, _PATTERNS, True)


def exported(article: Article) -> dict:
    """The record as the archive writes it (Scrapy's exporter, field serializers and all)."""
    buffer = io.BytesIO()
    JsonLinesItemExporter(buffer, encoding="utf-8", ensure_ascii=False).export_item(article)
    return json.loads(buffer.getvalue())


@contextlib.contextmanager
def time_limit(seconds: float):
    """Raise TimeoutError in the block after ``seconds``: a hang becomes a failure.
    (SIGALRM interrupts even a regular expression stuck in backtracking.)"""

    def expire(signum, frame):
        raise TimeoutError(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@pytest.fixture
def fixture_server():
    server = FixtureServer(SITE).start()
    yield server
    server.stop()


# --- an archive written by the README's main job (the analysts' commands read it) ---

SAMPLE_PORTAL_HOST = "www.chinajl.test"  # data/sample's portal; its mirror is mirror.chinajl.test


@pytest.fixture(scope="session")
def sample_archive(tmp_path_factory) -> Path:
    """``scrapy crawl metrology -a replay=data/sample/`` into a fresh ARCHIVE_DIR, once per
    session. Read only: copy it (:func:`copy_archive`) to change it."""
    archive = tmp_path_factory.mktemp("sample") / "archive"
    command = [
        sys.executable, "-m", "scrapy", "crawl", "metrology", "-a", "replay=data/sample/",
        "-s", f"ARCHIVE_DIR={archive}", "-s", "LOG_LEVEL=WARNING",
    ]  # fmt: skip
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    return archive


def copy_archive(archive: Path, to: Path) -> Path:
    shutil.copytree(archive, to, ignore=shutil.ignore_patterns(".lock", "search.sqlite"))
    return to


def run_cli(*args: str, timeout: int = 300) -> subprocess.CompletedProcess:
    """``python -m metrology_spider ARGS`` in a subprocess (stdout not a terminal)."""
    command = [sys.executable, "-m", "metrology_spider", *map(str, args)]
    return subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=timeout)


@pytest.fixture
def cli(capsys):
    """``python -m metrology_spider ARGS`` in this process (faster than :func:`run_cli`)."""
    from metrology_spider.__main__ import main

    def run(*args: str) -> subprocess.CompletedProcess:
        code = main([str(a) for a in args])
        out, err = capsys.readouterr()
        return subprocess.CompletedProcess(args, code, out, err)

    return run


# --- a crawl in a process, and what it wrote ------------------------------------------


def run_crawl(archive_dir: Path, *args: str, timeout: int = 120) -> subprocess.CompletedProcess:
    """``scrapy crawl metrology`` at full speed into ``archive_dir``."""
    command = [
        sys.executable, "-m", "scrapy", "crawl", "metrology",
        "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False",
        "-s", f"ARCHIVE_DIR={archive_dir}", *args,
    ]  # fmt: skip
    return subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=timeout)


def run_crawl_measured(
    archive_dir: Path, *args: str, timeout: int = 120
) -> tuple[subprocess.CompletedProcess, float]:
    """:func:`run_crawl`, and the peak memory (resident set, MiB) of its processes (the
    crawl's and its extraction process's, summed): each one's high-water mark (``VmHWM``
    in ``/proc/<pid>/status``, which only grows), read while it runs. Past ``timeout``
    seconds the crawl is killed and the test fails: a hang is bounded. (``ru_maxrss``
    would not do: a child started from pytest carries pytest's own size from before its
    ``exec``.)"""
    import tempfile
    import threading

    command = [
        sys.executable, "-m", "scrapy", "crawl", "metrology",
        "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False",
        "-s", f"ARCHIVE_DIR={archive_dir}", *args,
    ]  # fmt: skip
    peaks: dict[int, int] = {}

    def watch(child: subprocess.Popen) -> None:
        while child.poll() is None:
            try:
                children = Path(f"/proc/{child.pid}/task/{child.pid}/children").read_text().split()
                pids = [child.pid, *map(int, children)]
            except OSError:
                return
            for pid in pids:
                try:
                    text = Path(f"/proc/{pid}/status").read_text()
                except OSError:  # ended meanwhile
                    continue
                if m := re.search(r"^VmHWM:\s+(\d+) kB", text, re.M):
                    peaks[pid] = max(peaks.get(pid, 0), int(m.group(1)))
            threading.Event().wait(0.02)

    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        child = subprocess.Popen(command, cwd=REPO, stdout=out, stderr=err)
        watcher = threading.Thread(target=watch, args=(child,), daemon=True)
        watcher.start()
        try:
            child.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()
            raise
        watcher.join()
        out.seek(0)
        err.seek(0)
        done = subprocess.CompletedProcess(
            command, child.returncode, out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace")
        )
    return done, sum(peaks.values()) / 1024


def run_reextract(archive_dir: Path, *captures: str | Path, settings: tuple[str, ...] = ()) -> subprocess.CompletedProcess:
    """``python -m metrology_spider reextract CAPTURES --out ARCHIVE_DIR``, ``-s`` each of ``settings``."""
    command = [sys.executable, "-m", "metrology_spider", "reextract", *map(str, captures), "--out", str(archive_dir)]
    command += [arg for setting in settings for arg in ("-s", setting)]
    return subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=120)


def archived(archive_dir: Path) -> list[dict]:
    """Every record, oldest run first, in the archive's own order (``<run>.jsonl`` before
    ``<run>-2.jsonl``, which sorts before it by name: two runs in the same second)."""
    from metrology_spider.archive import archive_files

    return [json.loads(line) for f in archive_files(archive_dir) for line in f.read_text().splitlines()]


def manifests(archive: Path) -> list[dict]:
    """The archive's run manifests, oldest first (as the next run orders them)."""
    from metrology_spider.runs import read_manifests

    return read_manifests(archive)


def stat(log: str, name: str) -> int:
    """A stat from the stats dump at the end of a crawl's log."""
    m = re.search(rf"'{re.escape(name)}': (\d+)", log)
    return int(m.group(1)) if m else 0


def warc_records(folder: Path) -> list:
    """Every record of every WARC file in ``folder``, read with warcio's own reader."""
    records = []
    for path in sorted(folder.glob("*.warc.gz")):
        with open(path, "rb") as stream:
            for record in ArchiveIterator(stream):
                payload = record.raw_stream.read()
                records.append((path.name, record.rec_type, record.rec_headers, record.http_headers, payload))
    return records


def article(ident: int = 1, **fields) -> Article:
    """A plausible record of article ``ident`` on the portal."""
    values = {
        "url": f"http://www.chinajl.com.cn/jiliangyuzhiliang/{ident}.html",
        "id": ident,
        "category": ["新闻", "计量与质量"],
        "title": "标题",
        "date": date(2017, 9, 22),
        "published_at": None,
        "author": None,
        "source": "江西省质监局",
        "views": 1324,
        "paragraphs": ["第一段。"],
        "crawled_at": datetime(2026, 11, 24, 18, 30, 58, tzinfo=UTC),
    }
    values.update(fields)
    return Article(**values)


# --- the records of a crawl, byte for byte (the guard of issue 11) -------------------------

EXPECTED_CRAWL = FIXTURES / "expected_crawl.jsonl"  # the fixture portal crawled over HTTP
EXPECTED_SAMPLE = FIXTURES / "expected_sample.jsonl"  # data/sample replayed (the mirror included)
# What differs from run to run: when the page was fetched and where its capture is.
_RUN_FIELDS_RE = re.compile(r'"crawled_at": "[^"]*", "warc": (?:null|\{[^{}]*\})')


def stable_lines(archive_dir: Path, base: str | None = None) -> list[str]:
    """The archive's records as the bytes it wrote, one line each, ordered by id and URL, with
    ``crawled_at`` and ``warc`` blanked and the test server's ``base`` URL put back to the
    portal's. Every other byte is the exporter's (key order, escaping, number format)."""
    lines = []
    for path in sorted((archive_dir / "articles").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            line, n = _RUN_FIELDS_RE.subn('"crawled_at": "", "warc": {}', line)
            assert n == 1, f"no crawled_at/warc in {line[:200]}"
            if base is not None:
                line = line.replace(base, "http://www.chinajl.com.cn/")
            lines.append(line)
    return sorted(lines, key=lambda line: (json.loads(line)["id"], json.loads(line)["url"], line))
