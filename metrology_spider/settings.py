"""Scrapy settings for metrology-spider. Every one can be overridden with ``-s NAME=value``."""

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
DOWNLOAD_TIMEOUT = 60
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False  # a cron job needs no listening port

ITEM_PIPELINES = {
    "metrology_spider.pipelines.NormalizePipeline": 300,
    "metrology_spider.pipelines.RequiredFieldsPipeline": 400,
    "metrology_spider.pipelines.ArchivePipeline": 800,
}

# Where the archive lives (JSON Lines under articles/).
ARCHIVE_DIR = "data/archive"

FEED_EXPORT_ENCODING = "utf-8"
LOG_LEVEL = "INFO"

# Raw responses kept as WARC under ARCHIVE_DIR/warc/ (see metrology_spider/warc.py).
WARC_ENABLED = True
WARC_MAX_SIZE = 1024**3  # bytes; a new file is started past this

DOWNLOADER_MIDDLEWARES = {
    "metrology_spider.robots.RobotsRecheckMiddleware": 101,  # right after RobotsTxtMiddleware (100)
    # Next to the downloader: capture sees the bytes as received, and replay
    # answers after every other middleware has prepared the request.
    "metrology_spider.warc.WarcCaptureMiddleware": 950,
    "metrology_spider.warc.WarcReplayMiddleware": 960,
}

# A scheduled run: incremental paging, the run's account, its checks.
COMMANDS_MODULE = "metrology_spider.commands"  # `scrapy crawl` with the archive lock and exit status
STOP_AFTER_ARCHIVED_PAGES = 1  # stop paging a category after this many list pages of archived articles
MAX_EXTRACTION_FAILURE_SHARE = 0.25  # above this share of failed article pages the run fails (exit 3)
RUN_MANIFEST_ENABLED = True

SPIDERMON_ENABLED = True
SPIDERMON_SPIDER_CLOSE_MONITORS = ("metrology_spider.monitors.RunChecks",)
EXTENSIONS = {
    # Spidermon's close-time checks first, then the run's account, which reports them.
    "spidermon.contrib.scrapy.extensions.Spidermon": 500,
    "metrology_spider.extensions.RunAccount": 900,
}
