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
"""

from __future__ import annotations

import logging
from collections import Counter
from pathlib import Path

import scrapy
from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings

from metrology_spider.assemble import PageFailure, assemble, report
from metrology_spider.commands.crawl import run_crawler
from metrology_spider.warc import Capture, CapturedResponse, CaptureTooLarge

logger = logging.getLogger(__name__)


class Reextraction(scrapy.Spider):
    name = "reextract"

    def __init__(self, captures: list[str], **kwargs) -> None:
        super().__init__(**kwargs)
        self.captures = list(captures)

    async def start(self):
        capture = Capture(self.captures, max_size=self.crawler.settings.getint("DOWNLOAD_MAXSIZE"))
        logger.info("Re-extracting %d responses from %d WARC files", len(capture.responses), len(capture.files))
        self.crawler.stats.set_value("metrology/warc/damaged_captures", len(capture.damaged))
        for entry in capture:
            if not (url := capture.first_page_of(entry)):
                continue
            self.crawler.stats.inc_value("metrology/reextract/article_captures")
            assembly = assemble(url, _fetch(capture, entry, url), damaged=bool(capture.damaged))
            report(assembly, self.crawler.stats)
            yield assembly.outcome
        for url in capture.lost:  # its first page cut off with the end of a file
            yield PageFailure(url, "its page was cut off in a damaged capture")


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
            "ARCHIVE_DIR": str(out),
            "ARCHIVE_ENABLED": True,
            "SPIDERMON_ENABLED": True,
            "RUN_MODE": "reextract",
            "WARC_ENABLED": False,
        },
        priority="cmdline",
    )
    return settings


def reextract(captures: list[str], out: Path, overrides: dict[str, str] | None = None) -> tuple[int, Counter]:
    """Re-extract ``captures`` into the archive ``out`` (with settings ``overrides``);
    the exit status and the counts (the ``metrology/`` stats). Runs Scrapy's reactor:
    once per process."""
    process = CrawlerProcess(settings_for(out, overrides))
    crawler = process.create_crawler(Reextraction)
    status = run_crawler(process, crawler, captures=captures)
    try:
        stats = crawler.stats.get_stats()
    except RuntimeError:  # the crawl never started
        stats = {}
    counts = Counter({k.removeprefix("metrology/"): v for k, v in stats.items() if k.startswith("metrology/")})
    return status, counts
