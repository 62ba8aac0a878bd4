"""Scrapy settings for metrology-spider. Every one can be overridden with ``-s NAME=value``."""

import sys

from scrapy.settings import default_settings as _scrapy_defaults

from metrology_spider import __version__

BOT_NAME = "metrology_spider"
SPIDER_MODULES = ["metrology_spider.spiders"]
NEWSPIDER_MODULE = "metrology_spider.spiders"

# Polite defaults for the live portal. For a local server:
#   -s DOWNLOAD_DELAY=0 -s AUTOTHROTTLE_ENABLED=False
USER_AGENT = f"metrology-spider/{__version__} (archiver of www.chinajl.com.cn; Scrapy)"
ROBOTSTXT_OBEY = True
DOWNLOAD_DELAY = 1.0
CONCURRENT_REQUESTS_PER_DOMAIN = 2
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
RETRY_TIMES = 2
BUSY_PAGE_MAX_BYTES = 2048  # a 200 this short that says 系统繁忙 is a busy notice, not a page
DOWNLOAD_TIMEOUT = 60
# The portal's pages are tens of KiB: a response past 16 MiB (counted after
# decompression, so a gzip bomb stops there too) is cut off and fails; past 2 MiB it
# is logged. Scrapy's defaults (1 GiB, 32 MiB) let one page take gigabytes of memory.
DOWNLOAD_MAXSIZE = 16 * 1024**2
DOWNLOAD_WARNSIZE = 2 * 1024**2
# Engine tuning (benches/crawl.py; safe for the live portal: politeness is the
# settings above). Scrapy hands each response's output (requests and items) to
# CONCURRENT_ITEMS asyncio tasks at once (100 by default): 100 tasks made and run
# per response, which cost more than our pipelines, all synchronous, could ever
# gain from running side by side. One handles them in order.
CONCURRENT_ITEMS = 1
# Article pages read (parsed, extracted) in a worker process, beside the engine's: a
# crawl that is not paced (DOWNLOAD_DELAY=0 without AutoThrottle, or a replay) then
# took 16 % less time, for 11-19 MB more memory (benches/crawl.py, 2026-11-27).
# "auto": one worker for such a crawl on a machine of more than one core, none for a
# paced crawl (it waits for the portal, not the CPU); a number: that many; 0: none
# (metrology_spider/readers.py).
EXTRACTION_PROCESSES = "auto"
# Scrapy reads the source of the callback of every response (inspect, tokenize and
# ast) to warn about a generator that returns a value; its cache keeps bound methods
# only while their request lives, so the check runs again and again: 10-15% of the
# crawl's CPU (benches/crawl.py). tests/test_callbacks.py makes the same check once.
WARN_ON_GENERATOR_RETURN_VALUE = False
# Twisted's epoll reactor on Linux rather than Scrapy's default asyncio one: nothing
# here needs asyncio, and the crawl costs 10-15% less CPU (benches/crawl.py). A plugin
# that needs asyncio (scrapy-playwright...) wants
#   -s TWISTED_REACTOR=twisted.internet.asyncioreactor.AsyncioSelectorReactor
if sys.platform.startswith("linux"):
    TWISTED_REACTOR = "twisted.internet.epollreactor.EPollReactor"
# Scrapy's in-memory stats without the deprecation shim it runs on every access
# to them (1.4 % of the crawl's CPU; metrology_spider/stats.py).
STATS_CLASS = "metrology_spider.stats.StatsCollector"
# A cron job needs no listening port. Scrapy imports the module of every extension it
# lists, and of every one EXTENSIONS names (even as None), before the extension checks
# its setting: the remote control's imports aiohttp, 10 MB and 0.1 s of every run. The
# two servers are taken out of Scrapy's list and made by stand-ins that import them
# only when their setting turns them on (metrology_spider/optional.py).
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False
EXTENSIONS_BASE = {
    path: order
    for path, order in _scrapy_defaults.EXTENSIONS_BASE.items()
    if path not in ("scrapy.extensions.telnet.TelnetConsole", "scrapy.extensions.remote_control.RemoteControl")
}

# Each article's outcome (a record, or why there is none) goes through these, in
# the crawl, in replay and in re-extraction alike.
ITEM_PIPELINES = {
    "metrology_spider.pipelines.FailuresPipeline": 100,
    "metrology_spider.pipelines.RequiredFieldsPipeline": 400,
    "metrology_spider.pipelines.ArchivePipeline": 800,
}

# Where the archive lives (JSON Lines under articles/). It is written by
# `scrapy crawl` and `python -m metrology_spider reextract` only: they turn
# ARCHIVE_ENABLED on (not set here, so that the command's default holds); every
# other command (parse, fetch, shell, check, bench, view) leaves it alone.
ARCHIVE_DIR = "data/archive"
# RUN_MODE: incremental (the default), full (-a full=1), refresh (-a refresh=1).
# REPLAY: a WARC capture (file, folder or glob) to crawl instead of the network (-a replay=PATH).

FEED_EXPORT_ENCODING = "utf-8"
LOG_LEVEL = "INFO"
# Scrapy's, without the DEBUG line of each page crawled and record scraped when
# LOG_LEVEL leaves them out (building them anyway cost 2 % of a crawl's CPU).
LOG_FORMATTER = "metrology_spider.logformatter.LogFormatter"

# Raw responses kept as WARC under ARCHIVE_DIR/warc/ (see metrology_spider/warc.py).
WARC_ENABLED = True
WARC_MAX_SIZE = 1024**3  # bytes; a new file is started past this

SPIDER_MIDDLEWARES = {
    # What to fetch given what the archive holds (skip archived, stop paging, retries, refresh).
    "metrology_spider.middlewares.IncrementalMiddleware": 950,
    "metrology_spider.warc.ReplayFollowMiddleware": 960,
}

DOWNLOADER_MIDDLEWARES = {
    # robots.txt that answers 5xx or nothing means "disallow all" (RFC 9309), not "allow all".
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "metrology_spider.robots.StrictRobotsTxtMiddleware": 100,
    "metrology_spider.robots.RobotsRecheckMiddleware": 101,  # right after RobotsTxtMiddleware (100)
    # Never off the start URLs' hosts and ports, redirects included (before robots.txt
    # is asked for the other host). In place of Scrapy's OffsiteMiddleware, which drops a
    # redirect to another host when it is scheduled, with a DEBUG line only (the article
    # then failed in silence, asked for again by every run): this one says so in a WARNING.
    "scrapy.downloadermiddlewares.offsite.OffsiteMiddleware": None,
    "metrology_spider.middlewares.StayOnHostsMiddleware": 50,
    # A 200 that says 系统繁忙 (or nothing) is retried like a 503 (RetryMiddleware is at 550).
    "metrology_spider.middlewares.BusyPageRetryMiddleware": 560,
    # A page whose Content-Type header names a charset its bytes cannot be in is read
    # as its <meta> says (before the busy-page check reads its text).
    "metrology_spider.middlewares.CharsetMiddleware": 570,
    # A page sent without a length whose connection closed before its end is fetched
    # again, and never archived cut.
    "metrology_spider.middlewares.TruncatedPageMiddleware": 580,
    # A redirect back to where the request has been is a loop: refused and named
    # (Scrapy's duplicate filter would drop it silently). RedirectMiddleware is at 600.
    "metrology_spider.middlewares.RedirectLoopMiddleware": 610,
    # Next to the downloader: capture sees the bytes as received, and replay
    # answers after every other middleware has prepared the request.
    "metrology_spider.warc.WarcCaptureMiddleware": 950,
    "metrology_spider.warc.WarcReplayMiddleware": 960,
}

# A scheduled run: incremental paging, the run's account, its checks.
COMMANDS_MODULE = "metrology_spider.commands"  # `scrapy crawl` with the archive lock and exit status
STOP_AFTER_ARCHIVED_PAGES = 1  # stop paging a category after this many list pages of archived articles
# Above this share of listed articles that could not be read the run fails (exit 3):
# one unreadable article in 20 is tolerated (a page the portal itself broke), one in
# ten is the sign of a markup change.
MAX_EXTRACTION_FAILURE_SHARE = 0.05
# Field drift: a field the archive's records mostly give (this share or more) that
# this run's new records mostly lack (1 - this share or less) fails the run, once
# the run has at least FIELD_DRIFT_MIN_RECORDS new records.
FIELD_DRIFT_MOSTLY = 0.8
FIELD_DRIFT_MIN_RECORDS = 5
# Articles on the last run's retry list fetched again, at most, by one run (the rest wait).
MAX_RETRIES_PER_RUN = 200
# A link never archived that answers 404 or 410 in this many runs in a row is no article:
# remembered (the manifest's not_articles), not asked for again, nor failing every run.
NOT_FOUND_RUNS = 3
# HTTP failures (404, 500 after retries) among the articles a run set out to fetch fail
# the run when there are more than MAX_HTTP_FAILURES_TOLERATED of them and they are more
# than this share: one dead link on the portal does not page the operator every night.
MAX_HTTP_FAILURE_SHARE = 0.1
MAX_HTTP_FAILURES_TOLERATED = 2
# An archived article is marked gone only once it has answered 404 or 410 on two runs
# at least this many hours apart (0: the first answer is evidence enough).
GONE_AFTER_HOURS = 24.0

# Spidermon (SPIDERMON_ENABLED, turned on with the archive by the crawl command)
# runs the checks when the spider closes, before the archive's state writes the
# manifest and the end-of-run block, which report them.
SPIDERMON_SPIDER_CLOSE_MONITORS = ("metrology_spider.monitors.RunChecks",)
EXTENSIONS = {
    "metrology_spider.optional.TelnetConsole": 0,
    "metrology_spider.optional.RemoteControl": 0,
    # Spidermon's extension, made when the spider closes (monitors.ClosingChecks: 0.15 s
    # less start-up); with Spidermon's opening or periodic suites, made at once.
    "metrology_spider.monitors.ClosingChecks": 500,
    "metrology_spider.state.ArchiveState": 900,
}
