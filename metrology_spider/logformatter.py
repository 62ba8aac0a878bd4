"""Scrapy's log formatter, without building the DEBUG records nobody will read.

Scrapy's logging lets every record through its loggers (the root logger is at
NOTSET) and drops what is under ``LOG_LEVEL`` at the handler. So at the project's
``LOG_LEVEL = "INFO"`` every page crawled and every record scraped still builds
its DEBUG "Crawled (200) ..." and "Scraped from ..." record, to be thrown away:
1.9 % of a crawl's CPU (py-spy samples over a 2,000-article crawl of benches/crawl.py's
portal). This formatter says nothing for those
two events unless ``LOG_LEVEL`` lets DEBUG through; every other message is
Scrapy's own.
"""

from __future__ import annotations

import logging

from scrapy import logformatter

__all__ = ["LogFormatter"]


def _level(value) -> int:
    """``LOG_LEVEL`` as a number (a name Python does not know counts as DEBUG: all kept)."""
    if isinstance(value, int):
        return value
    level = logging.getLevelName(str(value).upper())
    return level if isinstance(level, int) else logging.DEBUG


class LogFormatter(logformatter.LogFormatter):
    def __init__(self, debug: bool = True) -> None:
        super().__init__()
        self.debug = debug

    @classmethod
    def from_crawler(cls, crawler):
        settings = crawler.settings
        return cls(debug=settings.getbool("LOG_ENABLED") and _level(settings.get("LOG_LEVEL")) <= logging.DEBUG)

    def crawled(self, request, response, spider):
        return super().crawled(request, response, spider) if self.debug else None

    def scraped(self, item, response, spider):
        return super().scraped(item, response, spider) if self.debug else None
