"""The account of a run: its manifest in ``ARCHIVE_DIR/runs/`` and one log block.

The manifest is written when the run starts (status ``running``) and rewritten
when it ends, so a run killed on the way leaves ``running`` behind and the next
run knows to walk every list page and to retry what this one left unfinished.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from pathlib import Path

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from metrology_spider import __version__
from metrology_spider.items import COVERAGE_FIELDS, Article
from metrology_spider.monitors import FAILED_CHECKS
from metrology_spider.pipelines import UnchangedArticle
from metrology_spider.runs import write_manifest

logger = logging.getLogger(__name__)

# Settings worth keeping beside the numbers: they explain the numbers.
MANIFEST_SETTINGS = (
    "USER_AGENT",
    "ROBOTSTXT_OBEY",
    "DOWNLOAD_DELAY",
    "AUTOTHROTTLE_ENABLED",
    "CONCURRENT_REQUESTS_PER_DOMAIN",
    "STOP_AFTER_ARCHIVED_PAGES",
    "MAX_EXTRACTION_FAILURE_SHARE",
    "WARC_ENABLED",
    "JOBDIR",
)
COUNTS = (
    "articles_new",
    "articles_updated",
    "articles_unchanged",
    "articles_gone",
    "articles_failed",
    "articles_dropped",
    "articles_skipped",
    "articles_already_archived",
    "articles_retried",
    "articles_refreshed",
    "pages_home",
    "pages_list",
    "pages_article",
    "pages_not_article",
    "listings_stopped_early",
)


class RunAccount:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.archive_dir = Path(crawler.settings.get("ARCHIVE_DIR"))
        self.started_at = datetime.now(UTC)
        self.manifest: dict = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RunAccount:
        if not crawler.settings.getbool("RUN_MANIFEST_ENABLED"):
            raise NotConfigured
        extension = cls(crawler)
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(extension.item_dropped, signal=signals.item_dropped)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def spider_opened(self, spider) -> None:
        settings = self.crawler.settings
        self.manifest = {
            "run": spider.run_id,
            "status": "running",
            "software": f"metrology-spider/{__version__}",
            "started_at": _iso(self.started_at),
            "finished_at": None,
            "mode": "replay" if spider.replay else spider.mode,
            "start_urls": spider.start_urls,
            "replay": spider.replay,
            "settings": {name: settings.get(name) for name in MANIFEST_SETTINGS},
            # Carried now, so that a run killed on the way still hands them on.
            "retry": spider.retry_urls,
            "not_articles": sorted(spider.known_not_articles),
        }
        write_manifest(self.archive_dir, spider.run_id, self.manifest)

    def item_scraped(self, item: Article, spider) -> None:
        spider.settled.add(item.url)

    def item_dropped(self, item: Article, exception: BaseException, spider) -> None:
        if isinstance(exception, UnchangedArticle):
            spider.settled.add(item.url)

    def spider_closed(self, spider, reason: str) -> None:
        stats = self.crawler.stats
        counts = {name: stats.get_value(f"metrology/{name}", 0) for name in COUNTS}
        counts["pages_fetched"] = stats.get_value("response_received_count", 0)
        archived = counts["articles_new"] + counts["articles_updated"]
        coverage = {
            name: round(stats.get_value(f"metrology/coverage/{name}", 0) / archived, 4) if archived else None
            for name in COVERAGE_FIELDS
        }
        # To retry: what this run set out to fetch and did not settle, and what it
        # was handed and did not get to (another host, or no time).
        unsettled = spider.requested - spider.settled
        retry = sorted(unsettled | {u for u in spider.retry_urls if u not in spider.requested})
        failed_checks = stats.get_value(FAILED_CHECKS) or []
        finished_at = datetime.now(UTC)
        self.manifest.update(
            status="finished" if reason == "finished" else "interrupted",
            finish_reason=reason,
            finished_at=_iso(finished_at),
            seconds=round((finished_at - self.started_at).total_seconds(), 3),
            counts=counts,
            coverage=coverage,
            checks={"passed": not failed_checks, "failed": failed_checks},
            retry=retry,
            not_articles=sorted((spider.known_not_articles - spider.archive_urls()) | spider.not_articles),
        )
        path = write_manifest(self.archive_dir, spider.run_id, self.manifest)
        share = ", ".join(f"{name} {value:.0%}" for name, value in coverage.items() if value is not None)
        logger.info(
            "Run %s %s (%s) in %.1f s: %d pages fetched; articles: %d new, %d updated, %d unchanged,"
            " %d gone, %d failed, %d dropped; %d to retry; coverage: %s; checks: %s; manifest: %s",
            spider.run_id,
            self.manifest["status"],
            reason,
            self.manifest["seconds"],
            counts["pages_fetched"],
            counts["articles_new"],
            counts["articles_updated"],
            counts["articles_unchanged"],
            counts["articles_gone"],
            counts["articles_failed"],
            counts["articles_dropped"],
            len(retry),
            share or "no records",
            "passed" if not failed_checks else "FAILED: " + "; ".join(failed_checks),
            path,
        )


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds").replace("+00:00", "Z")
