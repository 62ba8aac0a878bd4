"""From the pages of an article to its record: the one road for the crawl, replay
and re-extraction.

An :class:`ArticleAssembly` is handed an article's pages one at a time, in the
order it asks for them (:attr:`ArticleAssembly.need`): the first page (the
response to the URL the portal links, after any redirect), each continuation
page (``57604_2.html`` ...), then the view-count script when the page leaves its
count to one. It does no I/O and keeps no state beyond the article: the crawl
fetches what it asks for through Scrapy (from the network, or from a capture
with ``replay``); re-extraction reads it from the capture directly
(:func:`assemble`). Its :attr:`~ArticleAssembly.outcome` is one of:

- an :class:`~metrology_spider.items.Article`, normalised
  (:func:`~metrology_spider.normalize.normalize_article`; the pipelines check it
  and archive it); a record with ``gone_at`` when the first page answers 404 or 410;
- an :class:`~metrology_spider.items.ExtractionFailure` when the first page holds
  no article;
- a :class:`PageFailure` when a page could not be had (an HTTP error, the network,
  robots.txt, a capture that lacks it) or a continuation page holds no article.

Every outcome names the article by the URL the portal links, whatever redirect
its page was reached through, unless the page names its own URL with another id
(``<link rel="canonical">``, :func:`~metrology_spider.navigation.canonical_link`):
an article linked as Drupal's ``/node/134`` and as its path alias is one record,
under the alias. :func:`report` says so to the archive's state.
"""

from __future__ import annotations

import dataclasses
import logging
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from lxml import etree
from parsel import Selector
from parsel.selector import create_root_node
from scrapy.http import HtmlResponse, Response, TextResponse

from metrology_spider.extract import (
    BEHIND_LOGIN,
    Extraction,
    closing_byline,
    extract_page,
    parse_view_count,
    record_id,
)
from metrology_spider.items import Article, ExtractionFailure
from metrology_spider.navigation import (
    article_page_urls,
    canonical_link,
    host_of,
    link_base,
    lists_articles,
    script_redirect_url,
    view_count_url,
)
from metrology_spider.normalize import normalize_article, normalized_fields
from metrology_spider.signals import article_linked

logger = logging.getLogger(__name__)

GONE_STATUSES = (404, 410)
# A page whose script sends the reader on, followed at most this many times in a row.
_SCRIPT_REDIRECTS_MAX = 3


@dataclass(frozen=True, slots=True)
class PageFailure:
    """An article whose pages could not all be had or read.

    ``url`` is the article's (as the portal links it); ``reason`` says what went
    wrong in a few words (``"HTTP 500"``, ``"its page .../57604_2.html has no
    article on it"``); ``status`` is the HTTP status when there was one. ``retry``
    is False when fetching it again cannot help: robots.txt forbids it, or a
    replayed capture lacks it. ``kind`` is ``http`` (an error status), ``network``
    (no answer), ``extraction`` (a first page without article, or a continuation page)
    or ``login`` (a first page whose text is behind a login: a paywall, a members'
    column; not in the extraction's failure share, which says the markup changed). Falsy,
    like :class:`ExtractionFailure`.
    """

    url: str
    reason: str
    status: int | None = None
    retry: bool = True
    kind: str = "network"

    def __bool__(self) -> bool:
        return False

    def __str__(self) -> str:
        return f"{self.reason}: {self.url}"


Outcome = Article | ExtractionFailure | PageFailure


def fetched_at(response: Response) -> datetime:
    """When the response was fetched: as its capture says, else now."""
    meta = response.meta if response.request is not None else {}
    return meta.get("fetched_at") or datetime.now(UTC)


def page_selector(response: TextResponse) -> Selector:
    """The page's selector, for extraction, the article's links and a list page's
    links (the spider's ``parse_listing``): the same tree as
    ``response.selector`` (the same decoded text, parsed as parsel parses it; a table's foot
    under its body, :func:`feet_under_bodies`), built by
    lxml's plain HTML parser rather than ``lxml.html``'s, whose element classes are
    looked up in Python for every element read (a fifth of the line walk's time).
    Extraction uses nothing of ``lxml.html``'s element classes. Other text responses
    keep Scrapy's selector (parsel decides whether they are HTML, XML or JSON)."""
    if not isinstance(response, HtmlResponse):
        return response.selector
    return html_selector(response.text)


def html_selector(text: str) -> Selector:
    """The selector of an HTML page's decoded text (see :func:`page_selector`).

    libxml2 reads elements nested at most 2,048 deep, even with ``huge_tree``: deeper, it
    ends the document there, and whatever follows (an old page's thousands of unclosed
    ``<font>`` in a sidebar, then the article) would be lost without a word. Such a page
    is parsed again without its inline formatting tags (their text kept).

    libxml2 also ends the document at the first ``</html>``, where a browser reads on: a
    whole page pasted into an editor's source (a Word document saved as a web page) left
    the rest of the text out, the footer too, nothing showing the page was cut. Where
    anything but space follows an ``</html>``, the page's ``</html>`` and ``</body>`` end tags
    are taken out before it is parsed."""
    end = text.find("</html")
    if end < 0:
        end = text.find("</HTML")  # (str.find: a case-blind pattern over the whole page cost more)
    if end >= 0 and (close := text.find(">", end)) >= 0 and text[close + 1 :].strip():
        text = _END_TAGS_RE.sub("", text)
    parsers: list[etree.HTMLParser] = []

    def parser(**options) -> etree.HTMLParser:
        parsers.append(etree.HTMLParser(**options))
        return parsers[-1]

    root = create_root_node(text, parser, huge_tree=True)
    if any("Excessive depth" in error.message for error in parsers[0].error_log):
        root = create_root_node(_INLINE_TAG_RE.sub("", text), etree.HTMLParser, huge_tree=True)
    feet_under_bodies(root)
    return Selector(root=root, type="html")


def feet_under_bodies(root: etree._Element) -> None:
    """A table's ``<tfoot>`` written before its ``<tbody>`` (as HTML 4 asked: 合计 | 800 above
    会务费 | 500) moved under it, where a browser shows it: the one way the tree of
    :func:`html_selector` differs from Scrapy's."""
    for foot in list(root.iter("tfoot")):
        if (table := foot.getparent()) is not None and any(el.tag == "tbody" for el in foot.itersiblings()):
            table.append(foot)


# The tags that format text without giving it structure: left out of a page nested too deep.
_END_TAGS_RE = re.compile(r"</(?:html|body)\s*>", re.I)
_INLINE_TAG_RE = re.compile(r"</?(?:font|span|b|strong|i|em|u|small|big|center)\b[^>]*>", re.I)


@dataclass(slots=True)
class PageReading:
    """What an article's page says: its extraction, the article's other pages it links
    (when it holds an article), and, for a first page without its view count, the
    count script's URL; for a first page that is the whole article, its text fields
    normalised (:func:`~metrology_spider.normalize.normalized_fields`: the record's, as
    they depend on those fields alone). Made by :func:`read_page` from the page's text
    alone: the crawl may have it made in another process."""

    extraction: Extraction
    pages: list[str]
    count_url: str | None = None
    normalized: dict | None = None
    # The URL a first page names as the article's own, where its id is another than the
    # page's (:func:`~metrology_spider.navigation.canonical_link`): the record's URL and id.
    canonical: str | None = None
    # A first page without an article that lists articles (a headline in a list of like
    # items): a category's page at a URL shaped as an article's, walked as a list.
    lists: bool = False
    # Where a first page without an article sends the reader by a script, to an article's
    # page on its host (:func:`~metrology_spider.navigation.script_redirect_url`).
    redirect: str | None = None


def read_page(text: str, url: str, first: bool) -> PageReading:
    """Read the HTML page ``text`` at ``url``, an article's first page or (``first``
    False) one of its continuation pages."""
    return _read(html_selector(text), url, first)


def _read(selector: Selector, url: str, first: bool) -> PageReading:
    try:
        return _read_page(selector, url, first)
    except Exception as exc:  # (a page no rule foresaw must not take the crawl, or a worker, down)
        # Said loudly (the traceback, for whoever fixes it); the page fails, and its article
        # is tried again by the next run, which may read it with a fixed extractor.
        logger.error("The extractor failed on %s", url, exc_info=True)
        reason = f"the extractor failed on the page ({type(exc).__name__}: {str(exc)[:200]})"
        return PageReading(Extraction(ExtractionFailure(url, reason, None)), [])


def _read_page(selector: Selector, url: str, first: bool) -> PageReading:
    extraction = extract_page(selector, url)
    page = extraction.result
    if not page:
        if first and not page.not_found and page.reason != BEHIND_LOGIN and (to := script_redirect_url(selector, url)):
            return PageReading(extraction, [], redirect=to)
        lists = first and not page.not_found and lists_articles(selector, link_base(selector, url), (host_of(url),))
        return PageReading(extraction, [], lists=lists)
    pages = article_page_urls(selector, url)
    if not first:
        return PageReading(extraction, pages)
    count_url = view_count_url(selector, url) if page.views is None else None
    normalized = None if pages else normalized_fields(page)
    return PageReading(extraction, pages, count_url, normalized, canonical_link(selector, url))


def _warc_record(response: Response) -> dict | None:
    return response.meta.get("warc_record") if response.request is not None else None


class ArticleAssembly:
    """One article being put together from its pages (see the module's docstring).

    ``counts`` holds what happened on the way, by stat name under ``metrology/``
    (``pages_article``, ``views_from_script`` ...), and ``warnings`` the lines worth
    a WARNING; :func:`report` hands both on.
    """

    def __init__(self, url: str, listed: bool = False) -> None:
        self.url = url
        # A list presents it as an article: a first page without a readable article
        # is a failure (reported, retried), unless the page says it does not exist.
        self.listed = listed
        self.need: str | None = url  # the URL of the page wanted next; None once whole
        self.outcome: Outcome | None = None
        self.counts: Counter[str] = Counter()
        self.warnings: list[str] = []
        self._first: Article | None = None
        self._normalized: dict | None = None  # the first page's text normalised, when it is the whole article
        self._pages: list[str] = []  # continuation pages still to read
        self._done: list[Article] = []
        self._count_url: str | None = None
        self._wants = "first"
        self._redirected: list[str] = []  # the pages whose script sent the reader on, in order

    @property
    def wants_view_count(self) -> bool:
        return self._wants == "count"

    @property
    def wants_page(self) -> bool:
        """Whether :attr:`need` is a page of the article (not its count script)."""
        return self._wants in ("first", "page")

    @property
    def wants_first_page(self) -> bool:
        """Whether :attr:`need` is the article's first page."""
        return self._wants == "first"

    def add(self, response: Response, reading: PageReading | None = None) -> None:
        """The response for :attr:`need` (after any redirect); ``reading``, where the
        page was read already (:func:`read_page` of its text)."""
        if "truncated" in response.flags:  # cut short on every try (or so captured): never archived cut
            self.fail(f"cut short ({len(response.body)} bytes, the connection closed before its end)")
        elif self._wants == "first":
            self._add_first(response, reading)
        elif self._wants == "page":
            self._add_page(response, reading)
        else:
            self._add_count(response)

    def fail(
        self, reason: str, status: int | None = None, retry: bool = True, lost: bool = False, refused: bool = False
    ) -> None:
        """:attr:`need` could not be fetched: ``reason`` says why. ``lost``: it is not
        in a capture that is damaged, so it may have been lost there: the whole article
        fails (retried), the view count too, rather than be rebuilt with a hole.
        ``refused``: robots.txt forbids it (DedeCMS's own robots.txt forbids its count
        script: a view count left out, counted, not a warning for every article)."""
        if lost:
            self._finish(PageFailure(self.url, f"{self.need} is not in the damaged capture", status, True))
        elif self._wants == "count" and refused:
            self.counts["views_refused"] += 1
            self._advance()
        elif self._wants == "count":
            self.counts["views_failed"] += 1
            self.warnings.append(f"View count not fetched for {self.url}: {reason}")
            self._advance()
        elif self._wants == "first":
            self._finish(PageFailure(self.url, reason, status, retry, _kind(status)))
        else:
            self._finish(
                PageFailure(self.url, f"its page {self.need} failed: {reason}", status, retry, _kind(status))
            )

    # --- the pages ------------------------------------------------------------

    def _add_first(self, response: Response, reading: PageReading | None) -> None:
        if response.status in GONE_STATUSES:
            when = fetched_at(response)
            self._finish(
                Article(
                    url=self.url,
                    id=record_id(self.url),
                    crawled_at=when,
                    warc=_warc_record(response),
                    gone_at=when,
                )
            )
            return
        if not 200 <= response.status < 300:
            self._finish(PageFailure(self.url, f"HTTP {response.status}", response.status, kind="http"))
            return
        if isinstance(response, TextResponse):
            reading = reading or _read(page_selector(response), response.url, first=True)
            page = reading.extraction.result
            # Two kinds of evidence disagreed (the extraction's rule decided): counted.
            for name in reading.extraction.disagreements:
                self.counts[f"evidence_disagreements/{name}"] += 1
        else:
            page = ExtractionFailure(response.url, "not an HTML page")
        if not page and reading and reading.redirect:
            if not (why := self._follow_script(response.url, reading.redirect)):
                return
            page = dataclasses.replace(page, reason=f"the page sends the reader on by a script (to {reading.redirect}), {why}")
        if not page and self.listed and not page.not_found:
            reason = f"no article could be read on its page ({page.reason})"
            # (a paywall's or a members' column's: behind a login, no fault of the extraction)
            kind = "login" if page.reason == BEHIND_LOGIN else "extraction"
            self._finish(PageFailure(self.url, reason, response.status, kind=kind))
            return
        if not page:
            self._finish(dataclasses.replace(page, url=self.url, lists=bool(reading and reading.lists)))
            return
        self.counts["pages_article"] += 1
        if reading.canonical:
            # Linked under another URL than its own (Drupal's /node/134 and its alias): one
            # record, under the URL the page names (see ArchiveState.article_linked).
            self.counts["articles_canonical_url"] += 1
            page = page.replace(url=reading.canonical, id=record_id(reading.canonical))
        else:
            page = page.replace(url=self.url)
        self._first = page.replace(crawled_at=fetched_at(response), warc=_warc_record(response))
        self._pages = reading.pages
        self._count_url = reading.count_url
        self._normalized = reading.normalized
        self._advance()

    def _follow_script(self, url: str, to: str) -> str | None:
        """Follow the first page's script redirect to ``to`` (then :attr:`need`), as an HTTP
        redirect is followed: the record under the URL the portal links. A page reached this
        way again (a loop), or a fourth such page in a row, is not followed: why, then (the
        page fails)."""
        if to in self._redirected or to in (self.url, url):
            return "not followed: back to a page already read"
        if len(self._redirected) >= _SCRIPT_REDIRECTS_MAX:
            return f"not followed: the {len(self._redirected) + 1}th page in a row to send the reader on"
        self._redirected.append(url)
        self.counts["pages_script_redirect"] += 1
        self.need = to
        return None

    def _add_page(self, response: Response, reading: PageReading | None) -> None:
        if not 200 <= response.status < 300:
            self.fail(f"HTTP {response.status}", response.status)
            return
        if not isinstance(response, TextResponse):
            page = ExtractionFailure(response.url, "not an HTML page")
        else:
            reading = reading or _read(page_selector(response), response.url, first=False)
            page = reading.extraction.result
        if not page:
            reason = f"its page {response.url} has no article on it ({page.reason})"
            self._finish(PageFailure(self.url, reason, kind="extraction"))
            return
        self.counts["pages_article_continued"] += 1
        self._done.append(page)
        known = {self.url, self._first.url} | {p.url for p in self._done} | set(self._pages)
        self._pages.extend(u for u in reading.pages if u not in known)
        self._advance()

    def _add_count(self, response: Response) -> None:
        if not 200 <= response.status < 300:
            self.fail(f"HTTP {response.status}", response.status)
            return
        text = response.text if isinstance(response, TextResponse) else response.body.decode("latin-1")
        views = parse_view_count(text)
        if views is None:
            self.counts["views_unreadable"] += 1
            self.warnings.append(f"No view count in {response.url} for {self.url}")
        else:
            self.counts["views_from_script"] += 1
            self._first = self._first.replace(views=views)
        self._advance()

    def _advance(self) -> None:
        if self._pages:
            self._wants, self.need = "page", self._pages.pop(0)
        elif self._count_url:
            self._wants, self.need, self._count_url = "count", self._count_url, None
        else:
            self.counts["articles_extracted"] += 1
            if self._normalized is not None:  # (set only for a first page without other pages)
                # The first page is the whole article: its text was normalised as it was read.
                self._finish(self._first.replace(**self._normalized), normalized=True)
            else:
                self._finish(assemble_article(self._first, self._done))

    def _finish(self, outcome: Outcome, normalized: bool = False) -> None:
        self.need = None
        # A record leaves normalised: wherever it is assembled (in a re-extraction
        # worker, too), it is the same record.
        if isinstance(outcome, Article) and not normalized:
            outcome = normalize_article(outcome)
        self.outcome = outcome


def _kind(status: int | None) -> str:
    return "network" if status is None else "http"


def assemble_article(first: Article, continuations: list[Article]) -> Article:
    """One record from an article's first page (with its view count) and its
    continuation pages, in page order."""
    paragraphs = list(first.paragraphs)
    for page in continuations:
        # Lines every page repeats before its own text (a summary box) are the first page's;
        # a page that is only those (an image set's pages, each an image and the set's
        # intro) adds nothing.
        same = 0
        while same < min(len(page.paragraphs), len(first.paragraphs)) and page.paragraphs[same] == first.paragraphs[same]:
            same += 1
        paragraphs.extend(page.paragraphs[same:])
    if first.author is None and continuations:
        # (a byline that closes the text stands on its last page)
        return first.replace(paragraphs=paragraphs, author=closing_byline(paragraphs))
    return first.replace(paragraphs=paragraphs)


Fetch = Callable[[str], Response | None]


def assemble(url: str, fetch: Fetch, damaged: bool = False) -> ArticleAssembly:
    """The article at ``url`` with every page it asks for fetched by ``fetch``
    (None: the page cannot be had), at once: for captures and saved pages.
    ``damaged``: the capture is damaged (see :meth:`ArticleAssembly.fail`)."""
    assembly = ArticleAssembly(url)
    while assembly.need:
        response = fetch(assembly.need)
        if response is None:
            assembly.fail("not in the capture", lost=damaged)
        else:
            assembly.add(response)
    return assembly


def report(assembly: ArticleAssembly, crawler) -> None:
    """Count what happened while ``assembly`` (or what a worker sent back of it: its
    ``url``, ``outcome``, ``counts`` and ``warnings``) was put together, log its
    warnings, and say when its record is under another id than its linked URL gives
    (:data:`~metrology_spider.signals.article_linked`)."""
    stats = crawler.stats
    for name, n in assembly.counts.items():
        stats.inc_value(f"metrology/{name}", n)
    for line in assembly.warnings:
        logger.warning("%s", line)
    outcome = assembly.outcome
    if isinstance(outcome, Article) and outcome.id != record_id(assembly.url):
        crawler.signals.send_catch_log(signal=article_linked, url=assembly.url, record=outcome)
