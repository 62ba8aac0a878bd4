"""``scrapy crawl``, with what a scheduled run needs on top of Scrapy's:

- the archive: this command turns ``ARCHIVE_ENABLED`` on (and the end-of-run
  checks), so that :class:`~metrology_spider.state.ArchiveState` takes the
  archive's lock and keeps its state; the other Scrapy commands (``parse``,
  ``fetch``, ``shell``, ``check``, ``bench``, ``view``) never touch the archive;
- one run per archive at a time: a second run exits at once, with a message,
  with status 2;
- an honest exit status: 3 when the run's checks failed (metrology_spider.monitors),
  4 when the run was interrupted (Ctrl-C, SIGTERM) before it saw its crawl through,
  1 when Scrapy could not start the spider (as Scrapy's own command does).
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from typing import Any, ClassVar

from scrapy.commands.crawl import Command as ScrapyCrawlCommand
from scrapy.crawler import Crawler, CrawlerRunnerBase
from twisted.internet.defer import Deferred
from twisted.python.failure import Failure

from metrology_spider.runs import ArchiveLocked
from metrology_spider.state import ArchiveState
from metrology_spider.warc import capture_files

EXIT_FAILED = 1
EXIT_NOT_STARTED = 2  # another run holds the archive, or a replay's captures are not there
EXIT_CHECKS_FAILED = 3
EXIT_INTERRUPTED = 4

logger = logging.getLogger(__name__)


def run_crawler(process: CrawlerRunnerBase, crawler: Crawler, **spider_args: Any) -> int:
    """Run ``crawler`` to its end in ``process`` (not started yet); its exit status."""
    locked: list[ArchiveLocked] = []

    def on_failure(failure: Failure):
        if failure.check(ArchiveLocked):
            locked.append(failure.value)
            return None
        return failure

    def on_done(task: asyncio.Task) -> None:
        if task.cancelled():
            return
        exc = task.exception()
        if isinstance(exc, ArchiveLocked):
            locked.append(exc)
        elif exc is not None:
            logger.error("The crawl failed", exc_info=exc)

    outcome = process.crawl(crawler, **spider_args)
    if isinstance(outcome, Deferred):
        outcome.addErrback(on_failure)
    else:
        outcome.add_done_callback(on_done)
    process.start()
    if locked:
        print(f"metrology-spider: not starting: {locked[0]}", file=sys.stderr)
        return EXIT_NOT_STARTED
    if process.bootstrap_failed:
        return EXIT_FAILED
    try:
        state = crawler.get_extension(ArchiveState)
    except RuntimeError:  # the crawl never got as far as its extensions
        state = None
    if state is not None and state.interrupted:
        # Ctrl-C, SIGTERM, a shutdown: the run did not see its crawl through (what it did
        # not get to, the next run takes: its manifest says interrupted, or running).
        return EXIT_INTERRUPTED
    if state is not None and state.failed_checks:
        return EXIT_CHECKS_FAILED
    return 0


class Command(ScrapyCrawlCommand):
    default_settings: ClassVar[dict[str, Any]] = {"ARCHIVE_ENABLED": True, "SPIDERMON_ENABLED": True}

    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        super().process_options(args, opts)
        # Scrapy's HTTP/1.1 download handler, imported now, before the spiders and the
        # components are, rather than when the engine starts: a deprecation shim in it
        # walks the call stack (inspect.stack), at a cost that grows with the modules
        # loaded: 0.1 s now, 0.3 s then (benches/startup.py).
        import scrapy.core.downloader.handlers.http11  # noqa: F401

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) != 1:
            super().run(args, opts)  # Scrapy's own usage errors
            return
        if replay := opts.spargs.get("replay"):
            try:
                capture_files([replay])
            except FileNotFoundError as exc:  # (as reextract says it: bad input, nothing started)
                print(f"metrology-spider: not starting: {exc}", file=sys.stderr)
                self.exitcode = EXIT_NOT_STARTED
                return
        crawler = self.crawler_process.create_crawler(args[0])
        self.exitcode = run_crawler(self.crawler_process, crawler, **opts.spargs)
