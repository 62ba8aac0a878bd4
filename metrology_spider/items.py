"""The archived record: one dataclass, whose field order is the JSON key order."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import UTC, date, datetime


def _iso(value: date | datetime | None) -> str | None:
    """Dates stay typed until written; the exporter writes them as ISO 8601."""
    if value is None:
        return None
    if isinstance(value, datetime) and value.tzinfo is UTC:
        return value.isoformat(timespec="seconds").replace("+00:00", "Z")
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    return value.isoformat()


# itemadapter hands dataclass field metadata to Scrapy's exporters as field serializers.
ISO_8601 = {"serializer": _iso}


@dataclass
class Article:
    url: str
    id: int
    category: list[str] = field(default_factory=list)
    title: str | None = None
    date: date | None = field(default=None, metadata=ISO_8601)
    published_at: datetime | None = field(
        default=None, metadata=ISO_8601
    )  # Beijing time, when the page shows one
    author: str | None = None
    source: str | None = None
    views: int | None = None
    paragraphs: list[str] = field(default_factory=list)
    crawled_at: datetime | None = field(default=None, metadata=ISO_8601)  # UTC
    warc: dict | None = None  # the WARC record of the first page: file, record_id, offset
    # Set on a record that says the article is gone (404/410 on a refresh), UTC.
    gone_at: datetime | None = field(default=None, metadata=ISO_8601)

    def replace(self, **changes) -> Article:
        return dataclasses.replace(self, **changes)


@dataclass(frozen=True, slots=True)
class ExtractionFailure:
    """Why a page gave no record: what extraction returns instead of an :class:`Article`.

    ``field`` names what was missing or implausible (``"date"``, ``"title"``,
    ``"paragraphs"``, ``"id"``, or ``None`` for the page as a whole); ``reason`` says
    it in a few words for the log and the manifest (``"no date"``, ``"body is a
    toolbar"``). Whether the page is "not an article" or "an article that could not
    be read" depends on how it was reached, which extraction does not know.
    It is falsy, so ``if article:`` reads as "got a record".
    """

    url: str
    reason: str
    field: str | None = None
    # The page itself says there is no such article (文档不存在, 页面不存在 ...): a
    # soft 404, not a page we failed to read.
    not_found: bool = False
    # A first page that is no article but lists articles (a category's page at a URL
    # shaped as an article's, DTcms's /news/43.html): walked as a list, and remembered
    # as one (:func:`~metrology_spider.assemble.read_page` says it).
    lists: bool = False

    def __bool__(self) -> bool:
        return False

    def __str__(self) -> str:
        return f"{self.reason}: {self.url}"


REQUIRED_FIELDS = ("title", "date", "paragraphs")
# Optional fields whose share among new records each run reports.
COVERAGE_FIELDS = ("author", "source", "views", "published_at")


def missing_field(article: Article) -> str | None:
    """The first required field ``article`` lacks, or None when it is complete
    (a record that says the article is gone has none to give)."""
    if article.gone_at is not None:
        return None
    return next((name for name in REQUIRED_FIELDS if not getattr(article, name)), None)
