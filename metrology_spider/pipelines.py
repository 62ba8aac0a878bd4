"""Item pipelines: what becomes of each article's outcome, in the crawl, in replay and
in re-extraction alike (all three run the pipelines of ``ITEM_PIPELINES``).

The spider yields the outcome of :class:`~metrology_spider.assemble.ArticleAssembly`
for every article it set out to fetch: a record, or why there is none. The
failures are accounted for and stop at :class:`FailuresPipeline`; records, which
the assembly has normalised, are checked for their required fields and archived.
"""

from __future__ import annotations

import logging

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem, NotConfigured

from metrology_spider.archive import COVERED_FIELDS, ArchiveWriteError
from metrology_spider.assemble import PageFailure
from metrology_spider.items import Article, ExtractionFailure, missing_field
from metrology_spider.state import ArchiveState

logger = logging.getLogger(__name__)


class UnchangedArticle(DropItem):
    """The archive already holds this article with the same content and view count."""


class NoRecord(DropItem):
    """The outcome was no record: a page that is not an article, or a failure."""


class FailuresPipeline:
    """Accounts for the outcomes that are no record, then drops them: a first page
    without an article (``pages_not_article``, INFO, remembered as not an article),
    a page refused or missing from a capture (``articles_skipped``), and an article
    that could not be had (``articles_failed`` and ``articles_failed/<kind>``: http,
    network, extraction, login; a WARNING; retried by the next run)."""

    def __init__(self, crawler: Crawler) -> None:
        self.stats = crawler.stats
        self.state = crawler.get_extension(ArchiveState)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> FailuresPipeline:
        return cls(crawler)

    def process_item(self, item):
        if isinstance(item, ExtractionFailure) and item.lists:
            # (a category's page at a URL shaped as an article's: walked as a list, remembered
            # as one: the next runs ask for it as a list)
            self.stats.inc_value("metrology/pages_not_article")
            if self.state:
                self.state.list_page(item.url)
        elif isinstance(item, ExtractionFailure):
            self.stats.inc_value("metrology/pages_not_article")
            logger.info("Not an article page: %s (%s)", item.url, item.reason)
            if self.state:
                self.state.not_article(item.url)
        elif isinstance(item, PageFailure) and not item.retry:
            self.stats.inc_value("metrology/articles_skipped")
            logger.info("Article skipped: %s (%s)", item.url, item.reason)
            if self.state:
                self.state.skipped(item.url)
        elif isinstance(item, PageFailure):
            self.stats.inc_value("metrology/articles_failed")
            self.stats.inc_value(f"metrology/articles_failed/{item.kind}")
            logger.warning("Article failed: %s (%s)", item.url, item.reason)
            if self.state:
                self.state.failed(item.url, item.reason)
        else:
            return item
        raise NoRecord(str(item), log_level="DEBUG")


class RequiredFieldsPipeline:
    """Drops a record without title, date or paragraphs, with a WARNING naming the URL and field."""

    def __init__(self, crawler: Crawler) -> None:
        self.stats = crawler.stats
        self.state = crawler.get_extension(ArchiveState)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RequiredFieldsPipeline:
        return cls(crawler)

    def process_item(self, item: Article) -> Article:
        if name := missing_field(item):
            self.stats.inc_value("metrology/articles_dropped")
            self.stats.inc_value(f"metrology/articles_dropped/no_{name}")
            logger.warning("Dropped article without %s: %s", name, item.url)
            if self.state:
                self.state.failed(item.url, f"no {name}")
            raise DropItem(f"no {name}: {item.url}", log_level="DEBUG")
        return item


class ArchivePipeline:
    """Writes each record as one JSON line under ``ARCHIVE_DIR`` (through the
    archive's state), unless the archive already holds the article unchanged (same
    content and view count): then it is counted as unchanged and not written again.
    Off when the archive is (``ARCHIVE_ENABLED``)."""

    def __init__(self, crawler: Crawler, state: ArchiveState) -> None:
        self.crawler = crawler
        self.stats = crawler.stats
        self.state = state
        self.not_found_runs = crawler.settings.getint("NOT_FOUND_RUNS")

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ArchivePipeline:
        state = crawler.get_extension(ArchiveState)
        if state is None:
            raise NotConfigured("the archive is off (ARCHIVE_ENABLED)")
        return cls(crawler, state)

    def process_item(self, item: Article) -> Article:
        try:
            outcome = self.state.append(item)
        except ArchiveWriteError as exc:
            self.state.write_error(exc)  # one line, then the run stops
            raise DropItem(f"not archived: {item.url}", log_level="DEBUG") from exc
        if outcome == "unknown":
            reason = "answers 404 or 410, and was never archived"
            if (runs := self.state.failed_runs(item.url, reason) + 1) >= self.not_found_runs:
                # A link that answered 404 in as many runs in a row (a footer's dead 关于我们):
                # no article; remembered, not asked for again, nor failing every run.
                self.stats.inc_value("metrology/pages_not_found")
                logger.info("Not an article page: %s (%s, in %d runs in a row: not asked for again)", item.url, reason, runs)
                self.state.not_article(item.url)
                raise NoRecord(f"{reason}: {item.url}", log_level="DEBUG")
            self.stats.inc_value("metrology/articles_failed")
            self.stats.inc_value("metrology/articles_failed/http")
            logger.warning("Article failed: %s (%s)", item.url, reason)
            self.state.failed(item.url, reason)
            raise NoRecord(f"{reason}: {item.url}", log_level="DEBUG")
        if outcome == "missing":
            self.stats.inc_value("metrology/articles_missing")
            logger.warning(
                "Article answers 404 or 410 (first on %s): not marked gone until it still does %s h later: %s",
                self.state.missing[item.url], self.state.gone_after.total_seconds() / 3600, item.url,
            )  # fmt: skip
            raise UnchangedArticle(f"missing: {item.url}", log_level="DEBUG")
        if outcome == "linked_elsewhere":  # (said by the archive's state)
            self.stats.inc_value("metrology/articles_linked_elsewhere")
            raise UnchangedArticle(f"linked elsewhere: {item.url}", log_level="DEBUG")
        if outcome == "unchanged":
            self.stats.inc_value("metrology/articles_unchanged")
            raise UnchangedArticle(f"unchanged: {item.url}", log_level="DEBUG")
        if outcome == "gone":
            logger.info("Article gone: %s", item.url)
        self.stats.inc_value(f"metrology/articles_{outcome}")
        if outcome in ("new", "updated"):
            for name in COVERED_FIELDS:
                if getattr(item, name) not in (None, [], ""):
                    self.stats.inc_value(f"metrology/coverage/{name}")
        self.stats.inc_value("metrology/articles_archived")
        return item
