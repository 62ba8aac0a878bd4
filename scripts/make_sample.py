"""Build data/sample/: a small WARC capture of a sample portal, for offline runs.

    python scripts/make_sample.py

The sample portal is the test fixture portal (tests/fixtures/site) plus a fourth
category, 法规 > 计量法规, of 18 articles from scripts/sample/articles.json,
rendered in the portal's two markups (DedeCMS divs, old tables and fonts), half
of them with view counts written by /plus/count.php. It is served by the
fixture server as two virtual hosts under the reserved .test domain,
``www.chinajl.test`` (the portal) and ``mirror.chinajl.test`` (the mirror copy of
the seed article), and crawled by the real spider through it, capture on. The
WARC files of that crawl are the sample; re-running this script replaces them.
"""

from __future__ import annotations

import html
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.fixture_site import SITE, FixtureServer  # noqa: E402

SAMPLE = REPO / "data" / "sample"
MIRROR = REPO / "tests" / "fixtures" / "mirror"
PORTAL_HOST, MIRROR_HOST = "www.chinajl.test", "mirror.chinajl.test"
START_URLS = [f"http://{PORTAL_HOST}/", f"http://{MIRROR_HOST}/jiliangyuzhiliang/63871.html"]
SLUG, TYPE_ID, PER_PAGE = "jiliangfagui", 52, 6
CRUMB = '<a href="/">首页</a> &gt; <a href="/fagui/">法规</a> &gt; <a href="/jiliangfagui/">计量法规</a>'


def meta_line(article: dict) -> str:
    when = article["date"] + (f" {article['time']}" if article.get("time") else "")
    views = (
        f'<script src="/plus/count.php?view=yes&amp;aid={article["id"]}&amp;mid=1"></script>'
        if article.get("views_by_script")
        else str(article["views"])
    )
    return (
        f"发布时间:{when} 作者:{html.escape(article['author'])} "
        f"来源:{html.escape(article['source'])} 浏览:{views}"
    )


def div_page(article: dict) -> str:
    body = "\n".join(f"<p>&nbsp;&nbsp;{html.escape(p)}</p>\n<p>&nbsp;</p>" for p in article["paragraphs"])
    title = html.escape(article["title"])
    return f"""<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8" />
<title>{title}_计量法规_中国计量网</title></head>
<body class="articleview">
<div class="header"><h1><a href="/">中国计量网</a></h1></div>
<div class="w960 center clear mt1"><div class="pleft">
  <div class="place"><strong>您当前的位置:</strong> {CRUMB}</div>
  <div class="viewbox">
    <div class="title"><h2>{title}</h2></div>
    <div class="info">{meta_line(article)}</div>
    <div class="content">
{body}
    </div>
    <div class="boxoff"><strong>------分隔线----------------------------</strong></div>
    <div class="handle"><div class="context"><ul><li>上一篇:没有了</li><li>下一篇:没有了</li></ul></div></div>
  </div>
</div>
<div class="pright"><div class="userlogin"><a href="/member/reg.php">会员注册</a></div></div></div>
<div class="footer"><p>Copyright &copy; 2002-2017 中国计量网 版权所有</p></div>
</body></html>
"""


def table_page(article: dict) -> str:
    body = "<br />\n<br />\n".join(f"&nbsp;&nbsp;&nbsp;&nbsp;{html.escape(p)}" for p in article["paragraphs"])
    title = html.escape(article["title"])
    return f"""<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>{title}-计量法规-中国计量网</title></head>
<body topmargin="0">
<table width="778" align="center"><tr><td><a href="/"><img src="/images/logo.gif" border="0" alt="中国计量网"></a></td></tr></table>
<table width="778" align="center"><tr><td>您当前的位置: {CRUMB}</td></tr></table>
<table width="778" align="center" cellpadding="8">
  <tr><td align="center"><font size="4" color="#003366"><b>{title}</b></font></td></tr>
  <tr><td align="center"><font color="#808080">{meta_line(article)}</font></td></tr>
  <tr><td><font style="font-size:14px; line-height:25px">
{body}
  </font></td></tr>
  <tr><td>分享到: <a href="#">微博</a></td></tr>
</table>
</body></html>
"""


def list_page(articles: list[dict], number: int, pages: int) -> str:
    items = "\n".join(
        f'<li><a href="/{SLUG}/{a["id"]}.html">{html.escape(a["title"])}</a> <span>{a["date"]}</span></li>'
        for a in articles
    )

    def href(n: int) -> str:
        return f"/{SLUG}/" if n == 1 else f"/{SLUG}/list_{TYPE_ID}_{n}.html"

    pager = [f'<li><a href="{href(1)}">首页</a></li>']
    for n in range(1, pages + 1):
        pager.append(
            f'<li class="thisclass"><a>{n}</a></li>'
            if n == number
            else f'<li><a href="{href(n)}">{n}</a></li>'
        )
    if number < pages:
        pager.append(f'<li><a href="{href(number + 1)}">下一页</a></li>')
    return f"""<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8" /><title>计量法规_中国计量网</title></head>
<body class="channel">
<div class="header"><h1><a href="/">中国计量网</a></h1></div>
<div class="place"><strong>您当前的位置:</strong> {CRUMB}</div>
<div class="listbox"><ul class="e2">
{items}
</ul></div>
<div class="dede_pages"><ul class="pagelist">{"".join(pager)}</ul></div>
</body></html>
"""


def build_portal(root: Path) -> int:
    shutil.copytree(SITE, root, ignore=shutil.ignore_patterns("*.json"))
    shutil.copy(SITE / "plus" / "views.json", root / "plus" / "views.json")
    articles = json.loads((Path(__file__).parent / "sample" / "articles.json").read_text(encoding="utf-8"))
    (root / SLUG).mkdir()
    counts = json.loads((root / "plus" / "views.json").read_text())
    for i, article in enumerate(articles):
        page = div_page(article) if i % 2 == 0 else table_page(article)
        (root / SLUG / f"{article['id']}.html").write_text(page, encoding="utf-8")
        if article.get("views_by_script"):
            counts[str(article["id"])] = article["views"]
    (root / "plus" / "views.json").write_text(json.dumps(counts))
    pages = -(-len(articles) // PER_PAGE)
    for n in range(1, pages + 1):
        name = "index.html" if n == 1 else f"list_{TYPE_ID}_{n}.html"
        chunk = articles[(n - 1) * PER_PAGE : n * PER_PAGE]
        (root / SLUG / name).write_text(list_page(chunk, n, pages), encoding="utf-8")
    home = root / "index.html"
    nav = '<li><a href="/celiangjishu/" rel="dropmenu3"><span>计量测试技术</span></a></li>'
    text = home.read_text(encoding="utf-8")
    assert nav in text
    home.write_text(
        text.replace(nav, nav + f'\n      <li><a href="/{SLUG}/"><span>计量法规</span></a></li>'),
        encoding="utf-8",
    )
    return len(articles)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        portal, archive = Path(tmp) / "portal", Path(tmp) / "archive"
        extra = build_portal(portal)
        server = FixtureServer(portal, hosts={PORTAL_HOST: portal, MIRROR_HOST: MIRROR}).start()
        env = dict(os.environ, http_proxy=f"http://127.0.0.1:{server.server_address[1]}")
        env.pop("no_proxy", None)
        env.pop("NO_PROXY", None)
        command = [
            sys.executable, "-m", "scrapy", "crawl", "metrology",
            "-a", f"start_urls={','.join(START_URLS)}",
            "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False",
            "-s", f"ARCHIVE_DIR={archive}", "-s", "LOG_LEVEL=WARNING",
        ]  # fmt: skip
        try:
            subprocess.run(command, cwd=REPO, env=env, check=True)
        finally:
            server.stop()
        for old in SAMPLE.glob("*.warc.gz"):
            old.unlink()
        SAMPLE.mkdir(parents=True, exist_ok=True)
        for capture in sorted((archive / "warc").glob("*.warc.gz")):
            shutil.copy(capture, SAMPLE / capture.name)
        records = sum(1 for f in (archive / "articles").glob("*.jsonl") for _ in f.open())
    size = sum(p.stat().st_size for p in SAMPLE.glob("*.warc.gz"))
    print(
        f"sample: {records} articles ({extra} added to the fixture portal), {size / 1024:.0f} KiB of WARC in {SAMPLE}"
    )


if __name__ == "__main__":
    main()
