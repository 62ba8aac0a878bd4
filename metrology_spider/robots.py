"""A second look at robots.txt for requests that reach the downloader.

Scrapy's RobotsTxtMiddleware decides on each request once its robots.txt is
parsed. With ``JOBDIR``, a resumed crawl's first request (restored from the disk
queue) was sometimes let through with no parser in our tests (Scrapy 2.19.0, about
one resume in three), and a path robots.txt forbids was fetched. This middleware, placed right after it, asks the
same parser again and refuses what it forbids; it never fetches robots.txt itself.
"""

from __future__ import annotations

import logging

from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import Request
from scrapy.utils.httpobj import urlparse_cached

logger = logging.getLogger(__name__)


class RobotsRecheckMiddleware:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RobotsRecheckMiddleware:
        if not crawler.settings.getbool("ROBOTSTXT_OBEY"):
            raise NotConfigured
        return cls(crawler)

    def process_request(self, request: Request) -> None:
        if request.meta.get("dont_obey_robotstxt"):
            return
        robots = self.crawler.get_downloader_middleware(RobotsTxtMiddleware)
        parser = robots._parsers.get(urlparse_cached(request).netloc) if robots else None
        if parser is None or not hasattr(parser, "allowed"):
            return  # not parsed yet (or unreadable): Scrapy's middleware has decided
        user_agent = self.crawler.settings.get("ROBOTSTXT_USER_AGENT") or request.headers.get(
            b"User-Agent", self.crawler.settings.get("USER_AGENT")
        )
        if not parser.allowed(request.url, user_agent):
            self.crawler.stats.inc_value("robotstxt/forbidden")
            logger.debug("Forbidden by robots.txt (on a second look): %s", request)
            raise IgnoreRequest("Forbidden by robots.txt")
