"""The saved pages and what they should give, for the tests and the benches alike (which
run without pytest): each page with its URL, and a fetch that reads a page's other pages
and its view count from the saved files, as the fixture portal serves them."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from scrapy.http import HtmlResponse, TextResponse

from metrology_spider.assemble import assemble
from metrology_spider.items import Article
from tests.fixture_site import SITE

FIXTURES = Path(__file__).parent / "fixtures"
# Each folder of saved pages, and the host its pages came from.
ROOTS = {
    FIXTURES / "site": "http://www.chinajl.com.cn/",
    FIXTURES / "mirror": "http://www.etvsebi.cn/",
}


# Pages of other sites in other markups, each at the URL that URLS.json gives it.
SHAPES = FIXTURES / "shapes"


def _shape_urls() -> dict[str, str]:
    return json.loads((SHAPES / "URLS.json").read_text(encoding="utf-8"))


def _shape_pages() -> dict[str, str]:
    """The other pages of the split articles among the shapes (PAGES.json): fetched by
    their article's assembly, not read as articles of their own."""
    return json.loads((SHAPES / "PAGES.json").read_text(encoding="utf-8"))


def page_cases() -> list[tuple[Path, str]]:
    """Every saved page that has its expected record (JSON) beside it, with its URL."""
    cases = []
    for root, base in ROOTS.items():
        for expected in sorted(root.rglob("*.json")):
            page = expected.with_suffix(".html")
            if page.exists():
                cases.append((page, base + page.relative_to(root).as_posix()))
    for name, url in sorted(_shape_urls().items()):
        cases.append((SHAPES / name, url))
    return cases


def response_for(path: Path, url: str) -> HtmlResponse:
    # No Content-Type header: the page's own <meta> decides, as on the portal.
    return HtmlResponse(url, body=path.read_bytes())


def saved_page(url: str, page: Path) -> Path:
    """The saved file for another page of the same site as ``page``."""
    if page.is_relative_to(SHAPES):
        known = {**_shape_urls(), **_shape_pages()}
        return next((SHAPES / name for name, u in known.items() if u == url), SHAPES / "none")
    root = next(r for r in ROOTS if page.is_relative_to(r))
    return root / url.removeprefix(ROOTS[root])


def fetch_saved(page: Path):
    """A fetch for :func:`~metrology_spider.assemble.assemble` that reads the saved pages near ``page``;
    ``/plus/count.php?aid=N`` answers from plus/views.json as the test server does."""
    counts = json.loads((SITE / "plus" / "views.json").read_text())

    def fetch(url: str):
        if "/plus/count.php" in url:
            aid = parse_qs(urlsplit(url).query)["aid"][0]
            return (
                TextResponse(url, body=f"document.write('{counts[aid]}');".encode())
                if aid in counts
                else None
            )
        path = saved_page(url, page)
        return response_for(path, url) if path.exists() else None

    return fetch


def extract_saved(page: Path, url: str) -> Article | None:
    """What the spider and pipelines make of a saved page, offline (None: no record)."""
    return assemble(url, fetch_saved(page)).outcome or None
