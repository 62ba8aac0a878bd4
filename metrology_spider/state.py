"""The archive's state during a run, with one owner: the :class:`ArchiveState` extension.

It is built from settings when the crawler starts (``ARCHIVE_ENABLED``, turned on
by ``scrapy crawl`` and by ``python -m metrology_spider reextract``; every other
command leaves the archive alone) and holds, for one run:

- the archive's lock (taken first: a second run on the same ``ARCHIVE_DIR``
  fails at once with :class:`~metrology_spider.runs.ArchiveLocked`);
- the run's id, its mode, and the last run's manifest (its retry list, the pages
  known not to be articles, whether it finished);
- the archive index, repaired of a torn last line (only here, under the lock),
  and the share of its records that give each optional field;
- the writer of this run's JSON Lines file;
- the links known to lead to another id's record (``aliases``: Drupal's ``/node/134``
  archived under its path alias), carried from manifest to manifest;
- what this run set out to fetch and what became of it, hence the next retry
  list, and the run's manifest and end-of-run log block.

The spider middlewares and the pipelines ask it through its methods; none of them
changes another's attributes.
"""

from __future__ import annotations

import logging
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Request
from scrapy.utils.defer import deferred_from_coro

from metrology_spider import __version__
from metrology_spider.archive import (
    COVERED_FIELDS,
    ArchiveIndex,
    ArchiveWriter,
    append_record,
    coverage,
    run_id,
)
from metrology_spider.extract import record_id
from metrology_spider.items import Article
from metrology_spider.navigation import host_of
from metrology_spider.runs import ArchiveLock, latest_manifest, unique_run_id, write_manifest
from metrology_spider.signals import article_linked, list_page_failed

logger = logging.getLogger(__name__)

MODES = ("incremental", "full", "refresh", "reextract")
# Settings worth keeping beside the numbers: they explain the numbers.
MANIFEST_SETTINGS = (
    "USER_AGENT",
    "ROBOTSTXT_OBEY",
    "DOWNLOAD_DELAY",
    "AUTOTHROTTLE_ENABLED",
    "CONCURRENT_REQUESTS_PER_DOMAIN",
    "STOP_AFTER_ARCHIVED_PAGES",
    "MAX_EXTRACTION_FAILURE_SHARE",
    "WARC_ENABLED",
    "JOBDIR",
    "GONE_AFTER_HOURS",
    "NOT_FOUND_RUNS",
    "RETRY_TIMES",
    "MAX_HTTP_FAILURES_TOLERATED",
)
COUNTS = (
    "articles_new",
    "articles_updated",
    "articles_unchanged",
    "articles_gone",
    "articles_missing",
    "articles_linked_elsewhere",
    "articles_failed",
    "articles_dropped",
    "articles_skipped",
    "articles_already_archived",
    "articles_retried",
    "articles_refreshed",
    "pages_home",
    "pages_list",
    "pages_article",
    "pages_not_article",
    "listings_stopped_early",
)


class ArchiveState:
    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        self.crawler = crawler
        self.stats = crawler.stats
        self.archive_dir = Path(settings.get("ARCHIVE_DIR"))
        self.run_id = run_id()
        self.started_at = datetime.now(UTC)
        self.replay: str | None = settings.get("REPLAY") or None
        self.mode: str = settings.get("RUN_MODE") or "incremental"
        # How long an article must go on answering 404 or 410 before it is marked gone.
        self.gone_after = timedelta(hours=settings.getfloat("GONE_AFTER_HOURS"))
        if self.mode not in MODES:
            raise ValueError(f"RUN_MODE must be one of {', '.join(MODES)}, not {self.mode!r}")
        self.lock = ArchiveLock(self.archive_dir)
        self.lock.acquire(f"{crawler.spidercls.name} run {self.run_id}")  # raises ArchiveLocked
        try:
            self.run_id = unique_run_id(self.archive_dir, self.run_id)  # under the lock
            self._load()
        except BaseException:
            self.lock.release()
            raise
        self.writer = ArchiveWriter(self.archive_dir, self.run_id)
        # Linked URLs of the articles this run set out to fetch, and those settled
        # (archived, unchanged, not an article, refused); the rest are retried.
        self.requested: set[str] = set()
        self.settled: set[str] = set()
        self.failures: dict[str, str] = {}  # url -> why, for the manifest
        self.not_articles: set[str] = set()
        self.list_pages: set[str] = set()  # article-shaped URLs whose page is a list
        self.failed_checks: list[str] = []
        self.write_errors: list[str] = []
        self.manifest: dict = {}

    def _load(self) -> None:
        self.index = ArchiveIndex(self.archive_dir)
        # What the archive's records gave, before this run: the field-drift check's baseline.
        self.archive_records = self.index.with_content
        self.archive_coverage = coverage(self.index.present, self.index.with_content)
        previous = latest_manifest(self.archive_dir, before=self.run_id)
        seq = previous.get("seq") if previous else None
        self.seq = (seq if isinstance(seq, int) else 0) + 1
        self.retry_urls: list[str] = list(previous.get("retry", [])) if previous else []
        # Why each of them failed, and in how many runs in a row.
        self.previous_failures: dict[str, dict] = {
            url: why if isinstance(why, dict) else {"reason": str(why), "runs": 1}
            for url, why in (previous.get("failures", {}) if previous else {}).items()
        }
        # Article-shaped URLs whose page is no article (a soft 404, an "about" page):
        # remembered across runs so that an incremental run does not fetch them again.
        self.known_not_articles: set[str] = set(previous.get("not_articles", [])) if previous else set()
        # Article-shaped URLs whose page is a list of articles (a category's): asked for as lists.
        lists = previous.get("lists") if previous else None
        self.known_list_pages: set[str] = {u for u in lists if isinstance(u, str)} if isinstance(lists, list) else set()
        # Linked URLs whose article is archived under another id (its page names its own
        # URL, or a redirect leads to another id's URL): URL -> the record's id.
        aliases = previous.get("aliases") if previous else None
        self.aliases: dict[str, int] = {
            url: ident for url, ident in (aliases.items() if isinstance(aliases, dict) else ()) if type(ident) is int
        }
        # Archived articles that answered 404 or 410, not marked gone yet: URL -> when first.
        missing = previous.get("missing") if previous else None
        self.missing: dict[str, str] = dict(missing) if isinstance(missing, dict) else {}
        # Stopping early is only safe when the last run saw its categories through:
        # after a killed or interrupted run, walk every list page once.
        self.may_stop_paging = self.mode == "incremental" or self.mode == "refresh"
        if previous is not None and previous.get("status") != "finished":
            self.may_stop_paging = False
            logger.info("The last run (%s) did not finish: walking every list page", previous.get("run"))
        elif previous is not None and previous.get("lists_failed"):
            # (a list's page it could not have may hold new articles: found by no later run
            # that stops where a page holds only archived ones)
            self.may_stop_paging = False
            logger.info("The last run (%s) could not have %d list pages: walking every list page", previous.get("run"), len(previous["lists_failed"]))
        self.failed_lists: set[str] = set()  # (list_page_failed)
        # Archived articles this run saw linked at another URL than their record's (a column
        # moved, its pages regenerated under a new folder): key -> the URL linked.
        self.linked_elsewhere: dict[tuple[str, int], str] = {}
        torn = bool(self.index.torn)
        if torn or self.index.unterminated:
            # A torn line means a crash: its article is fetched again, and lists are
            # walked through in case its URL did not survive. A whole record that lost
            # only its newline gets it back.
            self.retry_urls += [u for u in self.index.repair() if u not in self.retry_urls]
        if torn:
            self.may_stop_paging = False
        # A damaged line holds no record: its article, when the line still names it and
        # no other line holds it, is fetched again.
        self.retry_urls += [u for u in self.index.damaged_urls() if u not in self.retry_urls]
        self._retry_set: frozenset[str] = frozenset(self.retry_urls)  # (for is_retried)
        logger.info(
            "%s run %s; %s holds %d articles in %d records",
            ("replay" if self.replay else self.mode).capitalize(),
            self.run_id,
            self.archive_dir,
            len(self.index),
            self.index.lines,
        )

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ArchiveState:
        if not crawler.settings.getbool("ARCHIVE_ENABLED"):
            raise NotConfigured
        state = cls(crawler)
        crawler.signals.connect(state.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(state.request_scheduled, signal=signals.request_scheduled)
        crawler.signals.connect(state.request_dropped, signal=signals.request_dropped)
        crawler.signals.connect(state.article_linked, signal=article_linked)
        crawler.signals.connect(state.list_page_failed, signal=list_page_failed)
        crawler.signals.connect(state.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(state.engine_stopped, signal=signals.engine_stopped)
        return state

    # --- what to fetch (asked by the spider middlewares) ------------------------

    def article_key(self, url: str) -> tuple[str, int]:
        """The key the article linked at ``url`` is archived under: its host, and the id
        its URL gives or, for a link known to lead to another id's record, that id."""
        ident = self.aliases.get(url)
        return host_of(url), record_id(url) if ident is None else ident

    def is_archived(self, url: str) -> bool:
        """Whether an earlier run archived this article (on this host)."""
        entry = self.index.get(self.article_key(url))
        return entry is not None and entry.path != self.writer.path

    def linked_archived(self, url: str) -> None:
        """A list links the archived article at ``url`` (not fetched): remembered where the
        archive's record of it is under another URL (see :meth:`append`)."""
        key = self.article_key(url)
        if (entry := self.index.get(key)) is not None and entry.url != url:
            self.linked_elsewhere[key] = url

    def gone_elsewhere(self, url: str) -> bool:
        """Whether this run marked gone the article linked at ``url``, at another URL (its old
        one, dead: the link leads to it alive, and is read)."""
        entry = self.index.get(self.article_key(url))
        return entry is not None and entry.gone and entry.path == self.writer.path and entry.url != url

    def is_known_not_article(self, url: str) -> bool:
        return url in self.known_not_articles

    def is_known_list_page(self, url: str) -> bool:
        return url in self.known_list_pages

    def refresh_urls(self) -> list[str]:
        """The archived articles a refresh re-reads: every one, gone ones too (so that
        an article that comes back is recorded)."""
        return [entry.url for entry in self.index.latest.values()]

    def missing_urls(self) -> list[str]:
        """Archived articles that answered 404 or 410 and are not marked gone yet:
        every run looks at them again, for the evidence."""
        return list(self.missing)

    def request_scheduled(self, request: Request) -> None:
        if url := request.meta.get("article"):
            self.requested.add(url)

    def request_dropped(self, request: Request) -> None:
        """An article's request the scheduler dropped as a repeat (its URL was asked for
        already, as a list page): nothing was asked of it, nothing is owed (it was left
        "not finished" and retried as an article by the next run)."""
        if (url := request.meta.get("article")) and url not in self.settled and url not in self.failures:
            self.requested.discard(url)
            if request.meta.get("redirect_urls") and (ident := record_id(request.url)) != record_id(url):
                # A link redirected to a page the run asked for already (…/slug to …/slug/, an old
                # slug to its new one another list links): the same article, of the id of the page
                # it leads to, remembered so that no later run fetches the link as a new article.
                logger.info("Article linked as %s leads to %s (id %d), asked for already", url, request.url, ident)
                self.aliases[url] = ident

    # --- what became of them (told by the pipelines) ----------------------------

    def article_linked(self, url: str, record: Article) -> None:
        """The article linked at ``url`` comes as ``record``, of another id
        (signals.article_linked): the link is settled and remembered (no later run
        fetches it as a new article), and the record awaited under its own URL (a run
        stopped before it is archived retries that)."""
        if self.aliases.get(url) != record.id:
            logger.info("Article linked as %s is archived as %s (id %d)", url, record.url, record.id)
            self.aliases[url] = record.id
        if record.url != url:  # (under its linked URL, after a redirect, it is settled when archived)
            self.requested.add(record.url)
            self.settled.add(url)

    def list_page_failed(self, url: str) -> None:
        self.failed_lists.add(url)

    def append(self, item: Article) -> str:
        """Archive ``item`` unless the archive holds it unchanged; say which it was:
        ``new``, ``updated``, ``gone``, ``unchanged``, or ``unknown`` for a record
        saying gone of an article the archive does not hold (then nothing is written),
        ``linked_elsewhere`` for one the site links at another URL this run (not gone),
        or ``missing`` for an article that answers 404 or 410 without the evidence
        to mark it gone yet: 404 or 410 answers at least ``GONE_AFTER_HOURS`` apart
        (the first is remembered in the manifest; with 0, the first is evidence enough)."""
        key = (host_of(item.url), item.id)
        if item.gone_at is not None:
            entry = self.index.get(key)
            if entry is None:
                return "unknown"
            if (elsewhere := self.linked_elsewhere.get(key)) is not None and elsewhere != item.url:
                # The site links the article at another URL this very run: it lives (its old URL
                # is dead, a column renamed without redirects). Not marked gone; a full run
                # (-a full=1) reads it at its new URL.
                logger.warning(
                    "Article %s answers 404 or 410, but the site links it as %s: not marked gone (-a full=1 reads it there)",
                    item.url, elsewhere,
                )  # fmt: skip
                self.settled.add(item.url)
                return "linked_elsewhere"
            if not entry.gone:
                first = _parse_iso(self.missing.get(item.url)) or item.gone_at
                if item.gone_at - first < self.gone_after:
                    self.missing.setdefault(item.url, _iso(first))
                    self.settled.add(item.url)
                    return "missing"
        outcome = append_record(self.writer, self.index, item)
        self.missing.pop(item.url, None)  # gone now, or there again
        self.settled.add(item.url)
        return outcome

    def not_article(self, url: str) -> None:
        self.settled.add(url)
        self.not_articles.add(url)

    def list_page(self, url: str) -> None:
        """``url``, asked for as an article, is a list's page: walked, and remembered."""
        self.settled.add(url)
        self.list_pages.add(url)

    def skipped(self, url: str) -> None:
        self.settled.add(url)

    def failed(self, url: str, reason: str) -> None:
        self.requested.add(url)  # re-extraction asks for no page: what failed was asked for all the same
        self.failures[url] = reason

    def failure_account(self, retry: list[str]) -> dict[str, dict]:
        """For each URL to retry: why, and in how many runs in a row it has failed."""
        account = {}
        for url in retry:
            before = self.previous_failures.get(url)
            if url in self.failures:
                account[url] = {"reason": self.failures[url], "runs": (before["runs"] if before else 0) + 1}
            elif url in self.requested:
                account[url] = {"reason": "not finished", "runs": (before["runs"] if before else 0) + 1}
            else:  # handed on, not tried this run
                account[url] = before or {"reason": "not tried yet", "runs": 0}
        return account

    def run_coverage(self) -> dict[str, float | None]:
        """Each covered field's share of this run's new and updated records."""
        stats = self.stats
        archived = stats.get_value("metrology/articles_new", 0) + stats.get_value("metrology/articles_updated", 0)
        present = Counter({name: stats.get_value(f"metrology/coverage/{name}", 0) for name in COVERED_FIELDS})
        return coverage(present, archived)

    def checks_failed(self, lines: list[str]) -> None:
        """The end-of-run checks that failed (metrology_spider.monitors)."""
        self.failed_checks = list(lines) + self.write_errors

    def write_error(self, exc: OSError) -> None:
        """A record or a response could not be written (a full disk): one ERROR line,
        then the run stops and fails (exit 3); counted as ``metrology/archive_write_errors``."""
        self.stats.inc_value("metrology/archive_write_errors")
        if self.write_errors:
            return
        logger.error("%s; stopping the run (nothing archived is lost)", exc)
        self.write_failed(str(exc.__cause__ or exc))
        deferred_from_coro(self.crawler.engine.close_spider_async(reason="archive_write_error"))

    def write_failed(self, error: str) -> None:
        """The archive could not be written: the run stops and fails, whatever its checks say."""
        self.write_errors.append(f"the archive could not be written ({error})")
        self.failed_checks = [*self.failed_checks, self.write_errors[-1]]

    # --- the account --------------------------------------------------------------

    def spider_opened(self, spider) -> None:
        settings = self.crawler.settings
        self.manifest = {
            "run": self.run_id,
            "seq": self.seq,  # one more than the run before: the order of runs, whatever the clock says
            "status": "running",
            "software": f"metrology-spider/{__version__}",
            "started_at": _iso(self.started_at),
            "finished_at": None,
            "mode": "replay" if self.replay else self.mode,
            "start_urls": list(getattr(spider, "start_urls", [])),
            "replay": self.replay,
            "settings": {name: settings.get(name) for name in MANIFEST_SETTINGS},
            # Carried now, so that a run killed on the way still hands them on.
            "retry": self.retry_urls,
            "failures": {url: self.previous_failures[url] for url in self.retry_urls if url in self.previous_failures},
            "not_articles": sorted(self.known_not_articles),
            "lists": sorted(self.known_list_pages),
            "missing": self.missing,
            "aliases": self.aliases,
        }
        write_manifest(self.archive_dir, self.run_id, self.manifest)

    @property
    def interrupted(self) -> bool:
        """Whether the run was stopped from outside before it saw its crawl through (Ctrl-C,
        SIGTERM: Scrapy's ``shutdown``), or never got to close (a second Ctrl-C)."""
        return self.manifest.get("status") == "running" or self.manifest.get("finish_reason") == "shutdown"

    def is_retried(self, url: str) -> bool:
        """Whether ``url`` is on the list handed on by the runs before (asked for already)."""
        return url in self._retry_set

    def failed_runs(self, url: str, reason: str) -> int:
        """In how many runs in a row before this one ``url`` failed for ``reason``."""
        before = self.previous_failures.get(url)
        return before["runs"] if before and before.get("reason") == reason else 0

    def retry(self) -> list[str]:
        """What the next run should fetch first: what this run set out to fetch and
        did not settle, and what it was handed and did not get to."""
        unsettled = self.requested - self.settled
        return sorted(unsettled | {u for u in self.retry_urls if u not in self.requested})

    def spider_closed(self, spider, reason: str) -> None:
        self.writer.close()
        if self.writer.path is not None:
            logger.info("Archived %d records to %s", self.writer.count, self.writer.path)
        stats = self.stats
        counts = {name: stats.get_value(f"metrology/{name}", 0) for name in COUNTS}
        counts["pages_fetched"] = stats.get_value("response_received_count", 0)
        coverage = self.run_coverage()
        retry = self.retry()
        archived_urls = {entry.url for entry in self.index.latest.values()}
        finished_at = datetime.now(UTC)
        self.manifest.update(
            status="finished" if reason == "finished" else "interrupted",
            finish_reason=reason,
            finished_at=_iso(finished_at),
            seconds=round((finished_at - self.started_at).total_seconds(), 3),
            counts=counts,
            coverage=coverage,
            archive_coverage=self.archive_coverage,
            checks={"passed": not self.failed_checks, "failed": self.failed_checks},
            retry=retry,
            failures=(failures := self.failure_account(retry)),
            not_articles=sorted((self.known_not_articles - archived_urls) | self.not_articles),
            lists=sorted((self.known_list_pages - archived_urls - self.not_articles) | self.list_pages),
            missing=self.missing,
            aliases=dict(sorted(self.aliases.items())),
            lists_failed=sorted(self.failed_lists),
        )
        try:
            path = write_manifest(self.archive_dir, self.run_id, self.manifest)
        except OSError as exc:
            logger.error("The manifest of run %s could not be written: %s", self.run_id, exc)
            self.write_failed(f"manifest: {exc}")
            path = None
        share = ", ".join(f"{name} {value:.0%}" for name, value in coverage.items() if value is not None)
        logger.info(
            "Run %s %s (%s) in %.1f s: %d pages fetched; articles: %d new, %d updated, %d unchanged,"
            " %d gone, %d failed, %d dropped; %d to retry%s; coverage: %s; checks: %s; manifest: %s",
            self.run_id,
            self.manifest["status"],
            reason,
            self.manifest["seconds"],
            counts["pages_fetched"],
            counts["articles_new"],
            counts["articles_updated"],
            counts["articles_unchanged"],
            counts["articles_gone"],
            counts["articles_failed"],
            counts["articles_dropped"],
            len(retry),
            _first_failures(failures),
            share or "no records",
            "passed" if not self.failed_checks else "FAILED: " + "; ".join(self.failed_checks),
            path,
        )

    def engine_stopped(self) -> None:
        self.writer.close()
        self.lock.release()


def _first_failures(failures: dict[str, dict], shown: int = 3) -> str:
    """`` (2 failed in 3 or more runs), first: URL (reason) ...`` for the end-of-run block."""
    if not failures:
        return ""
    stubborn = sum(1 for f in failures.values() if f["runs"] >= 3)
    first = ", ".join(f"{url} ({f['reason']})" for url, f in list(failures.items())[:shown])
    return (f" ({stubborn} failed in 3 or more runs)" if stubborn else "") + f", first: {first}"


def _parse_iso(text: str | None) -> datetime | None:
    try:
        moment = datetime.fromisoformat(text) if isinstance(text, str) else None
    except ValueError:
        return None
    return moment if moment is None or moment.tzinfo else moment.replace(tzinfo=UTC)


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds").replace("+00:00", "Z")
