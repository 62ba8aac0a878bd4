"""A synthetic portal for the benches: the fixture portal (tests/fixtures/site) grown
to N articles made from the fixtures' own pages, served on 127.0.0.1.

    python benches/portal.py [--articles 5000] [--port 0]

Every fixture article page (the DedeCMS div layout, the old table/font layout with
its GBK page, the HTML5 layout, the mirror's Traditional markup, the three-page
article, the pages whose view count ``/plus/count.php`` writes) is a template: the
generated article ``N`` is its bytes with the template's id replaced by ``N`` (so its
continuation pages and its count script are its own). Each category's list pages
(20 articles each, newest first, then the fixture's own) are built in that
category's markup (下一页 links, page numbers only, ``rel=next``), so the crawl pages
through them as through the portal's. Pages are built once in memory and served by
a threaded HTTP/1.1 server (keep-alive), in a process of its own.

``GET /__bench__`` answers, as JSON, the number of requests served and the time
(``time.time()``) of the first, since the last ``GET /__bench__/reset``: the benches'
pages/s and start-up times.
"""

from __future__ import annotations

import argparse
import html
import json
import re
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

REPO = Path(__file__).resolve().parent.parent
SITE = REPO / "tests" / "fixtures" / "site"
MIRROR = REPO / "tests" / "fixtures" / "mirror"
PER_PAGE = 20
FIRST_ID = 100_000

# category slug -> its list pages' type id (list_<typeid>_<n>.html), as in the fixtures
CATEGORIES = {"jiliangyuzhiliang": 12, "jiliangwenhuayanjiu": 31, "celiangjishu": 45}


@dataclass(frozen=True)
class Template:
    slug: str
    ident: int
    pages: dict[str, bytes]  # suffix ('' or '_2' ...) -> page bytes
    title: str
    date: str
    views_by_script: bool


def templates() -> list[Template]:
    found = []
    for root in (SITE, MIRROR):
        for expected in sorted(root.glob("*/*.json")):
            record = json.loads(expected.read_text(encoding="utf-8"))
            if not record or expected.parent.name not in CATEGORIES:
                continue
            ident = expected.stem
            pages = {"": expected.with_suffix(".html").read_bytes()}
            for extra in sorted(expected.parent.glob(f"{ident}_*.html")):
                pages[extra.stem.removeprefix(ident)] = extra.read_bytes()
            found.append(
                Template(
                    expected.parent.name,
                    int(ident),
                    pages,
                    record["title"],
                    record["date"],
                    b"count.php" in pages[""],
                )
            )
    return found


@dataclass
class Portal:
    pages: dict[str, bytes]  # path -> body
    views: dict[str, int]  # aid -> count
    articles: int  # generated articles
    script_counts: int  # of which with the view count written by the script
    continuation_pages: int


def build(articles: int) -> Portal:
    """The portal's pages: the fixture site's, with ``articles`` more articles."""
    pages = {
        "/" + p.relative_to(SITE).as_posix(): p.read_bytes()
        for p in SITE.rglob("*")
        if p.is_file() and p.suffix != ".json"
    }
    views = {k: int(v) for k, v in json.loads((SITE / "plus" / "views.json").read_text()).items()}
    listed: dict[str, list[tuple[int, str, str]]] = {slug: [] for slug in CATEGORIES}
    shapes = templates()
    scripts = continuations = 0
    for n in range(articles):
        template = shapes[n % len(shapes)]
        ident = FIRST_ID + n
        for suffix, body in template.pages.items():
            pages[f"/{template.slug}/{ident}{suffix}.html"] = body.replace(
                str(template.ident).encode(), str(ident).encode()
            )
            continuations += bool(suffix)
        if template.views_by_script:
            views[str(ident)] = 100 + ident % 9000
            scripts += 1
        listed[template.slug].append((ident, template.title, template.date))
    for slug in CATEGORIES:
        # The fixture's own list pages' articles come last (the oldest).
        fixture_items = _unique_items(
            (int(ident), _fixture_title(slug, ident), "")
            for page in sorted((SITE / slug).glob("*.html"))
            if page.stem == "index" or page.stem.startswith("list_")
            for ident in re.findall(rf'href="/{slug}/(\d+)\.html"', page.read_text(encoding="utf-8"))
        )
        items = sorted(listed[slug], reverse=True) + fixture_items
        for number, chunk in enumerate(_chunks(items, PER_PAGE), start=1):
            count = -(-len(items) // PER_PAGE)
            name = "index.html" if number == 1 else f"list_{CATEGORIES[slug]}_{number}.html"
            pages[f"/{slug}/{name}"] = LIST_MARKUPS[slug](slug, chunk, number, count).encode()
        pages[f"/{slug}/"] = pages[f"/{slug}/index.html"]
    pages["/"] = pages["/index.html"]
    return Portal(pages, views, articles, scripts, continuations)


def _fixture_title(slug: str, ident: str) -> str:
    expected = SITE / slug / f"{ident}.json"
    record = json.loads(expected.read_text(encoding="utf-8")) if expected.exists() else None
    return record["title"] if record else ""


def _unique_items(items):
    seen = set()
    return [i for i in items if not (i[0] in seen or seen.add(i[0]))]


def _chunks(items, size):
    return [items[i : i + size] for i in range(0, len(items), size)]


def _href(slug: str, number: int) -> str:
    return f"/{slug}/" if number == 1 else f"list_{CATEGORIES[slug]}_{number}.html"


def _div_list(slug: str, items, number: int, count: int) -> str:
    """计量与质量: DedeCMS divs, paged by 下一页."""
    lis = "\n".join(
        f'<li><a href="/{slug}/{i}.html" class="title">{html.escape(t or str(i))}</a>'
        f' <span class="info"><small>日期:</small>{d} <small>点击:</small>0</span></li>'
        for i, t, d in items
    )
    pager = ['<li><a href="/jiliangyuzhiliang/">首页</a></li>']
    for n in range(max(1, number - 4), min(count, number + 4) + 1):
        pager.append(
            f'<li class="thisclass"><a>{n}</a></li>'
            if n == number
            else f'<li><a href="{_href(slug, n)}">{n}</a></li>'
        )
    if number < count:
        pager.append(f'<li><a href="{_href(slug, number + 1)}">下一页</a></li>')
        pager.append(f'<li><a href="{_href(slug, count)}">末页</a></li>')
    return f"""<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8" /><title>计量与质量_中国计量网</title></head>
<body class="channel">
<div class="header"><h1><a href="/">中国计量网</a></h1>
  <div id="navMenu"><ul><li><a href="/"><span>首页</span></a></li><li class="hover"><a href="/jiliangyuzhiliang/"><span>计量与质量</span></a></li><li><a href="/jiliangwenhuayanjiu/"><span>计量文化研究</span></a></li><li><a href="/celiangjishu/"><span>计量测试技术</span></a></li></ul></div>
</div>
<div class="w960 center clear"><div class="pleft">
  <div class="place"><strong>您当前的位置:</strong> <a href="/">首页</a> &gt; <a href="/xinwen/">新闻</a> &gt; <a href="/jiliangyuzhiliang/">计量与质量</a></div>
  <div class="listbox"><ul class="e2">
{lis}
  </ul></div>
  <div class="dede_pages"><ul class="pagelist">{"".join(pager)}</ul></div>
</div></div>
<div class="footer"><a href="/guanyuwomen/1.html">关于我们</a><p>Copyright &copy; 2002-2017 中国计量网 版权所有</p></div>
</body></html>
"""


def _table_list(slug: str, items, number: int, count: int) -> str:
    """计量文化研究: old tables and fonts, paged by page numbers only."""
    rows = "\n".join(
        f'  <tr><td><a href="/{slug}/{i}.html">{html.escape(t or str(i))}</a></td><td width="90">{d}</td></tr>'
        for i, t, d in items
    )
    numbers = " ".join(
        f"<b>{n}</b>" if n == number else f'<a href="{_href(slug, n)}">{n}</a>'
        for n in range(max(1, number - 4), min(count, number + 4) + 1)
    )
    return f"""<html>
<head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"><title>计量文化研究-中国计量网</title></head>
<body>
<table width="778" align="center"><tr><td bgcolor="#336699"><a href="/"><font color="white">首页</font></a> <a href="/jiliangyuzhiliang/"><font color="white">计量与质量</font></a> <a href="/jiliangwenhuayanjiu/"><font color="white">计量文化研究</font></a> <a href="/celiangjishu/"><font color="white">计量测试技术</font></a></td></tr></table>
<table width="778" align="center"><tr><td>您当前的位置: <a href="/">首页</a> &gt; <a href="/wenhua/">文化</a> &gt; <a href="/jiliangwenhuayanjiu/">计量文化研究</a></td></tr></table>
<table width="778" align="center" class="list">
{rows}
</table>
<table width="778" align="center"><tr><td align="center">{numbers}</td></tr></table>
</body>
</html>
"""


def _html5_list(slug: str, items, number: int, count: int) -> str:
    """计量测试技术: HTML5, paged by rel=next."""
    lis = "\n".join(
        f'    <li><a href="/{slug}/{i}.html">{html.escape(t or str(i))}</a> <time>{d}</time></li>'
        for i, t, d in items
    )
    following = f"/{slug}/list_{CATEGORIES[slug]}_{number + 1}.html" if number < count else ""
    link = f'<link rel="next" href="{following}">' if following else ""
    pager = f'<nav class="pager"><a href="{following}" rel="next">›</a></nav>' if following else ""
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head><meta charset="utf-8"><title>计量测试技术 | 中国计量网</title>{link}</head>
<body>
<header class="site"><a class="brand" href="/">中国计量网</a>
  <nav class="channels"><a href="/">首页</a><a href="/jiliangyuzhiliang/">计量与质量</a><a href="/jiliangwenhuayanjiu/">计量文化研究</a><a href="/celiangjishu/">计量测试技术</a></nav></header>
<nav class="breadcrumb">您的位置：<a href="/">首页</a> / <a href="/jishu/">技术</a> / <a href="/celiangjishu/">计量测试技术</a></nav>
<main>
  <ul class="post-list">
{lis}
  </ul>
  {pager}
</main>
</body>
</html>
"""


LIST_MARKUPS = {
    "jiliangyuzhiliang": _div_list,
    "jiliangwenhuayanjiu": _table_list,
    "celiangjishu": _html5_list,
}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as a real server
    # One write per answer, sent at once (no 40 ms wait of Nagle's algorithm on a
    # delayed ACK between the headers and the body).
    wbufsize = 1 << 16
    disable_nagle_algorithm = True
    server: PortalServer

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        if parts.path.startswith("/__bench__"):
            self.server.bench(self, parts.path)
            return
        self.server.count()
        if parts.path == "/plus/count.php":
            views = self.server.portal.views.get(parse_qs(parts.query).get("aid", [""])[0])
            if views is None:
                self.answer(404, b"", "application/x-javascript")
            else:
                self.answer(200, f"document.write('{views}');".encode(), "application/x-javascript")
            return
        body = self.server.portal.pages.get(parts.path)
        if body is None:
            self.answer(404, b"<html><body><h1>404 Not Found</h1></body></html>", "text/html")
        else:
            self.answer(200, body, "text/plain" if parts.path.endswith(".txt") else "text/html")

    def answer(self, status: int, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args) -> None:
        pass


class PortalServer(ThreadingHTTPServer):
    daemon_threads = True
    # A listen backlog as a real server's (socketserver's is 5): with a full backlog
    # the kernel drops a connection's SYN and the client waits a second to send it
    # again, which made crawls at low concurrency mostly wait.
    request_queue_size = 1024

    def __init__(self, portal: Portal, port: int = 0) -> None:
        super().__init__(("127.0.0.1", port), Handler)
        self.portal = portal
        self._lock = threading.Lock()
        self.requests = 0
        self.connections = 0
        self.first: float | None = None

    def process_request(self, request, client_address) -> None:
        with self._lock:
            self.connections += 1
        super().process_request(request, client_address)

    def count(self) -> None:
        with self._lock:
            self.requests += 1
            if self.first is None:
                self.first = time.time()

    def bench(self, handler: Handler, path: str) -> None:
        with self._lock:
            answer = {"requests": self.requests, "connections": self.connections, "first": self.first}
            if path.endswith("/reset"):
                self.requests, self.connections, self.first = 0, 0, None
        handler.answer(200, json.dumps(answer).encode(), "application/json")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args(argv)
    portal = build(args.articles)
    server = PortalServer(portal, args.port)
    # One line on stdout for the bench that started this process: where, and what.
    print(
        json.dumps(
            {
                "url": f"http://127.0.0.1:{server.server_address[1]}/",
                "articles": portal.articles,
                "script_counts": portal.script_counts,
                "continuation_pages": portal.continuation_pages,
                "pages": len(portal.pages),
            }
        ),
        flush=True,
    )
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
