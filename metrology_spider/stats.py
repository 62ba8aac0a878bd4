"""Scrapy's in-memory stats collector, without its per-access deprecation shim.

Scrapy 2.19's ``StatsCollector.__getattribute__`` wraps each stats method in a check
that warns when a ``spider`` argument is passed (deprecated), and pays for it on
every attribute access, the collector's own ``_stats`` included: an f-string and a
failed lookup each time. A crawl calls the stats a few dozen times per request:
1.4 % of its CPU (py-spy samples over a 2,000-article crawl of benches/crawl.py's
portal). Nothing here, in Scrapy or in Spidermon
passes ``spider`` to them; the methods still accept it.
"""

from __future__ import annotations

from scrapy.statscollectors import MemoryStatsCollector

__all__ = ["StatsCollector"]


class StatsCollector(MemoryStatsCollector):
    __getattribute__ = object.__getattribute__
