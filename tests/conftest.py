"""Shared fixtures: the saved pages, and the fixture portal served on 127.0.0.1."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from scrapy.exporters import JsonLinesItemExporter
from scrapy.http import HtmlResponse

from metrology_spider.extract import assemble_article, parse_article, parse_view_count
from metrology_spider.items import Article
from metrology_spider.navigation import article_page_urls, view_count_url
from metrology_spider.normalize import normalize_article
from tests.fixture_site import SITE, FixtureServer

FIXTURES = Path(__file__).parent / "fixtures"
# Each folder of saved pages, and the host its pages came from.
ROOTS = {
    FIXTURES / "site": "http://www.chinajl.com.cn/",
    FIXTURES / "mirror": "http://www.etvsebi.cn/",
}


def page_cases() -> list[tuple[Path, str]]:
    """Every saved page that has its expected record (JSON) beside it, with its URL."""
    cases = []
    for root, base in ROOTS.items():
        for expected in sorted(root.rglob("*.json")):
            page = expected.with_suffix(".html")
            if page.exists():
                cases.append((page, base + page.relative_to(root).as_posix()))
    return cases


def response_for(path: Path, url: str) -> HtmlResponse:
    # No Content-Type header: the page's own <meta> decides, as on the portal.
    return HtmlResponse(url, body=path.read_bytes())


def saved_page(url: str, page: Path) -> Path:
    """The saved file for another page of the same site as ``page``."""
    root = next(r for r in ROOTS if page.is_relative_to(r))
    return root / url.removeprefix(ROOTS[root])


def extract_saved(page: Path, url: str) -> Article | None:
    """What the spider and pipelines make of a saved page, offline: its continuation
    pages are read from disk, its script-written view count from plus/views.json."""
    response = response_for(page, url)
    article = parse_article(response.selector, url)
    if article is None:
        return None
    continuations, pending = [], article_page_urls(response.selector, url)
    while pending:
        next_url = pending.pop(0)
        next_response = response_for(saved_page(next_url, page), next_url)
        continuations.append(parse_article(next_response.selector, next_url))
        seen = {p.url for p in continuations} | set(pending)
        pending += [u for u in article_page_urls(next_response.selector, next_url) if u not in seen]
    views = None
    if article.views is None and (count_url := view_count_url(response.selector, url)):
        aid = count_url.split("aid=")[1].split("&")[0]
        counts = json.loads((SITE / "plus" / "views.json").read_text())
        views = parse_view_count(f"document.write('{counts[aid]}');") if aid in counts else None
    return normalize_article(assemble_article(article, continuations, views))


def exported(article: Article) -> dict:
    """The record as the archive writes it (Scrapy's exporter, field serializers and all)."""
    buffer = io.BytesIO()
    JsonLinesItemExporter(buffer, encoding="utf-8", ensure_ascii=False).export_item(article)
    return json.loads(buffer.getvalue())


@pytest.fixture
def fixture_server():
    server = FixtureServer(SITE).start()
    yield server
    server.stop()
