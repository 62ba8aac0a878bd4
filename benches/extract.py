"""Records per second for extraction + normalisation over the saved fixture pages,
beside ``lxml.html.fromstring`` alone on the same pages (the floor).

    python benches/extract.py [--seconds 3]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import lxml.html
from scrapy.http import HtmlResponse

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from metrology_spider.extract import parse_article
from metrology_spider.normalize import normalize_article
from tests.conftest import page_cases


def rate(work, pages, seconds: float) -> float:
    done, start = 0, time.perf_counter()
    while (elapsed := time.perf_counter() - start) < seconds:
        for page in pages:
            work(page)
        done += len(pages)
    return done / elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=3.0)
    args = parser.parse_args()
    pages = [(p.read_bytes(), url) for p, url in page_cases()]

    def parse_only(page):
        lxml.html.fromstring(page[0])

    def scrapy_parse(page):
        HtmlResponse(page[1], body=page[0]).selector  # noqa: B018 (decoding and parsing only)

    def extract(page):
        # What the spider pays per page: decoding and parsing (Scrapy's response),
        # extraction, then the normalisation pipeline.
        response = HtmlResponse(page[1], body=page[0])
        article = parse_article(response.selector, page[1])
        if article:
            normalize_article(article)

    floor = rate(parse_only, pages, args.seconds)
    scrapy_floor = rate(scrapy_parse, pages, args.seconds)
    ours = rate(extract, pages, args.seconds)
    print(
        f"pages: {len(pages)} saved fixture pages, {sum(len(p[0]) for p in pages) / len(pages) / 1024:.1f} KiB each"
    )
    print(f"lxml.html.fromstring alone:           {floor:8.0f} pages/s")
    print(f"Scrapy HtmlResponse(...).selector:    {scrapy_floor:8.0f} pages/s")
    print(f"parse + extract + normalise (ours):   {ours:8.0f} records/s  ({ours / floor:.0%} of the floor)")


if __name__ == "__main__":
    main()
