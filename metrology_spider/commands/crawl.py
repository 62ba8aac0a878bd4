"""``scrapy crawl``, with the two things a scheduled run needs on top of Scrapy's:

- one run per archive at a time: the archive's lock is taken before the crawl
  starts, and a second run exits at once, with a message, with status 2;
- an honest exit status: 3 when the run's checks failed (metrology_spider.monitors),
  1 when Scrapy could not start the spider (as Scrapy's own command does).
"""

from __future__ import annotations

import argparse
import logging
import sys

from scrapy.commands.crawl import Command as ScrapyCrawlCommand

from metrology_spider.monitors import FAILED_CHECKS
from metrology_spider.runs import ArchiveLock, ArchiveLocked

EXIT_LOCKED = 2
EXIT_CHECKS_FAILED = 3

logger = logging.getLogger(__name__)


class Command(ScrapyCrawlCommand):
    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) != 1:
            super().run(args, opts)  # Scrapy's own usage errors
            return
        lock = ArchiveLock(self.settings.get("ARCHIVE_DIR"))
        try:
            lock.acquire(f"scrapy crawl {args[0]}")
        except ArchiveLocked as exc:
            print(f"metrology-spider: not starting: {exc}", file=sys.stderr)
            self.exitcode = EXIT_LOCKED
            return
        try:
            crawler = self._create_crawler(args[0])
            self.crawler_process.crawl(crawler, **opts.spargs)
            self.crawler_process.start()
            if self.crawler_process.bootstrap_failed:
                self.exitcode = 1
            elif crawler.stats.get_value(FAILED_CHECKS):
                self.exitcode = EXIT_CHECKS_FAILED
        finally:
            lock.release()
