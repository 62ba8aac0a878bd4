"""Rebuild the JSON Lines archive from WARC captures alone: no scheduler, no
downloader, no network. Read the response records, extract, normalise, write.

    python -m metrology_spider reextract CAPTURE... --out DIR
"""

from __future__ import annotations

import logging
from collections import Counter
from pathlib import Path

from scrapy.http import Request

from metrology_spider.archive import ArchiveIndex, ArchiveWriter, append_record, run_id
from metrology_spider.collect import collect_article
from metrology_spider.items import missing_field
from metrology_spider.navigation import is_article_url
from metrology_spider.normalize import normalize_article
from metrology_spider.warc import Capture

logger = logging.getLogger(__name__)


def reextract(captures: list[str], out: Path) -> Counter:
    """Write one record per captured article first page to a new file under ``out``;
    what ``out`` already holds unchanged is not written again."""
    capture = Capture(captures)
    counts: Counter = Counter()
    index = ArchiveIndex(out)
    writer = ArchiveWriter(out, run_id())
    try:
        for entry in capture:
            if not is_article_url(entry.url):
                continue
            counts["article_urls"] += 1
            article = collect_article(entry.url, lambda url, e=entry: _fetch(capture, url, e))
            if article is None:
                counts["pages_not_article"] += 1
                continue
            article = normalize_article(article)
            if name := missing_field(article):
                counts[f"articles_dropped/no_{name}"] += 1
                logger.warning("Dropped article without %s: %s", name, article.url)
                continue
            outcome = append_record(writer, index, article)
            counts[f"articles_{outcome}"] += 1
            counts["articles_archived"] += outcome != "unchanged"
    finally:
        writer.close()
    logger.info(
        "Re-extracted %d articles from %d WARC files to %s",
        counts["articles_archived"],
        len(capture.files),
        writer.path,
    )
    return counts


def _fetch(capture: Capture, url: str, first):
    """The first page is the very record being re-extracted (a capture may hold
    several fetches of one URL); other pages are the latest capture of their URL."""
    if url == first.url:
        return capture.response(first, Request(url), decoded=True)
    return capture.fetch(url)
