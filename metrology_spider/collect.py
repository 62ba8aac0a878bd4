"""One article from its pages, when the pages can be had at once (a capture, saved
files): the synchronous twin of the spider's request chain, for re-extraction and tests."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime

from scrapy.http import Response, TextResponse

from metrology_spider.extract import assemble_article, parse_article, parse_view_count
from metrology_spider.items import Article
from metrology_spider.navigation import article_page_urls, view_count_url

logger = logging.getLogger(__name__)

Fetch = Callable[[str], Response | None]


def fetched_at(response: Response) -> datetime:
    """When the response was fetched: as its capture says, else now."""
    meta = response.meta if response.request is not None else {}
    return meta.get("fetched_at") or datetime.now(UTC)


def first_page(response: Response) -> Article | None:
    """The article on a first page, stamped with its fetch time and WARC record."""
    if not isinstance(response, TextResponse):
        return None
    article = parse_article(response.selector, response.url)
    if not article:
        return None
    meta = response.meta if response.request is not None else {}
    return article.replace(crawled_at=fetched_at(response), warc=meta.get("warc_record"))


def collect_article(url: str, fetch: Fetch) -> Article | None:
    """The whole article at ``url``, its other pages and script-written view count
    fetched with ``fetch``; None when it is not an article or a page is missing."""
    response = fetch(url)
    if response is None or (first := first_page(response)) is None:
        return None
    pages: list[Article] = []
    pending = article_page_urls(response.selector, response.url)
    while pending:
        page_url = pending.pop(0)
        page_response = fetch(page_url)
        page = (
            parse_article(page_response.selector, page_url)
            if isinstance(page_response, TextResponse)
            else None
        )
        if not page:
            logger.warning("Dropped article %s: its page %s is missing or not an article", url, page_url)
            return None
        pages.append(page)
        known = {p.url for p in pages} | set(pending)
        pending += [u for u in article_page_urls(page_response.selector, page_url) if u not in known]
    views = first.views
    if views is None and (count_url := view_count_url(response.selector, response.url)):
        count = fetch(count_url)
        views = parse_view_count(count.text) if isinstance(count, TextResponse) else None
    return assemble_article(first, pages, views)
