"""robots.txt as RFC 9309 reads it, and a second look for requests that reach the downloader.

:class:`StrictRobotsTxtMiddleware` is Scrapy's RobotsTxtMiddleware except where
robots.txt cannot be read: Scrapy then allows everything; RFC 9309 (2.3.1.4) says
a server error or no answer means "disallow all", until it can be read. So does
this middleware, for the rest of the run, with a WARNING and the stat
``metrology/robots_unreadable``; the next run asks again. (A robots.txt that
answers 4xx allows everything, as the RFC says; a replayed capture that lacks it
is no error of the server's.)

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
from scrapy.http import Request, Response
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
            raise ForbiddenByRobots("Forbidden by robots.txt")


class ForbiddenByRobots(IgnoreRequest):
    """A request robots.txt forbids: asking again cannot help."""


class _DisallowAll:
    """The parser of a robots.txt that could not be read."""

    def allowed(self, url: str, user_agent) -> bool:
        return False


class StrictRobotsTxtMiddleware(RobotsTxtMiddleware):
    def process_request_2(self, rp, request: Request) -> None:
        try:
            super().process_request_2(rp, request)
        except IgnoreRequest as exc:  # Scrapy's refusal, as a type the spider can tell apart
            raise ForbiddenByRobots(*exc.args) from None

    async def _parse_robots(self, response: Response, netloc: str, request: Request) -> None:
        if response.status >= 500:
            self._unreadable(netloc, f"it answered {response.status}")
            return
        await super()._parse_robots(response, netloc, request)

    def _robots_error(self, exc: Exception, netloc: str) -> None:
        if isinstance(exc, IgnoreRequest):
            super()._robots_error(exc, netloc)  # refused or not in a replayed capture
            return
        self._unreadable(netloc, f"it could not be fetched ({type(exc).__name__})")

    def _unreadable(self, netloc: str, why: str) -> None:
        logger.warning("robots.txt of %s cannot be read: %s; nothing there is fetched in this run", netloc, why)
        self._stats.inc_value("metrology/robots_unreadable")
        waiting = self._parsers[netloc]
        self._parsers[netloc] = _DisallowAll()
        waiting.callback(self._parsers[netloc])
