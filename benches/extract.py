"""Records per second for extraction + normalisation over the saved fixture pages,
beside ``lxml.html.fromstring`` alone on the same pages (the floor), Scrapy's own decoding
and parsing, one read of every element from Python (what any extractor over lxml pays to
look at a page once), and trafilatura (when installed) on the same pages; and the first page as the
crawl reads it (``ArticleAssembly``: extraction with the article's page links and count script).

    python benches/extract.py [--seconds 3] [--pages DIR] [--figures FILE]

``--pages DIR`` adds the ``*.html`` pages of DIR (for instance ``../shared/realpages/pages``)
to the fixture pages. Every figure is measured in this run, one after the other, in CPU time (the fastest pass); the
ratios compare them: the cost of ours as a multiple of the floor's (issue 11 wants
parse + extract + normalise within 3x), and how many times faster than trafilatura
(issue 11 wants 20x).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import lxml.html
from scrapy.http import HtmlResponse

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from metrology_spider.assemble import ArticleAssembly, page_selector
from metrology_spider.extract import parse_article
from metrology_spider.normalize import normalize_article
from tests.saved_pages import page_cases


def rate(work, pages, seconds: float) -> float:
    """Pages per second of this process's CPU time in the fastest pass over all the pages,
    passes repeated for ``seconds``: on a machine shared with other work, wall time (and the
    mean of CPU time) measures the others too."""
    best, start = float("inf"), time.process_time()
    while time.process_time() - start < seconds:
        began = time.process_time()
        for page in pages:
            work(page)
        best = min(best, time.process_time() - began)
    return len(pages) / best


def page_url(page: Path, n: int) -> str:
    """The page's URL as its truth guesses it (``NAME.json``'s ``url_guess``), or one made
    up in the portal's shape, ``/<slug>/<id>.html`` with an id of five digits as the
    portal's (an id such as 1 is found in every other link, and the search for the
    article's other pages then resolves them all)."""
    truth = page.with_suffix(".json")
    guess = json.loads(truth.read_text("utf-8")).get("url_guess") if truth.exists() else None
    return guess or f"http://pages.test/{page.stem}/{57000 + n}.html"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--pages", type=Path, help="a folder of more *.html pages to add")
    parser.add_argument(
        "--figures", type=Path, help="also write the rates to this JSON file (benches/all.py)"
    )
    args = parser.parse_args()
    pages = [(p.read_bytes(), url) for p, url in page_cases()]
    if args.pages:
        pages += [(p.read_bytes(), page_url(p, n)) for n, p in enumerate(sorted(args.pages.glob("*.html")))]

    def parse_only(page):
        lxml.html.fromstring(page[0])

    def scrapy_parse(page):
        HtmlResponse(page[1], body=page[0]).selector  # noqa: B018 (decoding and parsing only)

    def extract(page):
        # What the spider pays per page: decoding (Scrapy's response) and parsing as
        # the crawl, replay and re-extraction do (page_selector), extraction, then the
        # normalisation pipeline.
        response = HtmlResponse(page[1], body=page[0])
        article = parse_article(page_selector(response), page[1])
        if article:
            normalize_article(article)

    def assembly(page):
        # The first page as the crawl, replay and re-extraction read it (assemble.py):
        # extraction, the article's other pages and its count script; the record
        # normalised where the page is the whole article (no other page, no script).
        ArticleAssembly(page[1]).add(HtmlResponse(page[1], body=page[0]))

    selectors = [(page_selector(HtmlResponse(url, body=body)), url) for body, url in pages]

    def extract_parsed(page):
        article = parse_article(*page)
        if article:
            normalize_article(article)

    roots = [selector.root for selector, _ in selectors]

    def read_once(root):
        # What any extractor written in Python over lxml pays to look at the page once:
        # each element handed to Python, its tag, text, tail, class and id read. No decision.
        for element in root.iter():
            element.tag, element.text, element.tail, element.get("class"), element.get("id")

    floor = rate(parse_only, pages, args.seconds)
    scrapy_floor = rate(scrapy_parse, pages, args.seconds)
    ours = rate(extract, pages, args.seconds)
    alone = rate(extract_parsed, selectors, args.seconds)
    once = rate(read_once, roots, args.seconds)
    assembled = rate(assembly, pages, args.seconds)
    print(f"pages: {len(pages)}, {sum(len(p[0]) for p in pages) / len(pages) / 1024:.1f} KiB each")
    print(f"lxml.html.fromstring alone:           {floor:8.0f} pages/s   (the floor)")
    print(
        f"Scrapy HtmlResponse(...).selector:    {scrapy_floor:8.0f} pages/s   (costs {floor / scrapy_floor:.1f}x the floor)"
    )
    print(
        f"parse + extract + normalise (ours):   {ours:8.0f} records/s ({ours / floor:.0%} of the floor: "
        f"costs {floor / ours:.1f}x it)"
    )
    print(
        f"extract + normalise, page parsed:     {alone:8.0f} records/s (costs {floor / alone:.1f}x the floor)"
    )
    print(
        f"one read of every element, no more:   {once:8.0f} pages/s   (costs {floor / once:.1f}x the floor: "
        f"with Scrapy's decoding and parse, {floor / scrapy_floor + floor / once:.1f}x before any decision; "
        f"{sum(1 for root in roots for _ in root.iter()) / len(roots):.0f} elements a page)"
    )
    print(
        f"first page as the crawl reads it:     {assembled:8.0f} pages/s   (costs {floor / assembled:.1f}x the floor: "
        "extraction with the article's page links and count script, normalised where the page is the whole article)"
    )
    theirs = None
    try:
        import trafilatura
    except ImportError as e:
        print(f"trafilatura: not installed ({e}); pip install -e '.[bench]'")
    else:

        def peer(page):
            trafilatura.bare_extraction(page[0], url=page[1], with_metadata=True, include_comments=False)

        theirs = rate(peer, pages, args.seconds)
        print(
            f"trafilatura.bare_extraction:          {theirs:8.0f} records/s (ours is {ours / theirs:.0f}x as fast)"
        )
    if args.figures:
        figures = {"pages": len(pages), "floor": floor, "ours": ours, "parsed": alone, "trafilatura": theirs}
        args.figures.write_text(json.dumps(figures))


if __name__ == "__main__":
    main()
