"""The spider: navigation only. Which links to follow, which page is what.

Extraction is :func:`metrology_spider.extract.parse_article`; normalisation and
archiving happen in the item pipelines.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

import scrapy
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Request, Response, TextResponse
from twisted.python.failure import Failure

from metrology_spider.archive import run_id
from metrology_spider.collect import first_page
from metrology_spider.extract import article_id, assemble_article, parse_article, parse_view_count
from metrology_spider.items import Article
from metrology_spider.navigation import (
    article_links,
    article_page_urls,
    category_links,
    host_of,
    next_page_url,
    page_kind,
    view_count_url,
)
from metrology_spider.warc import Capture

DEFAULT_START_URLS = ("http://www.chinajl.com.cn/",)


def fetched_at(response: Response) -> datetime:
    """When the response was fetched: set by the download (or a replay), else now."""
    return response.meta.get("fetched_at") or datetime.now(UTC)


@dataclass
class _PendingArticle:
    """An article whose continuation pages or view count are still being fetched."""

    first: Article
    pages: list[str]
    count_url: str | None
    done: list[Article] = field(default_factory=list)


class MetrologySpider(scrapy.Spider):
    name = "metrology"

    def __init__(
        self, start_urls: str | None = None, replay: str | None = None, *args: Any, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.run_id = run_id()
        # -a replay=PATH: answer every request from a WARC capture (see warc.py);
        # by default the crawl starts where the captured crawl started.
        self.replay = replay
        self.capture = Capture([replay]) if replay else None
        urls = [u.strip() for u in (start_urls or "").split(",") if u.strip()]
        self.start_urls = urls or (self.capture and self.capture.start_urls) or list(DEFAULT_START_URLS)
        # The crawl stays on the hosts (with their ports) of its start URLs.
        self.hosts = frozenset(host_of(u) for u in self.start_urls)
        self.allowed_domains = sorted({urlsplit(u).hostname for u in self.start_urls})
        # An article is its id on its host: a mirror's copy is a record of its own.
        self.seen: set[tuple[str, int]] = set()

    async def start(self):
        for url in self.start_urls:
            kind = page_kind(url)
            if kind == "article":
                yield self.article_request(url)
            else:
                yield Request(url, callback=self.parse_listing, cb_kwargs={"home": kind == "home"})

    def _count(self, key: str, n: int = 1) -> None:
        self.crawler.stats.inc_value(f"metrology/{key}", n)

    # --- listings ---------------------------------------------------------

    def parse_listing(self, response: Response, home: bool = False) -> Iterator[Request]:
        if not isinstance(response, TextResponse):
            self._count("pages_not_html")
            self.logger.info("Not an HTML page: %s", response.url)
            return
        self._count("pages_home" if home else "pages_list")
        if home:
            for url in category_links(response.selector, response.url, self.hosts):
                yield Request(url, callback=self.parse_listing)
        for url in article_links(response.selector, response.url, self.hosts):
            request = self.article_request(url)
            if request is not None:
                yield request
        if not home and (url := next_page_url(response.selector, response.url)):
            yield Request(url, callback=self.parse_listing)

    def article_request(self, url: str) -> Request | None:
        key = (host_of(url), article_id(url))
        if key in self.seen:
            return None
        self.seen.add(key)
        return Request(url, callback=self.parse_article, errback=self.article_failed)

    # --- articles -----------------------------------------------------------

    def parse_article(self, response: Response) -> Iterator[Request | Article]:
        article = first_page(response)
        if article is None:
            self._count("pages_not_article")
            self.logger.info("Not an article page: %s", response.url)
            return
        self._count("pages_article")
        pending = _PendingArticle(
            first=article,
            pages=article_page_urls(response.selector, response.url),
            count_url=None if article.views is not None else view_count_url(response.selector, response.url),
        )
        yield from self._advance(pending)

    def _advance(self, pending: _PendingArticle) -> Iterator[Request | Article]:
        """Fetch the next missing piece of an article, or yield it when it is whole."""
        if pending.pages:
            url = pending.pages.pop(0)
            yield Request(
                url,
                callback=self.parse_article_page,
                errback=self.article_failed,
                cb_kwargs={"pending": pending},
            )
        elif pending.count_url:
            url, pending.count_url = pending.count_url, None
            yield Request(
                url,
                callback=self.parse_view_count,
                errback=self.view_count_failed,
                cb_kwargs={"pending": pending},
                dont_filter=True,
            )
        else:
            self._count("articles_extracted")
            yield assemble_article(pending.first, pending.done, pending.first.views)

    def parse_article_page(self, response: Response, pending: _PendingArticle):
        page = parse_article(response.selector, response.url) if isinstance(response, TextResponse) else None
        if page is None:
            self._count("articles_failed")
            self.logger.warning(
                "Dropped article %s: its page %s has no article on it", pending.first.url, response.url
            )
            return
        self._count("pages_article_continued")
        pending.done.append(page)
        known = {p.url for p in pending.done} | set(pending.pages)
        pending.pages.extend(u for u in article_page_urls(response.selector, response.url) if u not in known)
        yield from self._advance(pending)

    def parse_view_count(self, response: Response, pending: _PendingArticle):
        text = response.text if isinstance(response, TextResponse) else response.body.decode("latin-1")
        views = parse_view_count(text)
        if views is None:
            self._count("views_unreadable")
            self.logger.warning("No view count in %s for %s", response.url, pending.first.url)
        else:
            self._count("views_from_script")
            pending.first = pending.first.replace(views=views)
        yield from self._advance(pending)

    def view_count_failed(self, failure: Failure):
        pending = failure.request.cb_kwargs["pending"]
        self._count("views_failed")
        self.logger.warning("View count not fetched for %s: %s", pending.first.url, failure.getErrorMessage())
        yield from self._advance(pending)

    def article_failed(self, failure: Failure):
        if failure.check(IgnoreRequest):  # robots.txt forbids it, or another deliberate skip
            self._count("articles_skipped")
            self.logger.info("Article page skipped: %s (%s)", failure.request.url, failure.getErrorMessage())
            return
        self._count("articles_failed")
        self.logger.warning("Article page failed: %s (%s)", failure.request.url, failure.getErrorMessage())
