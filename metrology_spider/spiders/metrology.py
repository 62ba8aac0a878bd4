"""The spider: navigation only. Which links to follow, which page is what.

An article's pages are put together by
:class:`~metrology_spider.assemble.ArticleAssembly` (the same for the crawl,
replay and re-extraction); the spider fetches what it asks for and yields its
outcome, a record or why there is none, to the item pipelines.

What the archive already holds does not concern the spider: the
:class:`~metrology_spider.middlewares.IncrementalMiddleware` drops requests for
archived articles, stops paging a category once its lists hold only archived
articles, and adds the retries and refreshes a run owes (``-a full=1``,
``-a refresh=1``). Arguments that change how the whole run goes become settings
here, for the middlewares to read: ``-a replay=PATH`` is ``REPLAY``, ``-a full=1``
and ``-a refresh=1`` are ``RUN_MODE``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import scrapy
from scrapy.crawler import Crawler
from scrapy.http import Request, Response, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from metrology_spider.assemble import GONE_STATUSES, ArticleAssembly, Outcome, page_selector, report
from metrology_spider.items import ExtractionFailure
from metrology_spider.navigation import (
    article_link_items,
    category_links,
    entry_links,
    feed_links,
    frame_links,
    host_of,
    link_base,
    next_page_elsewhere,
    next_page_url,
    other_host_articles,
    page_kind,
    postback_pager,
    scripted_pager,
    sub_category_links,
    topic_links,
)
from metrology_spider.readers import PageReaders
from metrology_spider.robots import ForbiddenByRobots
from metrology_spider.signals import list_page_failed
from metrology_spider.warc import LostInCapture, NotInCapture, capture_start_urls

DEFAULT_START_URLS = ("http://www.chinajl.com.cn/",)


def _flag(value: str | None) -> bool:
    return str(value or "").strip().lower() in ("1", "true", "yes", "on")


def requested_url(response: Response) -> str:
    """The URL the spider asked for, before any redirect: the article's URL as the
    portal links it, and the key its settlement and retries are kept under."""
    return response.meta.get("redirect_urls", [response.url])[0]


class MetrologySpider(scrapy.Spider):
    name = "metrology"
    readers: PageReaders | None = None  # (made by from_crawler)

    def __init__(self, start_urls: str | None = None, *args: Any, **kwargs: Any) -> None:
        kwargs.pop("replay", None)
        kwargs.pop("full", None)
        kwargs.pop("refresh", None)
        super().__init__(*args, **kwargs)
        urls = [u.strip() for u in (start_urls or "").split(",") if u.strip()]
        self.start_urls = urls or list(DEFAULT_START_URLS)
        self._set_hosts()

    def _set_hosts(self) -> None:
        # The crawl stays on the hosts (with their ports) of its start URLs.
        self.hosts = frozenset(host_of(u) for u in self.start_urls)
        self.allowed_domains = sorted({urlsplit(u).hostname for u in self.start_urls})

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> MetrologySpider:
        settings = crawler.settings
        # Run-wide arguments become settings, before the components read them.
        if kwargs.get("replay"):
            settings.set("REPLAY", kwargs["replay"], priority="spider")
        if _flag(kwargs.get("full")):
            settings.set("RUN_MODE", "full", priority="spider")
        elif _flag(kwargs.get("refresh")):
            settings.set("RUN_MODE", "refresh", priority="spider")
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.readers = PageReaders.from_crawler(crawler)
        # A replay starts where the captured crawl started, unless told otherwise.
        if not kwargs.get("start_urls") and settings.get("REPLAY"):
            spider.start_urls = capture_start_urls([settings.get("REPLAY")]) or spider.start_urls
            spider._set_hosts()
        return spider

    async def start(self):
        for url in self.start_urls:
            kind = page_kind(url)
            if kind == "article":
                if request := self.article_request(url, again=True):
                    yield request
            else:
                yield self._list(url, cb_kwargs={"home": kind == "home"}, meta={"start_page": True})

    def _count(self, key: str, n: int = 1) -> None:
        self.crawler.stats.inc_value(f"metrology/{key}", n)

    def parse(self, response: Response, **kwargs: Any):
        """Any page, by its kind (for ``scrapy parse``)."""
        kind = page_kind(response.url)
        if kind == "article":
            return self.parse_article(response)
        return self.parse_listing(response, home=kind == "home")

    # --- listings ---------------------------------------------------------

    def parse_listing(self, response: Response, home: bool = False, at_article_url: bool = False) -> Iterator[Request]:
        """A home page's categories (and a category's first page, the lists below it,
        one level down), a list page's articles and its next list page (marked
        ``next_list_page``: the incremental middleware may stop there); a home page without
        categories is walked as a list. A start page that leads nowhere, and a pager that
        posts a form, are said in a WARNING. ``at_article_url``: a list at a URL shaped as
        an article's, asked for as one (:meth:`list_request`)."""
        if not isinstance(response, TextResponse):
            self._count("pages_not_html")
            self.logger.info("Not an HTML page: %s", response.url)
            return
        if (feed := feed_links(response.text, response.url)) is not None:
            yield from self._walk_feed(response.url, *feed)
            return
        self._count("pages_home" if home else "pages_list")
        if at_article_url:
            self._count("lists_at_article_urls")
        selector = page_selector(response)  # parsed as article pages are (lxml's plain parser)
        base = link_base(selector, response.url)
        categories = category_links(selector, base, self.hosts) if home else []
        for url in categories:
            yield self._list(url, meta={"category": True})
        lists = set(categories)  # (walked as lists: not asked for as articles too)
        if response.meta.get("category"):
            # A category's first page may hold the lists of its own categories (one level).
            for url in sub_category_links(selector, base, self.hosts):
                lists.add(url)
                yield self._list(url)
        if not home:
            # A topic (专题) listed among the articles is a list of its own, with its own lists.
            for url in topic_links(selector, base, self.hosts):
                lists.add(url)
                yield self._list(url, meta={"category": True})
        else:
            # An e-paper's home (its first page, where its front page redirects): its other
            # pages (第03版：要闻) are the lists of their stories.
            for url in topic_links(selector, base, self.hosts, editions_only=True):
                if url not in lists:
                    lists.add(url)
                    yield self._list(url)
        articles = [(url, listed) for url, listed in article_link_items(selector, base, self.hosts) if url not in lists]
        self._count("article_links", len(articles))
        for url, listed in articles:
            if request := self.article_request(url, listed=listed):
                yield request
        if elsewhere := other_host_articles(selector, base, self.hosts):
            # (a list written with the site's other host name, www. or not, or its m. mirror's)
            self._count("article_links_other_hosts", len(elsewhere))
            self.logger.info(
                "The list page %s links %d articles on another host of the site, not followed (add the host to start_urls to archive them): %s",
                response.url, len(elsewhere), " ".join(elsewhere[:3]),
            )  # fmt: skip
        if home and not categories and not articles and (frames := frame_links(selector, base, self.hosts)):
            # A <frameset> (an old site's menu and news in frames): its frames are the home.
            self._count("start_pages_framed")
            self.logger.info("The start page %s is a frameset: its frames %s are read as the home page", response.url, frames)
            for url in frames:
                yield self._list(url, cb_kwargs={"home": True}, meta={"frame": True})
            return
        if home and not categories and not articles and not lists and not response.meta.get("entry") and (
            entries := entry_links(selector, base, self.hosts)
        ):
            # A splash page (an e-paper's 进入电子版): the list pages it links are the home.
            self._count("start_pages_entries")
            self.logger.info("The start page %s gives no category or article: the list pages it links, %s, are read as the home page", response.url, entries)
            for url in entries:
                yield self._list(url, cb_kwargs={"home": True}, meta={"entry": True})
            return
        if home and not categories and not articles and not lists and not response.meta.get("frame"):  # (a banner's frame)
            # Nothing to go on: links this spider does not know (a script's data, a form).
            self._count("start_pages_without_links")
            self.logger.warning("No category and no article link on the start page %s", response.url)
        elif not home and not articles and not lists and response.meta.get("start_page") and (
            categories := category_links(selector, base, self.hosts)
        ):
            # A start page that lists no article but the site's categories (a 网站地图): they
            # are walked, as a home page's are.
            self._count("start_pages_site_maps")
            self.logger.info("The start page %s gives no article link: its %d category links are walked, as a home page's", response.url, len(categories))
            for url in categories:
                yield self._list(url, meta={"category": True})
            return
        elif not home and not articles and not lists and not response.meta.get("frame") and (
            frames := frame_links(selector, base, self.hosts, iframes=True)
        ):
            # A column's page that is a frameset, or holds its list in an <iframe> (an old
            # government site's): its frames are walked as the list.
            self._count("lists_framed")
            self.logger.info("The list page %s shows its list in frames: %s are walked as lists", response.url, frames)
            for url in frames:
                yield self._list(url, meta={"frame": True})
            return
        elif not home and not articles and len(lists) == len(categories) and response.meta.get("frame"):
            self.logger.info("The frame %s gives no article link (a menu's, a banner's)", response.url)
            return
        elif not home and not articles and len(lists) == len(categories):
            # A list page that leads to no article (nor to lists of its own): its links are of
            # a shape this spider does not take for articles' (a few items of an unknown CMS).
            self._count("lists_without_articles")
            self.logger.warning("The list page %s gives no article link: read as an article too", response.url)
            # (a post a home page's card links as if it were a category, an Astro theme's block-link
            # card: the lists that present it as an article come after it, asked for already)
            # (asked for as a list already: not filtered as a duplicate; one archived, or known to be
            # no article, is not asked for again by later runs)
            if request := self.article_request(response.url, listed=False):
                yield request.replace(dont_filter=True)
            # Its pager, if any, is the article's (a TRS article in a folder of its own:
            # t88110/index.html, its pages index_1.html, index_2.html): read with it, not walked
            # as a list's next pages (each would be read as an article of its own).
            return
        # A home page that pages (a blog's) is a list too: its pages are walked, its menu's
        # categories or not (a post in no category is listed there only: Hexo's). A pager
        # that cannot be followed is said of a list, or of a home that is the site's one list.
        if url := next_page_url(selector, base):
            yield Request(
                url, callback=self.parse_listing, errback=self.next_page_failed, meta={"next_list_page": True, "list_page": response.url}
            )
        elif next_elsewhere := next_page_elsewhere(selector, base, self.hosts):
            self._count("lists_next_page_other_host")
            self.logger.warning(
                "The next list page %s (of %s) is on another host: the list's later pages are not walked (add the host to start_urls to walk them)",
                next_elsewhere, response.url,
            )  # fmt: skip
        elif not home or not categories:
            if postback_pager(selector):
                # Its next pages are a form's POST (ASP.NET's __doPostBack): not followed, said.
                self._count("lists_postback_pager")
                self.logger.warning("The list page %s pages by posting a form: its next pages are not followed", response.url)
            elif scripted_pager(selector):
                # Page numbers without links (a script's pager: Element UI's el-pager): said.
                self._count("lists_scripted_pager")
                self.logger.warning("The list page %s pages by script (page numbers without links, or a 下一页 leading nowhere): its next pages are not followed", response.url)

    def _walk_feed(self, url: str, sitemaps: list[str], pages: list[str]) -> Iterator[Request]:
        """An XML sitemap or a feed (a start URL, or a sitemap a sitemap index names): the
        sitemaps it names, walked; the pages it lists that are shaped as articles', asked for as
        articles (listed: a page that cannot be read is a failure); its other pages (categories,
        tags) are not followed."""
        articles = [page for page in pages if page_kind(page) == "article"]
        self._count("feeds")
        self._count("feed_article_links", len(articles))
        if not sitemaps and not articles:
            self._count("feeds_without_articles")
            self.logger.warning("The sitemap or feed %s lists no article page (%d other pages, not followed)", url, len(pages))
        else:
            self.logger.info(
                "The sitemap or feed %s lists %d sitemaps and %d article pages (%d other pages, not followed)",
                url, len(sitemaps), len(articles), len(pages) - len(articles),
            )  # fmt: skip
        for sitemap in sitemaps:
            yield self._list(sitemap)
        for page in articles:
            if request := self.article_request(page):
                yield request

    def list_failed(self, failure: Failure) -> None:
        """A start page, a category's or a frame's page could not be had (robots.txt forbids a
        whole column, a 404 where the menu points): the articles it lists are not walked, said
        loudly (Scrapy says a refusal by robots.txt at DEBUG only, a 404 at INFO)."""
        request = failure.request
        why = f"HTTP {failure.value.response.status}" if failure.check(HttpError) else failure.getErrorMessage() or failure.type.__name__
        self._count("lists_failed")
        self.logger.warning("The list page %s could not be had (%s): the articles it lists are not walked", request.url, why)
        if not failure.check(ForbiddenByRobots):  # (asking again cannot help)
            self.crawler.signals.send_catch_log(signal=list_page_failed, url=request.url)

    def next_page_failed(self, failure: Failure) -> None:
        """A list's next page could not be had (a 404 where the pager said a page is, a
        pager read the wrong way): the list's later pages are not walked, said loudly."""
        request = failure.request
        why = f"HTTP {failure.value.response.status}" if failure.check(HttpError) else failure.getErrorMessage() or failure.type.__name__
        self._count("lists_next_page_failed")
        if not failure.check(ForbiddenByRobots):
            self.crawler.signals.send_catch_log(signal=list_page_failed, url=request.url)
        self.logger.warning(
            "The next list page %s (of %s) could not be had (%s): the list's later pages are not walked",
            request.url, request.meta.get("list_page"), why,
        )  # fmt: skip

    def list_request(self, url: str) -> Request:
        """A request for a list page at a URL shaped as an article's, known as a list
        from an earlier run (the archive's state says which)."""
        return self._list(url, cb_kwargs={"at_article_url": True})

    def _list(self, url: str, **kwargs: Any) -> Request:
        """A request for a list's (or a home's, a frame's, a sitemap's) page, said loudly when
        it cannot be had (:meth:`list_failed`)."""
        return Request(url, callback=self.parse_listing, errback=self.list_failed, **kwargs)

    def article_request(self, url: str, again: bool = False, listed: bool = True) -> Request | None:
        """A request for an article's first page (None off the crawl's hosts);
        ``again`` re-reads an article that may be archived (a refresh, a retry).
        ``listed``: a list presents it as an article (or it was one before, or the
        user named it), so a page without a readable article is a failure to report
        and retry, not "not an article" (see :func:`~metrology_spider.navigation.article_link_items`)."""
        if host_of(url) not in self.hosts:
            return None
        return Request(
            url,
            callback=self.parse_article,
            errback=self.article_failed,
            cb_kwargs={"assembly": ArticleAssembly(url, listed=listed)},
            # 404 and 410 reach the assembly: a record saying gone, if the archive holds the article.
            meta={"article": url, "again": again, "handle_httpstatus_list": list(GONE_STATUSES)},
            dont_filter=again,
        )

    # --- articles -----------------------------------------------------------

    async def parse_article(self, response: Response, assembly: ArticleAssembly | None = None):
        """A page of an article for its assembly: read by an extraction process when the
        crawl has one (metrology_spider/readers.py), else by the assembly itself."""
        assembly = assembly or ArticleAssembly(requested_url(response))
        reading = None
        if self.readers is not None and assembly.wants_page:
            reading = await self.readers.read(response, first=assembly.wants_first_page)
        assembly.add(response, reading)
        if isinstance(assembly.outcome, ExtractionFailure) and assembly.outcome.lists:
            # No article, but a list of them (a category's page at a URL shaped as an
            # article's): walked as a list; the page is remembered as one.
            self.logger.info("Not an article page but a list, walked as one: %s", response.url)
            for request in self.parse_listing(response, at_article_url=True):
                yield request
        for outcome in self._advance(assembly):
            yield outcome

    def article_failed(self, failure: Failure):
        assembly: ArticleAssembly = failure.request.cb_kwargs["assembly"]
        if failure.check(LostInCapture):
            assembly.fail(failure.getErrorMessage(), lost=True)
        elif failure.check(ForbiddenByRobots, NotInCapture):
            # Asking again cannot help. Other refusals (a redirect loop, a redirect off the
            # crawl's hosts, a body past DOWNLOAD_MAXSIZE once decompressed) are the portal's
            # faults of the day: their article fails and is retried by the next run.
            refused = failure.check(ForbiddenByRobots) is not None
            assembly.fail(failure.getErrorMessage(), retry=False, refused=refused)
        elif failure.check(HttpError):
            status = failure.value.response.status
            assembly.fail(f"HTTP {status}", status=status)
        else:
            assembly.fail(failure.getErrorMessage() or failure.type.__name__)
        yield from self._advance(assembly)

    def _advance(self, assembly: ArticleAssembly) -> Iterator[Request | Outcome]:
        """Fetch the next page the article needs, or yield its outcome."""
        if assembly.need is None:
            report(assembly, self.crawler)
            yield assembly.outcome
        elif host_of(assembly.need) not in self.hosts:
            assembly.fail("off the crawl's hosts", retry=False)
            yield from self._advance(assembly)
        else:
            yield Request(
                assembly.need,
                callback=self.parse_article,
                errback=self.article_failed,
                cb_kwargs={"assembly": assembly},
                dont_filter=True,  # the assembly asks for each page once
            )
