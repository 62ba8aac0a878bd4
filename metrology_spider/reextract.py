"""Rebuild the JSON Lines archive from WARC captures alone: no scheduler, no
downloader, no network.

    python -m metrology_spider reextract CAPTURE... --out DIR

The captures are read in WARC-date order; every article's first page (as the
crawl marked it in the capture, under the URL the portal links; in an older
capture, every response at an article-shaped URL) is put
together with its other pages and view count from the same capture by
:func:`metrology_spider.assemble.assemble`, as the crawl does it, and its outcome
goes through the crawl's own item pipelines and archive state (lock, manifest,
unchanged records not written again): :class:`Reextraction` is a spider whose
``start()`` yields outcomes instead of requests. An article captured with its
content and later as a 404 gets its record, then its record saying gone.

With ``--jobs N`` (default: the number of cores) the pages are parsed and the
articles assembled by N worker processes, each over its share of the capture's
responses in turn; their outcomes come back, and go through the pipelines, in the
capture's order, so the archive is the same whatever N.
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import scrapy
from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings

from metrology_spider.assemble import PageFailure, assemble, report
from metrology_spider.commands.crawl import run_crawler
from metrology_spider.normalize import preload
from metrology_spider.warc import Capture, CapturedResponse, CaptureTooLarge

logger = logging.getLogger(__name__)


class Reextraction(scrapy.Spider):
    name = "reextract"

    def __init__(self, captures: list[str], jobs: int = 1, **kwargs) -> None:
        super().__init__(**kwargs)
        self.captures = list(captures)
        self.jobs = max(1, int(jobs))

    async def start(self):
        capture = Capture(self.captures, max_size=self.crawler.settings.getint("DOWNLOAD_MAXSIZE"))
        logger.info("Re-extracting %d responses from %d WARC files", len(capture.responses), len(capture.files))
        self.crawler.stats.set_value("metrology/warc/damaged_captures", len(capture.damaged))
        try:
            for done in _assembled(capture, self.jobs):
                self.crawler.stats.inc_value("metrology/reextract/article_captures")
                report(done, self.crawler)
                yield done.outcome
        finally:
            capture.close()
        for url in capture.lost:  # its first page cut off with the end of a file
            yield PageFailure(url, "its page was cut off in a damaged capture")


@dataclass
class _Done:
    """What :func:`report` reads of an assembly, and its outcome: what a worker sends back."""

    url: str
    outcome: object
    counts: Counter = field(default_factory=Counter)
    warnings: list[str] = field(default_factory=list)


def _assemble(capture: Capture, entry: CapturedResponse) -> _Done | None:
    if not (url := capture.first_page_of(entry)):
        return None
    assembly = assemble(url, _fetch(capture, entry, url), damaged=bool(capture.damaged))
    if isinstance(assembly.outcome, PageFailure) and capture.captured_again(entry):
        # A failed attempt (a 500, a page cut short) that a later capture of the same page
        # supersedes (the crawl's retry, the next run's): the article is that capture's.
        return None
    return _Done(url, assembly.outcome, assembly.counts, assembly.warnings)


# The capture a worker process reads: the parent's, inherited when the pool forks.
_WORKER_CAPTURE: Capture | None = None


def _assemble_share(span: tuple[int, int]) -> list[_Done]:
    capture = _WORKER_CAPTURE
    return [done for entry in capture.responses[span[0] : span[1]] if (done := _assemble(capture, entry))]


def _assembled(capture: Capture, jobs: int):
    """Each article's assembly, in the capture's order; with ``jobs`` > 1, made by
    that many worker processes."""
    if jobs <= 1:
        for entry in capture:
            if done := _assemble(capture, entry):
                yield done
        return
    global _WORKER_CAPTURE
    _WORKER_CAPTURE = capture
    # Shares of at most 64 responses, at least 4 per worker: all busy to the end.
    size = max(1, min(64, len(capture.responses) // (jobs * 4)))
    spans = [(start, start + size) for start in range(0, len(capture.responses), size)]
    preload()  # what every worker reads: one copy, shared
    # fork: the workers start with the capture's index and the code already loaded.
    # What this process holds is frozen out of the garbage collector's passes until the
    # pool is done: neither a worker's collections nor this process's write to those
    # objects, so their pages stay shared instead of being copied into every worker (the
    # two workers' own memory 82 -> 51 MB over a 5,000-article capture, benches/README.md).
    gc.freeze()
    try:
        with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork")) as pool:
            for share in pool.map(_assemble_share, spans):
                yield from share
    finally:
        _WORKER_CAPTURE = None
        gc.unfreeze()


def _fetch(capture: Capture, first: CapturedResponse, article: str):
    """The first page is the very capture being re-extracted (or, in a capture that
    marks no first pages, where its redirect leads); the others are those captured
    at or after it."""

    def fetch(url: str):
        if url == article:
            if first.location:
                return capture.fetch(first.location, first.date)
            try:
                return capture.response(first, scrapy.Request(first.url), decoded=True)
            except CaptureTooLarge:
                return None  # named in a WARNING; the article fails, as a missing page does
        return capture.fetch(url, first.date)

    return fetch


def settings_for(out: Path, overrides: dict[str, str] | None = None) -> Settings:
    settings = Settings()
    settings.setmodule("metrology_spider.settings", priority="project")
    settings.setdict(overrides or {}, priority="cmdline")
    settings.setdict(
        {
            # Nothing is downloaded: no downloader middleware or download handler is
            # loaded (importing them, TLS among them, and the remote control's aiohttp,
            # which the project's settings leave out, took 0.8 s of the 2.4 s of a
            # re-extraction of data/sample/).
            "DOWNLOADER_MIDDLEWARES_BASE": {},
            "DOWNLOADER_MIDDLEWARES": {},
            "DOWNLOAD_HANDLERS_BASE": {},
            "DOWNLOAD_HANDLERS": {},
            "ARCHIVE_DIR": str(out),
            "ARCHIVE_ENABLED": True,
            "SPIDERMON_ENABLED": True,
            "RUN_MODE": "reextract",
            "WARC_ENABLED": False,
        },
        priority="cmdline",
    )
    return settings


def reextract(
    captures: list[str], out: Path, overrides: dict[str, str] | None = None, *, jobs: int = 1
) -> tuple[int, Counter]:
    """Re-extract ``captures`` into the archive ``out`` (with settings ``overrides``)
    with ``jobs`` processes; the exit status and the counts (the ``metrology/``
    stats). Runs Scrapy's reactor: once per process."""
    process = CrawlerProcess(settings_for(out, overrides))
    crawler = process.create_crawler(Reextraction)
    status = run_crawler(process, crawler, captures=captures, jobs=jobs)
    try:
        stats = crawler.stats.get_stats()
    except RuntimeError:  # the crawl never started
        stats = {}
    counts = Counter({k.removeprefix("metrology/"): v for k, v in stats.items() if k.startswith("metrology/")})
    return status, counts
