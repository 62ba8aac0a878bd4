"""The baseline of benches/crawl.py: a bare Scrapy spider that follows the links the
project's spider follows on the synthetic portal (home, category and list pages,
articles and their continuation pages) and yields nothing.

    scrapy runspider benches/bare_spider.py -a start_url=http://127.0.0.1:PORT/

Run it outside the project's folder (no scrapy.cfg there), so that it gets Scrapy's
default settings, apart from what the command line gives with ``-s``.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import scrapy

# The portal's pages a crawl walks; not /plus/, /member/, tags, search or breadcrumb parents.
FOLLOW = re.compile(
    r"^/(?:|index\.html|(?:jiliangyuzhiliang|jiliangwenhuayanjiu|celiangjishu|guanyuwomen)/"
    r"(?:|index\.html|list_\d+_\d+\.html|\d+(?:_\d+)?\.html))$"
)


class BareSpider(scrapy.Spider):
    name = "bare"

    def __init__(self, start_url: str = "http://127.0.0.1:8000/", **kwargs) -> None:
        super().__init__(**kwargs)
        self.start_urls = [start_url]
        self.netloc = urlsplit(start_url).netloc

    def parse(self, response):
        if not isinstance(response, scrapy.http.TextResponse):
            return
        for href in response.xpath("//a/@href | //link[@rel='next']/@href").getall():
            url = response.urljoin(href)
            parts = urlsplit(url)
            if parts.netloc == self.netloc and FOLLOW.match(parts.path):
                yield scrapy.Request(url.split("#")[0])
