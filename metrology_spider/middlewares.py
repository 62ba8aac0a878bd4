"""Middlewares of our own.

:class:`IncrementalMiddleware` decides what a run fetches given what the archive
holds: a spider middleware (the
scrapy-deltafetch pattern, which Scrapy 2.16+ no longer runs), asking the archive's
state (:class:`~metrology_spider.state.ArchiveState`).

- An incremental run does not fetch archived articles, nor article-shaped URLs an
  earlier run found to be no article; lists are newest first, so once
  ``STOP_AFTER_ARCHIVED_PAGES`` list pages in a row hold only archived articles,
  it stops paging that category (unless the last run did not finish, or a torn
  line was repaired: then every list page is walked once).
- Every run first fetches what the last one left to retry, wherever it stands.
- Every run looks again at the archived articles that answered 404 or 410 and are
  not marked gone yet.
- ``RUN_MODE=full`` (``-a full=1``) fetches everything; ``refresh`` also re-reads
  every archived article, gone ones too.
- Within a run, an article (its id on its host) is requested once.

:class:`BusyPageRetryMiddleware` fetches again a page that answers "busy" or nothing.

:class:`CharsetMiddleware` reads a page in the charset its ``<meta>`` declares
when the ``Content-Type`` header names another that cannot be right, and a page
that declares none anywhere as GB18030 when its bytes are not UTF-8.

:class:`TruncatedPageMiddleware` fetches again a page whose connection closed
before its end, and flags it ``truncated`` when it never comes whole.

:class:`StayOnHostsMiddleware` refuses any request off the crawl's hosts and ports,
redirects included (Scrapy's offsite check looks at domains, not ports, and lets
``dont_filter`` requests through).
"""

from __future__ import annotations

import logging
import re
from collections.abc import AsyncIterator
from urllib.parse import urljoin, urlsplit

from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.retry import get_retry_request
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import HtmlResponse, Request, Response, TextResponse
from w3lib.encoding import html_body_declared_encoding, http_content_type_encoding, read_bom

from metrology_spider.navigation import host_of
from metrology_spider.state import ArchiveState
from metrology_spider.textmatch import LazyPattern, tolerant

logger = logging.getLogger(__name__)


_DIGIT_RE = re.compile(r"\d")


class IncrementalMiddleware:
    def __init__(self, crawler: Crawler, state: ArchiveState) -> None:
        self.crawler = crawler
        self.state = state
        self.stop_after = max(1, crawler.settings.getint("STOP_AFTER_ARCHIVED_PAGES"))
        self.full = state.mode == "full"
        self.seen: set[tuple] = set()  # (host, id), or (host, id, script) for an id in the query

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> IncrementalMiddleware:
        state = crawler.get_extension(ArchiveState)
        if state is None:
            raise NotConfigured  # the archive is off: fetch what the spider asks for
        return cls(crawler, state)

    def _count(self, key: str) -> None:
        self.crawler.stats.inc_value(f"metrology/{key}")

    def _first_time(self, url: str) -> bool:
        key = self.state.article_key(url)
        parts = urlsplit(url)
        if parts.query and not _DIGIT_RE.search(parts.path.rsplit("/", 1)[-1]) and not _DEDE_VIEW_RE.search(parts.path):
            # An id in the query is its script's (MetInfo's news/shownews.php?id=12 and
            # product/showproduct.php?id=12 are two pages): one request per script and id.
            # (Not DedeCMS's view.php?aid=106: the article its /slug/106.html is.)
            key = (*key, parts.path)
        if key in self.seen:
            return False
        self.seen.add(key)
        return True

    async def process_start(self, start: AsyncIterator) -> AsyncIterator:
        async for item in start:
            if not isinstance(item, Request) or "article" not in item.meta or self._first_time(item.url):
                yield item
        spider = self.crawler.spider
        if not hasattr(spider, "article_request"):
            return  # re-extraction: it reads captures, it fetches nothing
        # Failed or unfinished in an earlier run; beyond MAX_RETRIES_PER_RUN they wait
        # for a later run (and stay on the retry list).
        budget = self.crawler.settings.getint("MAX_RETRIES_PER_RUN")
        for url in self.state.retry_urls:
            if budget <= 0:
                break
            if self._first_time(url) and (request := spider.article_request(url, again=True)):
                budget -= 1
                self._count("articles_retried")
                yield request
        # Archived articles that answered 404 or 410 once: looked at again, for the evidence.
        for url in self.state.missing_urls():
            if self._first_time(url) and (request := spider.article_request(url, again=True)):
                self._count("articles_rechecked")
                yield request
        if self.state.mode == "refresh":
            for url in self.state.refresh_urls():
                if self._first_time(url) and (request := spider.article_request(url, again=True)):
                    self._count("articles_refreshed")
                    yield request

    async def process_spider_output(self, response: Response, result: AsyncIterator) -> AsyncIterator:
        links = new = 0
        async for item in result:
            if not isinstance(item, Request):
                yield item
            elif "article" in item.meta and not item.meta.get("again") and item.url == item.meta["article"]:
                links += 1
                if not self.full and self.state.is_archived(item.url):
                    self._count("articles_already_archived")
                    self.state.linked_archived(item.url)
                    continue
                if not self.full and self.state.is_known_not_article(item.url):
                    self._count("pages_known_not_article")
                    continue
                if not self.full and self.state.is_known_list_page(item.url):
                    yield self.crawler.spider.list_request(item.url)  # (a category's page: walked, not read)
                    continue
                # (A link failing since an earlier run, asked for again at the start, is nothing
                # new: a dead link in every list page's footer would walk every list page.)
                new += not self.state.is_retried(item.url)
                # (or asked for anew: a list page without article links read as an article, its
                # URL perhaps linked as an article already, that link dropped as the list's duplicate)
                # (or an article this run marked gone at its old URL, the site linking it anew)
                if self._first_time(item.url) or item.dont_filter or self.state.gone_elsewhere(item.url):
                    yield item
            elif item.meta.get("next_list_page"):
                archived_pages = response.meta.get("archived_pages", 0) + 1 if links and not new else 0
                if self.state.may_stop_paging and archived_pages >= self.stop_after:
                    self._count("listings_stopped_early")
                    logger.debug("Stopped paging at %s: only archived articles", response.url)
                    continue
                item.meta["archived_pages"] = archived_pages
                yield item
            else:
                yield item


# A page that says the server is busy, or says nothing: worth another try.
_BUSY_RE = LazyPattern(tolerant("系统繁忙", "服务器繁忙", "请稍后再试", "请稍后重试", "访问过于频繁"))


class BusyPageRetryMiddleware:
    """Downloader middleware: a page that answers 200 with an empty body or a short
    "busy" notice (``系统繁忙，请稍后再试``) is fetched again, up to ``RETRY_TIMES``
    times, as Scrapy retries a 503 (the retry waits its turn in the scheduler,
    behind ``DOWNLOAD_DELAY``); only then does it count as what it is. Counted as
    ``retry/reason_count/busy page``. robots.txt may be empty: it is left alone."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.max_size = crawler.settings.getint("BUSY_PAGE_MAX_BYTES")

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> BusyPageRetryMiddleware:
        if not crawler.settings.getbool("RETRY_ENABLED"):
            raise NotConfigured
        return cls(crawler)

    def is_busy(self, response: Response) -> bool:
        if response.status != 200 or response.url.endswith("/robots.txt"):
            return False
        body = response.body
        if not body.strip():
            return True
        return len(body) <= self.max_size and isinstance(response, TextResponse) and bool(_BUSY_RE.search(response.text))

    def process_response(self, request: Request, response: Response) -> Request | Response:
        if request.meta.get("dont_retry") or not self.is_busy(response):
            return response
        logger.info("Busy or empty page, to be fetched again: %s", response.url)
        retry = get_retry_request(request, spider=self.crawler.spider, reason="busy page")
        return retry or response


def cut_short(response: Response) -> bool:
    """Whether an HTML page sent without a length (no ``Content-Length``, not chunked:
    its end is the connection's close, which Scrapy flags ``partial``) lost its end:
    neither ``</body>`` nor ``</html>`` in its last 4 KiB. (A body that is short of its
    ``Content-Length`` or its last chunk fails the download itself: DOWNLOAD_FAIL_ON_DATALOSS.)"""
    if "partial" not in response.flags or not isinstance(response, HtmlResponse) or not 200 <= response.status < 300:
        return False  # (an error's page, a robots.txt 404 from an old IIS over HTTP/1.0: no page of ours)
    tail = response.body[-4096:].lower()
    return b"</body" not in tail and b"</html" not in tail


class TruncatedPageMiddleware:
    """Downloader middleware: a page cut short (see :func:`cut_short`) is fetched again,
    up to ``RETRY_TIMES`` times (``retry/reason_count/cut short``); when it is still cut
    it goes on flagged ``truncated``, and its article fails (retried by the next run),
    never archived cut. Each is counted (``metrology/pages_cut_short``) and named in a
    WARNING."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> TruncatedPageMiddleware:
        return cls(crawler)

    def process_response(self, request: Request, response: Response) -> Request | Response:
        if not cut_short(response):
            return response
        self.crawler.stats.inc_value("metrology/pages_cut_short")
        retry = None if request.meta.get("dont_retry") else get_retry_request(
            request, spider=self.crawler.spider, reason="cut short"
        )
        if retry is not None:
            logger.warning("Page cut short (%d bytes, the connection closed before its end), to be fetched again: %s",
                           len(response.body), response.url)  # fmt: skip
            return retry
        logger.warning("Page cut short (%d bytes, the connection closed before its end) on every try: %s",
                       len(response.body), response.url)  # fmt: skip
        return response.replace(flags=[*response.flags, "truncated"])


class RedirectLoopMiddleware:
    """Downloader middleware, just before Scrapy's RedirectMiddleware (600): a redirect
    to a URL the request has already been through is a loop. Scrapy's duplicate filter
    would drop it without a word (the article neither archived nor failed); here it is
    refused with a WARNING naming it (``metrology/redirect_loops``), and its article
    fails and is retried by the next run."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RedirectLoopMiddleware:
        return cls(crawler)

    def process_response(self, request: Request, response: Response) -> Response:
        location = response.headers.get(b"Location")
        if not 300 <= response.status < 400 or not location:
            return response
        target = urljoin(request.url, location.decode("latin-1"))
        been = [*request.meta.get("redirect_urls", []), request.url]
        if target not in been:
            return response
        self.crawler.stats.inc_value("metrology/redirect_loops")
        logger.warning("Redirect loop: %s leads back to %s", request.url, target)
        raise IgnoreRequest(f"redirect loop: {' -> '.join([*been, target])}")


class StayOnHostsMiddleware:
    """Downloader middleware: a request found on a page (a link, a redirect) to a host
    (or port) other than those of the spider's start URLs is refused, with a line naming it and the stat
    ``metrology/offsite_refused``: a redirect to another host or port, a counter
    script elsewhere, a link that slipped through. robots.txt requests are the
    robots middleware's own and pass."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StayOnHostsMiddleware:
        return cls(crawler)

    def process_request(self, request: Request) -> None:
        hosts = getattr(self.crawler.spider, "hosts", None)
        if not hosts or request.meta.get("dont_obey_robotstxt") or host_of(request.url) in hosts:
            return
        if not request.meta.get("depth") and "redirect_urls" not in request.meta:
            return  # asked for by name (the start URLs, `scrapy fetch URL`), not found on a page
        self.crawler.stats.inc_value("metrology/offsite_refused")
        came_from = request.meta.get("redirect_urls", [None])[0]
        logger.warning(
            "Refused %s: off the crawl's hosts%s", request.url, f" (redirected from {came_from})" if came_from else ""
        )
        raise IgnoreRequest(f"off the crawl's hosts: {request.url}")


# A <meta>'s charset, or an XML declaration's encoding (an XHTML page's <?xml version="1.0" encoding="gb2312"?>).
_META_CHARSET_RE = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_\-]{2,20})|^\s*<\?xml[^>]{0,100}?encoding\s*=\s*["']([A-Za-z0-9_\-]{2,20})""",
    re.I,
)
_HEADER_CHARSET_RE = re.compile(r"charset\s*=\s*[\"']?\s*([A-Za-z0-9_\-]+)", re.I)
# What browsers (and the WHATWG encoding standard) read these labels as.
_CODECS = {
    "gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb18030": "gb18030", "utf8": "utf-8",
    "big5": "big5hkscs", "big5-hkscs": "big5hkscs", "cn-big5": "big5hkscs", "x-x-big5": "big5hkscs",
}  # fmt: skip


def _codec(label: str) -> str:
    label = label.lower()
    return _CODECS.get(label, label)


_DEDE_VIEW_RE = re.compile(r"/(?:plus|m|wap)/view\.php$")


class CharsetMiddleware:
    """Downloader middleware: when the ``Content-Type`` header names one charset and
    the page's ``<meta>`` another, and the page's bytes are valid in the ``<meta>``'s,
    the page is read in that (a GBK page sent as ``utf-8`` or ``iso-8859-1``, a
    Simplified page sent as ``big5``). Scrapy otherwise believes the header and reads
    mojibake, which extraction takes for a page without an article. Counted as
    ``metrology/charset_from_meta``, with a line naming the URL.

    A page whose header, ``<meta>`` and byte order mark declare no charset, and whose
    bytes are not UTF-8, is read as GB18030, as Chinese browsers read it: Scrapy would
    guess among its codecs (``ptcp154`` for a GBK forum page) and archive mojibake as
    text. Counted as ``metrology/charset_guessed``, with a line naming the URL."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CharsetMiddleware:
        return cls(crawler)

    def process_response(self, request: Request, response: Response) -> Response:
        if read_as := meta_charset(response):
            self.crawler.stats.inc_value("metrology/charset_from_meta")
            logger.info("%s: read as %s, as its <meta> (or XML declaration) says (the header says otherwise)", response.url, read_as)
        elif read_as := misdeclared_charset(response):
            self.crawler.stats.inc_value("metrology/charset_misdeclared")
            logger.info("%s: read as %s: its bytes are not in the charset its page declares", response.url, read_as)
        elif read_as := undeclared_charset(response):
            self.crawler.stats.inc_value("metrology/charset_guessed")
            if http_content_type_encoding(response.headers.get(b"Content-Type", b"").decode("latin-1")):
                logger.info("%s: read as %s: its bytes are not in the charset its header names", response.url, read_as)
            else:
                logger.info("%s: read as %s: no charset declared, and its bytes are not UTF-8", response.url, read_as)
        else:
            return response
        return response.replace(encoding=read_as)


def misdeclared_charset(response: Response) -> str | None:
    """What an HTML page's bytes are in, where its ``<meta>`` (or an XML declaration)
    declares what they are not, and no header names a Chinese charset: ``gb18030`` for
    bytes that are no UTF-8 on a page that says ``utf-8`` (an old GBK page re-templated),
    ``utf-8`` for bytes that are UTF-8 on a page that says ``gb2312`` (text saved as UTF-8
    under an old template's ``<meta>``: GBK would read them as mojibake); else None."""
    if not isinstance(response, HtmlResponse) or response.body.isascii() or read_bom(response.body)[0]:
        return None
    header = http_content_type_encoding(response.headers.get(b"Content-Type", b"").decode("latin-1"))
    if header and (said := _codec(header)) not in _WESTERN and said != "utf-8":
        return None  # (a header naming a Chinese charset: meta_charset weighs the two)
    declared = html_body_declared_encoding(response.body)
    if not declared:
        return None
    codec = _codec(declared)
    if codec in ("utf-8", "utf8"):
        return "gb18030" if not _mostly_in(response.body, "utf-8") and _reads_as_chinese(response.body) else None
    if codec == "gb18030" and _is_utf8(response.body):
        return "utf-8"  # (multibyte UTF-8 throughout: no GBK text is that by chance)
    return None


def _is_utf8(body: bytes) -> bool:
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _mostly_in(body: bytes, codec: str) -> bool:
    """The bytes are text in ``codec`` but for a stray byte or two (a side box's headline cut in
    the middle of a character by a byte-counting substr(): 任\\xCE...): at most two bytes that are
    not (or one in 2,000 characters), among ten times as many characters beyond ASCII that are."""
    try:
        text = body.decode(codec, errors="replace")
    except LookupError:
        return False
    bad = text.count("\ufffd")
    return bad <= max(2, len(text) // 2000) and sum(1 for c in text if ord(c) > 127) - bad >= 10 * bad


def _reads_as_chinese(body: bytes) -> bool:
    """The bytes read as GB18030 (a stray byte or two aside) are mostly Chinese (not another
    charset's bytes)."""
    if not _mostly_in(body, "gb18030"):
        return False
    text = body.decode("gb18030", errors="replace")
    others = [c for c in text if ord(c) > 127 and c != "\ufffd"]
    chinese = sum(1 for c in others if "\u4e00" <= c <= "\u9fff" or "\u3000" <= c <= "\u303f" or "\uff00" <= c <= "\uffef")
    return bool(others) and chinese >= 0.8 * len(others)


def undeclared_charset(response: Response) -> str | None:
    """``gb18030`` for an HTML page whose header, ``<meta>`` (or XML declaration) and
    byte order mark declare no charset and whose bytes are not UTF-8; else None.

    Where only the header declares one and the bytes say otherwise (a Java server's
    default ``iso-8859-1`` for a GBK page, ``utf-8`` for bytes that are not): ``utf-8``
    for bytes that are UTF-8 sent as Latin-1, ``gb18030`` for bytes that are GB18030
    and read as Chinese."""
    if not isinstance(response, HtmlResponse) or response.body.isascii():
        return None
    if read_bom(response.body)[0] or html_body_declared_encoding(response.body):
        return None
    body = response.body
    header = http_content_type_encoding(response.headers.get(b"Content-Type", b"").decode("latin-1"))
    said = _codec(header) if header else None
    if said is not None and said not in _WESTERN and said != "utf-8":
        return None  # (a header naming a Chinese or other charset is believed)
    if _is_utf8(body):
        return "utf-8" if said in _WESTERN else None
    if _mostly_in(body, "utf-8"):
        return "utf-8"  # (UTF-8 but for a stray byte: no GBK text is that by chance)
    if said is None:
        return "gb18030"
    return "gb18030" if _reads_as_chinese(body) else None


# The charsets a server names by default for pages it knows nothing of (Latin-1, its Windows form).
_WESTERN = frozenset(("latin-1", "latin1", "iso8859-1", "iso-8859-1", "cp1252", "windows-1252", "ascii", "us-ascii"))


def meta_charset(response: Response) -> str | None:
    """The charset an HTML page's ``<meta>`` declares, when its ``Content-Type``
    header names another and the page's bytes are valid in the ``<meta>``'s; else None.
    (For the crawl, CharsetMiddleware; for re-extraction, the capture's reader.)"""
    if not isinstance(response, HtmlResponse):
        return None
    header = _HEADER_CHARSET_RE.search(response.headers.get(b"Content-Type", b"").decode("latin-1"))
    meta = _META_CHARSET_RE.search(response.body[:4096])
    if not header or not meta:
        return None
    said, declared = _codec(header.group(1)), _codec((meta.group(1) or meta.group(2)).decode("ascii"))
    if said == declared:
        return None
    if not _mostly_in(response.body, declared):
        return None  # the page's own declaration is no better (a stray byte or two aside)
    if declared == "gb18030" and said != "utf-8" and not response.body.isascii() and _is_utf8(response.body):
        return "utf-8"  # (UTF-8 bytes under an old template's gb2312 <meta>: GB18030 reads them, as mojibake)
    return declared
