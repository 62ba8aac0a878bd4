"""End-of-run checks, as a Spidermon monitor suite: did this run go well?

Spidermon (1.27, working with Scrapy 2.19) runs the suite when the spider closes
and hands failures to actions. Our one action hands the failed checks to the
archive's state (metrology_spider/state.py), which writes them into the manifest;
the ``crawl`` command asks it for them and turns them into the exit status, which
is what cron reads.

Why Spidermon: its monitors are ordinary test cases over the run's stats, its
suites run at the right moment without code of ours, and the same suite can later
send e-mail, Slack or Sentry notices by adding its ready-made actions.
"""

from __future__ import annotations

import logging
import warnings
from typing import ClassVar

from scrapy import signals
from scrapy.exceptions import NotConfigured, ScrapyDeprecationWarning
from scrapy.utils.misc import load_object
from spidermon import Monitor, MonitorSuite, monitors
from spidermon.core.actions import Action

from metrology_spider.state import ArchiveState

logger = logging.getLogger(__name__)

# Spidermon 1.27's runner still calls Spider.log(), deprecated in Scrapy: a warning
# in every run's log that is not ours to fix.
warnings.filterwarnings("ignore", message=r"Spider\.log\(\) is deprecated", category=ScrapyDeprecationWarning)


def _stat(monitor: Monitor, name: str) -> int:
    return monitor.data.stats.get(f"metrology/{name}", 0)


@monitors.name("Run")
class RunMonitor(Monitor):
    @monitors.name("pages were fetched")
    def test_pages_were_fetched(self):
        pages = sum(
            _stat(self, k) for k in ("pages_home", "pages_list", "pages_article", "pages_not_article")
        )
        replayed_nothing = self.data.stats.get("metrology/replay/missing", 0)
        self.assertGreater(
            pages, 0, f"no page could be fetched ({replayed_nothing} requests missing from the capture)"
        )

    @monitors.name("the start pages led to articles")
    def test_start_pages_led_to_articles(self):
        # A home page read and not one article link found on it nor on any list page: this
        # spider cannot find its way on the site (links in a script's data, a form), and a
        # run that archives nothing for that reason must not look like a quiet day.
        if _stat(self, "pages_home"):
            self.assertGreater(
                _stat(self, "article_links") + _stat(self, "articles_retried"),
                0,
                "no article link was found on the start pages or any list page",
            )

    @monitors.name("articles were extracted from the article pages fetched")
    def test_articles_were_extracted(self):
        # Pages at article-shaped links that hold no article (关于我们) are evidence of a
        # changed markup only in numbers: one such page alone (an incremental run whose
        # one new link was an "about" page, a run stopped early) is no failure.
        not_articles = _stat(self, "pages_not_article")
        fetched = (
            _stat(self, "pages_article")
            + (not_articles if not_articles >= 3 else 0)
            + _stat(self, "articles_failed/extraction")
        )
        extracted = _stat(self, "articles_extracted") - _stat(self, "articles_dropped")
        if fetched:
            self.assertGreater(extracted, 0, f"no article extracted from {fetched} article pages")

    @monitors.name("extraction failed on few article pages")
    def test_extraction_failure_share(self):
        # Articles the lists present that could not be read (or lacked a required
        # field), among the article pages fetched; pages that are no article (an
        # "about" page, a page saying the article does not exist) are not failures.
        unreadable = _stat(self, "articles_failed/extraction")
        fetched = _stat(self, "pages_article") + _stat(self, "pages_not_article") + unreadable
        failed = unreadable + _stat(self, "articles_dropped")
        limit = self.data.crawler.settings.getfloat("MAX_EXTRACTION_FAILURE_SHARE")
        if fetched:
            self.assertLessEqual(
                failed / fetched,
                limit,
                f"extraction failed on {failed} of {fetched} article pages (more than {limit:.0%}):"
                " has the portal changed its markup?",
            )


@monitors.name("Captures")
class CaptureMonitor(Monitor):
    @monitors.name("the captures replayed or re-extracted were read whole")
    def test_captures_were_read_whole(self):
        damaged = _stat(self, "warc/damaged_captures")
        self.assertEqual(
            damaged, 0, f"{damaged} WARC file(s) damaged or cut short: what followed the damage was not read"
        )


@monitors.name("HTTP")
class HttpFailureMonitor(Monitor):
    @monitors.name("few articles failed over HTTP")
    def test_http_failure_share(self):
        settings = self.data.crawler.settings
        failed = _stat(self, "articles_failed/http")
        asked = failed + _stat(self, "pages_article") + _stat(self, "pages_not_article")
        limit = settings.getfloat("MAX_HTTP_FAILURE_SHARE")
        if failed > settings.getint("MAX_HTTP_FAILURES_TOLERATED"):
            self.assertLessEqual(
                failed / asked, limit, f"{failed} of {asked} articles failed over HTTP (more than {limit:.0%})"
            )


@monitors.name("Fields")
class FieldDriftMonitor(Monitor):
    @monitors.name("no field went from mostly present to mostly absent")
    def test_fields_kept_their_coverage(self):
        state = self.data.crawler.get_extension(ArchiveState)
        settings = self.data.crawler.settings
        new = _stat(self, "articles_new") + _stat(self, "articles_updated")
        least = settings.getint("FIELD_DRIFT_MIN_RECORDS")
        # Both sides must be large enough to speak for the portal: this run's new
        # records, and the archive's before it.
        if state is None or new < least or state.archive_records < least:
            return
        mostly = settings.getfloat("FIELD_DRIFT_MOSTLY")
        now = state.run_coverage()
        fallen = [
            f"{name} from {before:.0%} of the archive's {state.archive_records} records"
            f" to {now[name]:.0%} of this run's {new}"
            for name, before in state.archive_coverage.items()
            if before is not None and before >= mostly and now[name] <= 1 - mostly
        ]
        self.assertFalse(fallen, "fields fell away: " + "; ".join(fallen) + ": has the portal changed its markup?")


class RecordFailedChecks(Action):
    """Hands the failed checks to the archive's state (manifest, exit status)."""

    def run_action(self):
        failed = [f"{result.monitor.name}: {result.reason}" for result in self.result.monitors_failed_results]
        for line in failed:
            logger.error("Run check failed: %s", line)
        if (state := self.data.crawler.get_extension(ArchiveState)) is not None:
            state.checks_failed(failed)


class RunChecks(MonitorSuite):
    monitors: ClassVar[list] = [RunMonitor, CaptureMonitor, HttpFailureMonitor, FieldDriftMonitor]
    monitors_failed_actions: ClassVar[list] = [RecordFailedChecks]


# Spidermon's settings that need its extension from the start of the run (suites run
# when the spider opens or the engine stops, periodic ones, expression monitors, the
# field coverage counted item by item).
_SPIDERMON_FROM_THE_START = (
    "SPIDERMON_SPIDER_OPEN_MONITORS",
    "SPIDERMON_SPIDER_OPEN_EXPRESSION_MONITORS",
    "SPIDERMON_SPIDER_CLOSE_EXPRESSION_MONITORS",
    "SPIDERMON_ENGINE_STOP_MONITORS",
    "SPIDERMON_ENGINE_STOP_EXPRESSION_MONITORS",
    "SPIDERMON_PERIODIC_MONITORS",
    "SPIDERMON_ADD_FIELD_COVERAGE",
)


class ClosingChecks:
    """Spidermon's extension, loaded when the spider closes.

    Importing ``spidermon.contrib.scrapy.extensions`` imports jsonschema for its
    expression monitors: 0.15 s of every run's start-up (the import timed after the crawl's
    other imports; benches/startup.py's launch to first request fell by 0.10–0.18 s). The
    project's checks run when the spider closes, so that is when Spidermon's extension
    is made: it runs ``SPIDERMON_SPIDER_CLOSE_MONITORS`` as it always does. With any
    setting in ``_SPIDERMON_FROM_THE_START`` given, Spidermon's extension itself is
    made at once instead, and does everything it does.
    """

    def __init__(self, crawler) -> None:
        self.crawler = crawler
        # Loaded now, as Spidermon's extension loads them: a suite that cannot be
        # found stops the run before it starts, not after it ends.
        self.suites = [load_object(path) for path in crawler.settings.getlist("SPIDERMON_SPIDER_CLOSE_MONITORS")]
        for suite in self.suites:
            if not (isinstance(suite, type) and issubclass(suite, MonitorSuite)):
                raise TypeError(f"SPIDERMON_SPIDER_CLOSE_MONITORS: {suite!r} is no Spidermon MonitorSuite")

    @classmethod
    def from_crawler(cls, crawler):
        settings = crawler.settings
        if not settings.getbool("SPIDERMON_ENABLED"):
            raise NotConfigured
        if any(settings.get(name) for name in _SPIDERMON_FROM_THE_START):
            from spidermon.contrib.scrapy.extensions import Spidermon

            return Spidermon.from_crawler(crawler)
        checks = cls(crawler)
        crawler.signals.connect(checks.spider_closed, signal=signals.spider_closed)
        return checks

    def spider_closed(self, spider) -> None:
        try:
            from spidermon.contrib.scrapy.extensions import Spidermon  # (see the class)

            spidermon = Spidermon(self.crawler, spider_closed_suites=self.suites)
            spidermon.spider_opened(spider)  # no suite to run at opening; it readies its (no) periodic ones
            spidermon.spider_closed(spider)
        except Exception as exc:
            # Checks that could not run have not passed: the run says so and fails.
            logger.exception("The end-of-run checks could not run")
            if (state := self.crawler.get_extension(ArchiveState)) is not None:
                state.checks_failed([f"the checks could not run: {exc!r}"])
