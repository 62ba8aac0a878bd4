"""Article pages read in extraction processes (metrology_spider/readers.py): the same
records as read in the crawl's own process, no page lost when a worker dies, no
worker left behind by a crawl that ends or is killed, and how many workers a crawl
gets by its settings."""

from __future__ import annotations

import os
import pickle
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from scrapy.settings import Settings

from metrology_spider import readers
from metrology_spider.assemble import read_page
from metrology_spider.readers import _LENGTH, _fork_worker, processes_for
from tests.conftest import EXPECTED_CRAWL, REPO, SITE, run_crawl, stable_lines, stat

WORKERS_RE = re.compile(r"read by (\d+) extraction process\(es\), pids ([\d, ]+) ")


def worker_pids(log: str) -> list[int]:
    m = WORKERS_RE.search(log)
    return [int(pid) for pid in m.group(2).split(", ")] if m else []


def ended(pid: int) -> bool:
    """The process is gone, or a zombie nobody has reaped (in a container whose first
    process reaps no orphan)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"
    except (OSError, IndexError):
        return True


def wait_for(condition, what: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(f"never reached: {what}")
        time.sleep(0.01)


@pytest.mark.parametrize("processes", ["0", "1", "2"])
def test_the_records_are_the_same_bytes_wherever_the_pages_are_read(fixture_server, tmp_path, processes):
    result = run_crawl(
        tmp_path, "-a", f"start_urls={fixture_server.url}", "-s", f"EXTRACTION_PROCESSES={processes}"
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert (
        stable_lines(tmp_path, fixture_server.url) == EXPECTED_CRAWL.read_text(encoding="utf-8").splitlines()
    )
    pids = worker_pids(result.stderr)
    assert len(pids) == int(processes)
    if pids:
        assert stat(result.stderr, "metrology/extraction_processes") == int(processes)
        # Every page read as an article's read by the workers: the articles' first
        # pages, their continuation pages, and the pages that hold no article.
        read = ("pages_article", "pages_article_continued", "pages_not_article")
        assert stat(result.stderr, "metrology/extraction_processes/pages") == sum(
            stat(result.stderr, f"metrology/{name}") for name in read
        )
    assert all(ended(pid) for pid in pids)  # none left behind by the crawl
    assert " ERROR: " not in result.stderr


def crawl_command(url: str, archive: Path, *args: str) -> list[str]:
    return [
        sys.executable, "-m", "scrapy", "crawl", "metrology", "-a", f"start_urls={url}",
        "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", f"ARCHIVE_DIR={archive}",
        "-s", "EXTRACTION_PROCESSES=1", *args,
    ]  # fmt: skip


def started(url: str, archive: Path, log: Path) -> tuple[subprocess.Popen, int]:
    """A crawl with one worker, started; and the worker's pid, once its log names it."""
    with open(log, "w") as err:
        crawl = subprocess.Popen(crawl_command(url, archive), cwd=REPO, stdout=subprocess.DEVNULL, stderr=err)
    try:
        wait_for(
            lambda: worker_pids(log.read_text()) or crawl.poll() is not None, "the worker's pid in the log"
        )
        (worker,) = worker_pids(log.read_text())
    except BaseException:
        crawl.kill()
        raise
    return crawl, worker


def test_a_worker_that_dies_loses_no_page(fixture_server, tmp_path):
    archive, log = tmp_path / "archive", tmp_path / "crawl.log"
    crawl, worker = started(fixture_server.url, archive, log)
    try:
        # Stopped, the worker holds every article page the crawl sends it; killed once
        # the portal has answered some, it takes them with it.
        os.kill(worker, signal.SIGSTOP)
        wait_for(
            lambda: sum(1 for p in fixture_server.paths() if re.search(r"/\d+\.html$", p)) >= 3,
            "article pages sent to the stopped worker",
        )
        os.kill(worker, signal.SIGKILL)
        crawl.wait(timeout=120)
    finally:
        crawl.kill()
    log = log.read_text()
    assert crawl.returncode == 0, log[-3000:]
    errors = [line for line in log.splitlines() if " ERROR: " in line]
    assert len(errors) == 1 and f"Extraction process {worker} ended in the middle of the crawl" in errors[0]
    held = int(re.search(r"the (\d+) pages it held", errors[0]).group(1))
    assert held >= 1
    assert stat(log, "metrology/extraction_processes/lost") == 1
    assert (
        stable_lines(archive, fixture_server.url) == EXPECTED_CRAWL.read_text(encoding="utf-8").splitlines()
    )


def test_the_worker_ends_when_the_crawl_is_killed(fixture_server, tmp_path):
    # Every page but the home page held: the crawl waits, its worker alive and idle.
    fixture_server.hold(*{f"/{p.name}" for p in SITE.iterdir() if p.is_dir()})
    crawl, worker = started(fixture_server.url, tmp_path / "archive", tmp_path / "crawl.log")
    try:
        fixture_server.wait_for(lambda: len(fixture_server.paths()) > 2, "a held page asked for")
        assert not ended(worker)
        # It holds nothing of the crawl's open (the archive's lock and files, the
        # capture, the portal's connections): its standard streams and its socket.
        held = {int(fd.name): os.readlink(fd) for fd in Path(f"/proc/{worker}/fd").iterdir()}
        beyond = [target for fd, target in held.items() if fd > 2]
        assert len(beyond) == 1 and beyond[0].startswith("socket:"), held
        crawl.send_signal(signal.SIGKILL)
        crawl.wait(timeout=30)
    finally:
        crawl.kill()
        fixture_server.release()
    wait_for(lambda: ended(worker), "the orphaned worker's end", timeout=30)


def test_a_worker_reads_as_the_crawl_does_and_sends_back_what_reading_raised():
    url = "http://www.chinajl.com.cn/jiliangwenhuayanjiu/57604.html"  # a first page with its next pages
    text = (SITE / "jiliangwenhuayanjiu" / "57604.html").read_bytes().decode("utf-8")
    pid, sock = _fork_worker()
    stream = sock.makefile("rb")

    def ask(*message):
        data = pickle.dumps(message)
        sock.sendall(_LENGTH.pack(len(data)) + data)
        (size,) = _LENGTH.unpack(stream.read(_LENGTH.size))
        return pickle.loads(stream.read(size))

    try:
        ok, reading = ask(text, url, True)
        assert ok and reading == read_page(text, url, True)
        assert reading.extraction.result.title and reading.pages  # an article, and its next pages
        ok, error = ask(12, url, True)  # no text: reading raises
        assert not ok and isinstance(error, (AttributeError, TypeError))
        with pytest.raises(type(error), match=re.escape(str(error))):
            read_page(12, url, True)
        ok, reading = ask(text, url, False)  # and it goes on
        assert ok and reading == read_page(text, url, False)
    finally:
        stream.close()
        sock.close()  # the worker reads the end of its socket, and ends
    wait_for(lambda: os.waitpid(pid, os.WNOHANG)[0] == pid, "the worker's end", timeout=30)


@pytest.mark.parametrize(
    ("settings", "cores", "expected"),
    [
        ({}, 2, 0),  # the portal's polite defaults: paced
        ({"DOWNLOAD_DELAY": 0, "AUTOTHROTTLE_ENABLED": False}, 2, 1),
        ({"DOWNLOAD_DELAY": 0, "AUTOTHROTTLE_ENABLED": False}, 1, 0),  # one core: nothing to gain
        ({"DOWNLOAD_DELAY": 0}, 4, 0),  # AutoThrottle paces it
        ({"REPLAY": "data/sample/"}, 2, 1),  # a replay is never paced by its delays
        ({"EXTRACTION_PROCESSES": "0", "DOWNLOAD_DELAY": 0, "AUTOTHROTTLE_ENABLED": False}, 2, 0),
        ({"EXTRACTION_PROCESSES": 3}, 1, 3),
        ({"EXTRACTION_PROCESSES": " Auto "}, 2, 0),
    ],
)
def test_how_many_workers_a_crawl_gets(monkeypatch, settings, cores, expected):
    monkeypatch.setattr(readers, "default_jobs", lambda: cores)
    values = Settings()
    values.setmodule("metrology_spider.settings")
    values.setdict(settings, priority="cmdline")
    assert processes_for(values) == expected


@pytest.mark.parametrize("value", ["-1", "many", "1.5"])
def test_a_wrong_number_of_workers_is_refused_by_name(value):
    values = Settings({"EXTRACTION_PROCESSES": value})
    with pytest.raises(ValueError, match="EXTRACTION_PROCESSES must be auto or a number"):
        processes_for(values)
