"""The spider: navigation only. Which links to follow, which page is what.

Extraction is :func:`metrology_spider.extract.parse_article`; normalisation,
change detection and archiving happen in the item pipelines.

A run is incremental: it reads what ``ARCHIVE_DIR`` holds, does not fetch
archived articles, and stops paging a category once a list page holds only
archived articles (``STOP_AFTER_ARCHIVED_PAGES`` such pages), as lists are newest
first. ``-a full=1`` walks and fetches everything; ``-a refresh=1`` also re-reads
every archived article, so that changes and deletions are recorded.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import scrapy
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Request, Response, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from metrology_spider.archive import ArchiveIndex, run_id
from metrology_spider.collect import fetched_at, first_page
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
from metrology_spider.runs import latest_manifest
from metrology_spider.warc import Capture

DEFAULT_START_URLS = ("http://www.chinajl.com.cn/",)
GONE_STATUSES = (404, 410)


def requested_url(response: Response) -> str:
    """The URL the spider asked for, before any redirect: the article's URL as the
    portal links it, and the key its settlement and retries are kept under."""
    return response.meta.get("redirect_urls", [response.url])[0]


def _flag(value: str | None) -> bool:
    return str(value or "").strip().lower() in ("1", "true", "yes", "on")


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
        self,
        start_urls: str | None = None,
        replay: str | None = None,
        full: str | None = None,
        refresh: str | None = None,
        *args: Any,
        **kwargs: Any,
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
        self.full = _flag(full)
        self.refresh = _flag(refresh)
        self.mode = "full" if self.full else "refresh" if self.refresh else "incremental"
        # An article is its id on its host: a mirror's copy is a record of its own.
        self.seen: set[tuple[str, int]] = set()
        # First-page URLs of the articles this run set out to fetch, and those
        # settled (extracted, not an article, or refused by robots.txt); the
        # rest are retried by the next run (see extensions.RunAccount).
        self.requested: set[str] = set()
        self.settled: set[str] = set()
        self.archive: ArchiveIndex | None = None
        self.retry_urls: list[str] = []
        # Article-shaped URLs whose page is no article (a soft 404, an "about" page):
        # remembered across runs so that an incremental run does not fetch them again.
        self.known_not_articles: set[str] = set()
        self.not_articles: set[str] = set()
        self.stop_after = 1
        self.may_stop_paging = True

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> MetrologySpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        settings = crawler.settings
        archive_dir = Path(settings.get("ARCHIVE_DIR"))
        spider.archive = ArchiveIndex(archive_dir)
        spider.stop_after = max(1, settings.getint("STOP_AFTER_ARCHIVED_PAGES"))
        previous = latest_manifest(archive_dir, before=spider.run_id)
        if previous is not None:
            spider.retry_urls = list(previous.get("retry", []))
            spider.known_not_articles = set(previous.get("not_articles", []))
        # Stopping early is only safe when the last run saw its categories through:
        # after a killed or interrupted run, walk every list page once.
        if previous is not None and previous.get("status") != "finished":
            spider.may_stop_paging = False
            spider.logger.info(
                "The last run (%s) did not finish: walking every list page", previous.get("run")
            )
        if spider.archive.repaired:
            # A torn line means a crash: its article is fetched again, and lists are
            # walked through in case its URL did not survive.
            spider.retry_urls += [u for u in spider.archive.torn_urls if u not in spider.retry_urls]
            spider.may_stop_paging = False
        if spider.full:
            spider.may_stop_paging = False
        spider.logger.info(
            "%s run; the archive holds %d articles in %d records",
            spider.mode.capitalize(),
            len(spider.archive),
            spider.archive.lines,
        )
        return spider

    async def start(self):
        for url in self.start_urls:
            kind = page_kind(url)
            if kind == "article":
                if request := self.article_request(url, again=True):
                    yield request
            else:
                yield Request(url, callback=self.parse_listing, cb_kwargs={"home": kind == "home"})
        for url in self.retry_urls:  # failed or unfinished in an earlier run
            if host_of(url) in self.hosts and (request := self.article_request(url, again=True)):
                self._count("articles_retried")
                yield request
        if self.refresh:
            for key, entry in self.archive.latest.items():
                if (
                    key[0] in self.hosts
                    and not entry.gone
                    and (request := self.article_request(entry.url, again=True))
                ):
                    self._count("articles_refreshed")
                    yield request

    def _count(self, key: str, n: int = 1) -> None:
        self.crawler.stats.inc_value(f"metrology/{key}", n)

    # --- listings ---------------------------------------------------------

    def parse_listing(
        self, response: Response, home: bool = False, archived_pages: int = 0
    ) -> Iterator[Request]:
        if not isinstance(response, TextResponse):
            self._count("pages_not_html")
            self.logger.info("Not an HTML page: %s", response.url)
            return
        self._count("pages_home" if home else "pages_list")
        if home:
            for url in category_links(response.selector, response.url, self.hosts):
                yield Request(url, callback=self.parse_listing)
        links = article_links(response.selector, response.url, self.hosts)
        new = 0
        for url in links:
            if not self.full and self.is_archived(url):
                self._count("articles_already_archived")
                continue
            if not self.full and url in self.known_not_articles:
                self._count("pages_known_not_article")
                continue
            new += 1
            if request := self.article_request(url):
                yield request
        if home or not (url := next_page_url(response.selector, response.url)):
            return
        archived_pages = archived_pages + 1 if links and not new else 0
        if self.may_stop_paging and archived_pages >= self.stop_after:
            self._count("listings_stopped_early")
            self.logger.debug("Stopped paging at %s: only archived articles", response.url)
            return
        yield Request(url, callback=self.parse_listing, cb_kwargs={"archived_pages": archived_pages})

    def archive_urls(self) -> set[str]:
        return {entry.url for entry in self.archive.latest.values()}

    def is_archived(self, url: str) -> bool:
        return (host_of(url), article_id(url)) in self.archive

    def article_request(self, url: str, again: bool = False) -> Request | None:
        """A request for an article's first page, once per run; ``again`` re-reads
        an archived article (a refresh or a retry), with gone-detection."""
        key = (host_of(url), article_id(url))
        if key in self.seen:
            return None
        self.seen.add(key)
        self.requested.add(url)
        return Request(
            url,
            callback=self.parse_article,
            errback=self.article_failed,
            meta={"handle_httpstatus_list": list(GONE_STATUSES)} if again and key in self.archive else {},
        )

    # --- articles -----------------------------------------------------------

    def parse_article(self, response: Response) -> Iterator[Request | Article]:
        if response.status in GONE_STATUSES:
            yield self.gone_record(response)
            return
        article = first_page(response)
        if article is None:
            self._count("pages_not_article")
            self.settled.add(requested_url(response))
            self.not_articles.add(requested_url(response))
            self.logger.info("Not an article page: %s", response.url)
            return
        self._count("pages_article")
        pending = _PendingArticle(
            first=article.replace(url=requested_url(response)),
            pages=article_page_urls(response.selector, response.url),
            count_url=None if article.views is not None else view_count_url(response.selector, response.url),
        )
        yield from self._advance(pending)

    def gone_record(self, response: Response) -> Article:
        """A record saying an archived article now answers 404 or 410."""
        url = requested_url(response)
        self._count("articles_gone")
        self.settled.add(url)
        self.logger.info("Article gone (%d): %s", response.status, url)
        when = fetched_at(response)
        return Article(
            url=url,
            id=article_id(url),
            crawled_at=when,
            warc=response.meta.get("warc_record"),
            gone_at=when,
        )

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
        if not page:
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
        pending = failure.request.cb_kwargs.get("pending")
        url = pending.first.url if pending else failure.request.url
        if failure.check(IgnoreRequest) and not failure.check(HttpError):
            # robots.txt forbids it, or a replay's capture lacks it: not to be retried
            self._count("articles_skipped")
            self.settled.add(url)
            self.logger.info("Article page skipped: %s (%s)", failure.request.url, failure.getErrorMessage())
            return
        self._count("articles_failed")
        self.logger.warning("Article page failed: %s (%s)", failure.request.url, failure.getErrorMessage())
