"""Item pipelines: thin adapters over the plain functions in normalize and archive."""

from __future__ import annotations

import logging
from pathlib import Path

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from metrology_spider.archive import ArchiveWriter, append_record
from metrology_spider.items import COVERAGE_FIELDS, Article, missing_field
from metrology_spider.normalize import normalize_article

logger = logging.getLogger(__name__)


class UnchangedArticle(DropItem):
    """The archive already holds this article with the same content and view count."""


class NormalizePipeline:
    """Traditional -> Simplified where the page is Traditional, readings and whitespace cleaned."""

    def process_item(self, item: Article) -> Article:
        return normalize_article(item)


class RequiredFieldsPipeline:
    """Drops a record without title, date or paragraphs, with a WARNING naming the URL and field."""

    def __init__(self, crawler: Crawler) -> None:
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RequiredFieldsPipeline:
        return cls(crawler)

    def process_item(self, item: Article) -> Article:
        if name := missing_field(item):
            self.stats.inc_value("metrology/articles_dropped")
            self.stats.inc_value(f"metrology/articles_dropped/no_{name}")
            logger.warning("Dropped article without %s: %s", name, item.url)
            raise DropItem(f"no {name}: {item.url}", log_level="DEBUG")
        return item


class ArchivePipeline:
    """Writes each record as one JSON line under ``ARCHIVE_DIR``, unless the archive
    already holds the article unchanged (same content and view count): then it is
    counted as unchanged and not written again."""

    def __init__(self, crawler: Crawler, archive_dir: Path) -> None:
        self.stats = crawler.stats
        self.spider = crawler.spider
        self.writer = ArchiveWriter(archive_dir, crawler.spider.run_id)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ArchivePipeline:
        return cls(crawler, Path(crawler.settings.get("ARCHIVE_DIR")))

    def process_item(self, item: Article) -> Article:
        outcome = append_record(self.writer, self.spider.archive, item)
        if outcome == "unchanged":
            self.stats.inc_value("metrology/articles_unchanged")
            raise UnchangedArticle(f"unchanged: {item.url}", log_level="DEBUG")
        if outcome in ("new", "updated"):
            self.stats.inc_value(f"metrology/articles_{outcome}")
            for name in COVERAGE_FIELDS:
                if getattr(item, name) is not None:
                    self.stats.inc_value(f"metrology/coverage/{name}")
        self.stats.inc_value("metrology/articles_archived")
        return item

    def close_spider(self) -> None:
        self.writer.close()
        if self.writer.path is not None:
            logger.info("Archived %d records to %s", self.writer.count, self.writer.path)
