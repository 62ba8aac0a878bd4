"""The real spider, run with ``scrapy crawl`` in a subprocess, against the fixture
portal served from 127.0.0.1."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from metrology_spider.extract import record_id
from tests.conftest import FIXTURES, archived, manifests, page_cases, run_crawl, run_reextract, stat
from tests.fixture_site import FixtureServer

PORTAL = "http://www.chinajl.com.cn/"


def expected_site_records(base: str) -> dict[int, dict]:
    records = {}
    for page, _ in page_cases():
        expected = json.loads(page.with_suffix(".json").read_text(encoding="utf-8"))
        if expected and page.is_relative_to(FIXTURES / "site"):
            expected["url"] = expected["url"].replace(PORTAL, base)
            records[expected["id"]] = expected
    return records


def test_crawl_of_the_fixture_portal(fixture_server, tmp_path):
    result = run_crawl(tmp_path, "-a", f"start_urls={fixture_server.url}")
    assert result.returncode == 0, result.stderr[-3000:]
    log = result.stderr

    records = archived(tmp_path)
    expected = expected_site_records(fixture_server.url)
    ids = [r["id"] for r in records]
    assert sorted(ids) == sorted(expected), "every article exactly once, and nothing else"
    for record in records:
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", record.pop("crawled_at"))
        assert set(record.pop("warc")) == {"file", "record_id", "offset"}
        assert record.pop("gone_at") is None
        assert record == expected[record["id"]]
        assert list(record) == list(expected[record["id"]])  # key order is the schema's

    paths = fixture_server.paths()
    assert paths[0] == "/robots.txt"
    assert not [p for p in paths if p.startswith(("/private/", "/member/"))], "robots.txt and member pages"
    assert {p.split("?")[0] for p in paths if p.startswith("/plus/")} == {"/plus/count.php"}
    assert len(paths) == len(set(paths)), "no page fetched twice"
    # Every request the crawler made reached this server: none went to another host.
    assert stat(log, "downloader/request_count") == len(paths)
    assert stat(log, "metrology/pages_not_article") == 2
    assert stat(log, "robotstxt/forbidden") == 1
    user_agents = {ua for _, _, ua in fixture_server.requests}
    assert len(user_agents) == 1 and user_agents.pop().startswith("metrology-spider/")


def test_crawl_from_one_category_page_stays_in_it(fixture_server, tmp_path):
    result = run_crawl(tmp_path, "-a", f"start_urls={fixture_server.url}celiangjishu/")
    assert result.returncode == 0, result.stderr[-3000:]
    assert sorted(r["id"] for r in archived(tmp_path)) == [63985, 63990, 64011, 64020]
    assert "/celiangjishu/list_45_2.html" in fixture_server.paths()


def test_debug_lines_of_each_page_and_record_are_built_only_at_debug(fixture_server, tmp_path):
    from scrapy.http import HtmlResponse, Request
    from scrapy.logformatter import LogFormatter as ScrapysLogFormatter
    from scrapy.utils.test import get_crawler

    from metrology_spider.logformatter import LogFormatter
    from tests.conftest import article

    request = Request(fixture_server.url)
    response = HtmlResponse(fixture_server.url, body=b"<html></html>", request=request)
    for level, debug in [("INFO", False), ("WARNING", False), ("DEBUG", True), (10, True), ("NOSUCH", True)]:
        crawler = get_crawler(settings_dict={"LOG_LEVEL": level, "LOG_FORMATTER": LogFormatter})
        formatter = LogFormatter.from_crawler(crawler)
        scrapys = ScrapysLogFormatter()
        assert (formatter.crawled(request, response, None) is not None) == debug, level
        assert (formatter.scraped(article(), response, None) is not None) == debug, level
        if debug:
            assert formatter.crawled(request, response, None) == scrapys.crawled(request, response, None)
        # Every other message is Scrapy's, at any level.
        error = formatter.download_error(ValueError("x"), request, None, "refused")
        assert error == scrapys.download_error(ValueError("x"), request, None, "refused")
    # The project's settings name it (Scrapy builds it from them), and at DEBUG an
    # operator still sees each page and record.
    from scrapy.utils.project import get_project_settings

    assert get_project_settings()["LOG_FORMATTER"] == "metrology_spider.logformatter.LogFormatter"
    done = run_crawl(tmp_path, "-a", f"start_urls={fixture_server.url}celiangjishu/", "-s", "LOG_LEVEL=DEBUG")
    assert done.returncode == 0, done.stderr[-3000:]
    assert "Crawled (200) <GET " in done.stderr and "Scraped from <200 " in done.stderr


def test_the_stats_collector_counts_as_scrapy_s_without_its_shim():
    from scrapy.statscollectors import MemoryStatsCollector
    from scrapy.utils.project import get_project_settings
    from scrapy.utils.test import get_crawler

    from metrology_spider.stats import StatsCollector

    assert get_project_settings()["STATS_CLASS"] == "metrology_spider.stats.StatsCollector"
    ours, scrapys = StatsCollector(get_crawler()), MemoryStatsCollector(get_crawler())
    for stats in (ours, scrapys):
        stats.inc_value("a")
        stats.inc_value("a", 2)
        stats.max_value("m", 3)
        stats.max_value("m", 1)
        stats.min_value("n", 3)
        stats.min_value("n", 1)
        stats.set_value("s", "x")
        stats.inc_value("b", start=10)
    assert ours.get_stats() == scrapys.get_stats() == {"a": 3, "m": 3, "n": 1, "s": "x", "b": 11}
    assert ours.get_value("a") == 3 and ours.get_value("none", 0) == 0
    # Its methods are its own, not Scrapy's per-call wrappers.
    assert ours.inc_value.__func__ is MemoryStatsCollector.inc_value


SITES = FIXTURES / "sites"


def crawl_site(root, archive, content_types: dict[str, str] | None = None):
    """A crawl of the site in ``root`` served on 127.0.0.1: its result, and the paths the
    server was asked for."""
    server = FixtureServer(root).start()
    server.content_types = content_types or {}
    try:
        return run_crawl(archive, "-a", f"start_urls={server.url}"), server.paths()
    finally:
        server.stop()


def test_a_government_site_of_another_cms_is_crawled_whole(tmp_path):
    # A TRS WCM site nobody here designed (tests/fixtures/sites/README.md): its column's
    # next list page and a split article's pages are named only by a pager script; its
    # home page links the site's other pages (无障碍, 联系我们) and a column twice (gzdt/
    # and gzdt/index.html). Every article archived once, right, and nothing fetched twice.
    result, paths = crawl_site(SITES / "trs-gov", tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]
    truth = [json.loads(line) for line in (SITES / "trs-gov.jsonl").read_text(encoding="utf-8").splitlines()]
    got = {
        urlsplit(r["url"]).path: {k: v for k, v in r.items() if k not in ("url", "crawled_at", "warc", "gone_at")}
        for r in archived(tmp_path)
    }
    assert got == {t["url"]: {k: v for k, v in t.items() if k != "url"} for t in truth}
    assert len(paths) == len(set(paths)), sorted(p for p in paths if paths.count(p) > 1)
    assert "/xwzx/gzdt/index_1.html" in paths  # (the list's second page, named by its script)


def crawled_whole(site: str, tmp_path) -> list[str]:
    """Crawl ``sites/<site>`` and hold its records to ``sites/<site>.jsonl`` (their ids,
    hashes of URLs on the test server's port, only told apart); the paths it asked for."""
    result, paths = crawl_site(SITES / site, tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]
    truth = [json.loads(line) for line in (SITES / f"{site}.jsonl").read_text(encoding="utf-8").splitlines()]
    records = archived(tmp_path)
    assert len({r["id"] for r in records}) == len(records)
    skip = ("url", "id", "crawled_at", "warc", "gone_at")
    got = {unquote(urlsplit(r["url"]).path): {k: v for k, v in r.items() if k not in skip} for r in records}
    assert got == {unquote(t["url"]): {k: v for k, v in t.items() if k not in skip} for t in truth}
    return paths


def test_a_wordpress_site_is_crawled_whole(tmp_path):
    # Posts at /2024/05/slug/ (one with a Chinese slug, split over /2/ by <!--nextpage-->),
    # category pages /category/news/page/2/, a calendar's day archives, month and author
    # archives: every post archived once and whole; no archive crawled as a category.
    paths = crawled_whole("wordpress", tmp_path)
    assert not [p for p in paths if p.startswith(("/author/", "/2024/05/20/", "/2024/04/18/"))]


def test_a_ghost_blog_is_crawled_whole(tmp_path):
    # Posts in folders of their own named after them (/food-label-quality/, one in Chinese),
    # linked by cards (an image link, then a link around the headline and excerpt); the
    # menu's sections are tags (/tag/news/ and its /page/2/); the home's Older Posts.
    # Every post archived once; no post's folder crawled as a category.
    paths = crawled_whole("ghost", tmp_path)
    assert "/tag/news/page/2/" in paths
    # (the menu's /about/, a list page that gives no article link, is read as an article too:
    # the one page asked for twice)
    assert sorted(p for p in paths if paths.count(p) > 1) == ["/about/", "/about/"]


def test_a_web_archives_captures_of_the_portal_are_crawled_whole(tmp_path):
    # The portal as the Wayback Machine serves it: every link rewritten to
    # /web/<time>/http://<the portal>/<path>, the archive's toolbar (its own pages, /web/, and
    # its calendar) at the top of each page. Each path read as the portal's own (the home,
    # its categories, articles and their pages), only the same site's captures followed,
    # no count script asked of the archive.
    server = FixtureServer(SITES / "wayback").start()
    try:
        result = run_crawl(tmp_path, "-a", f"start_urls={server.url}web/20240601083015/http://www.example-portal.test/")
        paths = server.paths()
    finally:
        server.stop()
    assert result.returncode == 0, result.stderr[-3000:]
    truth = [json.loads(line) for line in (SITES / "wayback.jsonl").read_text(encoding="utf-8").splitlines()]
    skip = ("url", "crawled_at", "warc", "gone_at")
    got = {urlsplit(r["url"]).path: {k: v for k, v in r.items() if k not in skip} for r in archived(tmp_path)}
    assert got == {t["url"]: {k: v for k, v in t.items() if k not in skip} for t in truth}
    assert all(p.startswith("/web/20240601083015/http://www.example-portal.test/") for p in paths if p != "/robots.txt"), paths
    assert not [p for p in paths if "count.php" in p]


def test_a_drupal_site_archives_an_article_linked_two_ways_once(tmp_path):
    # Drupal serves each article at /node/N and at its path alias; its lists link the alias,
    # its sidebars (最新内容, 相关阅读) /node/N; each page names the alias its own (<link
    # rel="canonical">). One record per article, under the alias (its id the alias's); the
    # /node/N links remembered, so that the next run fetches none of them; a re-extraction
    # of the capture gives the same records. The main menu's /news (no extension) and its
    # pager's ?page=1 (where one article is listed alone) are walked.
    server = FixtureServer(SITES / "drupal").start()
    try:
        first = run_crawl(tmp_path / "archive", "-a", f"start_urls={server.url}")
        fetched = server.paths()
        server.clear_log()
        second = run_crawl(tmp_path / "archive", "-a", f"start_urls={server.url}")
        again = server.paths()
    finally:
        server.stop()
    assert first.returncode == 0, first.stderr[-3000:]
    assert second.returncode == 0, second.stderr[-3000:]
    truth = [json.loads(line) for line in (SITES / "drupal.jsonl").read_text(encoding="utf-8").splitlines()]
    skip = ("url", "id", "crawled_at", "warc", "gone_at")
    records = archived(tmp_path / "archive")
    by_path = {urlsplit(r["url"]).path: r for r in records}
    assert len(records) == len(by_path) == len(truth), sorted(r["url"] for r in records)
    assert {p: {k: v for k, v in r.items() if k not in skip} for p, r in by_path.items()} == {
        t["url"]: {k: v for k, v in t.items() if k not in skip} for t in truth
    }
    assert all(r["id"] == record_id(r["url"]) for r in records)  # the alias's id, not the node's
    assert "/news?page=1" in fetched and any(p.startswith("/node/") for p in fetched)
    aliases = manifests(tmp_path / "archive")[0]["aliases"]
    assert {urlsplit(u).path for u in aliases} >= {p for p in fetched if p.startswith("/node/")}
    assert set(aliases.values()) <= {r["id"] for r in records}
    assert manifests(tmp_path / "archive")[0]["retry"] == []
    assert stat(first.stderr, "metrology/articles_canonical_url") >= 1
    # The next run: nothing new, and no /node/N fetched again.
    assert stat(second.stderr, "metrology/articles_new") == 0
    assert not [p for p in again if p.startswith("/node/")], again
    assert len(archived(tmp_path / "archive")) == len(truth)
    # Re-extraction of the first run's capture: the same records, each once.
    done = run_reextract(tmp_path / "again", *sorted((tmp_path / "archive" / "warc").glob("*.warc.gz")))
    assert done.returncode == 0, done.stderr[-3000:]
    again_records = archived(tmp_path / "again")
    assert sorted((r["url"], r["id"]) for r in again_records) == sorted((r["url"], r["id"]) for r in records)


def test_a_start_page_that_leads_nowhere_fails_the_run_loudly(tmp_path):
    # A home page whose links this spider cannot read (written by a script): the run
    # archives nothing, and says so (a WARNING, a stat, exit 3), not as a quiet day.
    site = tmp_path / "site"
    site.mkdir()
    (site / "robots.txt").write_text("User-agent: *\nDisallow:\n")
    (site / "index.html").write_text(
        "<html><head><meta charset='utf-8'><title>计量资讯网</title></head><body><div id='app'></div>"
        "<script>var news = [{url: '/a/101.html', title: '计量新闻'}]; render(news);</script></body></html>",
        encoding="utf-8",
    )
    result, _ = crawl_site(site, tmp_path / "archive")
    assert result.returncode == 3, result.stderr[-3000:]
    assert re.search(r"No category and no article link on the start page http://127\.0\.0\.1:\d+/\n", result.stderr)
    assert stat(result.stderr, "metrology/start_pages_without_links") == 1
    assert "no article link was found on the start pages or any list page" in result.stderr


def test_a_list_page_that_gives_no_article_link_is_said(tmp_path):
    # A category whose few items link a shape the spider does not take for articles'
    # (/go.aspx?k=…): a WARNING names the list page, counted; the other category is crawled.
    site = tmp_path / "site"
    (site / "news").mkdir(parents=True)
    (site / "odd").mkdir()
    (site / "robots.txt").write_text("User-agent: *\nDisallow:\n")
    menu = "<ul class='nav'><li><a href='/news/'>计量新闻</a></li><li><a href='/odd/'>通知公告</a></li></ul>"
    (site / "index.html").write_text(
        f"<html><head><meta charset='utf-8'><title>计量资讯网</title></head><body>{menu}</body></html>", encoding="utf-8"
    )
    (site / "odd" / "index.html").write_text(
        f"<html><head><meta charset='utf-8'><title>通知公告</title></head><body>{menu}"
        "<ul><li><a href='/go.aspx?k=ab'>关于开展计量器具专项检查的通知</a></li>"
        "<li><a href='/go.aspx?k=cd'>关于公布计量比对结果的通知</a></li></ul></body></html>",
        encoding="utf-8",
    )
    items = "".join(
        f"<li><a href='/news/{n}.html'>县计量所开展第{n}次集贸市场电子秤检定</a><span>2024-05-2{n % 10}</span></li>"
        for n in range(101, 105)
    )
    (site / "news" / "index.html").write_text(
        f"<html><head><meta charset='utf-8'><title>计量新闻</title></head><body>{menu}<ul>{items}</ul></body></html>",
        encoding="utf-8",
    )
    for n in range(101, 105):
        (site / "news" / f"{n}.html").write_text(
            f"<html><head><meta charset='utf-8'><title>检定{n}</title></head><body><h1>县计量所开展第{n}次集贸市场电子秤检定</h1>"
            f"<div>发布时间：2024-05-2{n % 10} 来源：县计量所</div><div><p>县计量所近日组织技术人员走进集贸市场，为商户免费检定电子秤共计一百余台，并向群众宣传计量知识。</p>"
            "<p>检定中发现个别电子秤超差，已督促商户及时维修后复检，保障群众的消费权益。</p></div></body></html>",
            encoding="utf-8",
        )
    result, _ = crawl_site(site, tmp_path / "archive")
    assert result.returncode == 0, result.stderr[-3000:]
    assert re.search(r"The list page http://127\.0\.0\.1:\d+/odd/ gives no article link: read as an article too", result.stderr)
    assert stat(result.stderr, "metrology/lists_without_articles") == 1
    assert len(archived(tmp_path / "archive")) == 4


def test_a_blog_without_categories_is_walked_by_its_home_pages(tmp_path):
    # WordPress as installed: plain permalinks (/?p=123), no menu, block widgets outside
    # any <nav>: the home page is the blog's one list, its older posts only on /?paged=2.
    site = tmp_path / "site"
    site.mkdir()
    (site / "robots.txt").write_text("User-agent: *\nDisallow: /wp-admin/\n")
    texts = {
        131: "电子天平日常核查要做哪些项目",
        128: "压力表检定周期怎样确定才合理",
        125: "温度计校准证书里的修正值怎么用",
        122: "游标卡尺示值误差检定的注意事项",
        119: "实验室计量器具台账怎样管理更省事",
    }

    def post(ident: int, title: str) -> str:
        return (
            f"<html><head><meta charset='utf-8'><title>{title} – 量具笔记</title></head><body>"
            f"<header><p class='site-title'><a href='/'>量具笔记</a></p></header><main><article>"
            f"<h1 class='entry-title'>{title}</h1><div class='entry-content'>"
            f"<p>这是一篇关于{title}的笔记，记下了工作中的做法和体会，供同行参考。</p>"
            f"<p>第二段说明具体步骤：先核对器具的状态标识，再按规程逐项检查并做好记录。</p></div>"
            f"<footer class='entry-footer'>发布于 <time datetime='2024-05-{ident - 100:02d}T09:00:00+08:00'>"
            f"2024年5月{ident - 100}日</time></footer></article></main></body></html>"
        )

    def home(idents: list[int], next_page: str | None) -> str:
        items = "".join(
            f"<article><h2 class='entry-title'><a href='/?p={i}'>{texts[i]}</a></h2>"
            f"<div><p>{texts[i]}的摘要……</p></div><time>2024年5月{i - 100}日</time></article>"
            for i in idents
        )
        pager = f"<nav class='pagination'><span class='current'>1</span> <a href='{next_page}'>2</a> <a class='next page-numbers' href='{next_page}'>下一页</a></nav>" if next_page else "<nav class='pagination'><a href='/'>1</a> <span class='current'>2</span></nav>"
        return f"<html><head><meta charset='utf-8'><title>量具笔记</title></head><body><main>{items}{pager}</main></body></html>"

    (site / "index.html").write_text(home([131, 128, 125], "/?paged=2"), encoding="utf-8")
    (site / "__paged=2.html").write_text(home([122, 119], None), encoding="utf-8")
    for ident, title in texts.items():
        (site / f"__p={ident}.html").write_text(post(ident, title), encoding="utf-8")
    result, paths = crawl_site(site, tmp_path / "archive")
    assert result.returncode == 0, result.stderr[-3000:]
    assert "/?paged=2" in paths
    records = archived(tmp_path / "archive")
    assert sorted(r["id"] for r in records) == sorted(texts)  # (the p numbers, not hashes)
    assert {r["id"]: r["title"] for r in records} == texts


def test_two_scripts_numbering_their_pages_alike_are_two_articles(tmp_path):
    # MetInfo numbers each module's pages apart: news/shownews.php?id=12 and
    # jishu/shownews.php?id=12 are two articles; the second was dropped as a repeat
    # request of the first (the same host and id).
    site = tmp_path / "site"
    for folder, title in (("news", "公司通过计量标准复查考核"), ("jishu", "压力变送器校准的三个要点")):
        (site / folder).mkdir(parents=True)
        (site / folder / "shownews.php").write_text(
            f"<html><head><meta charset='utf-8'><title>{title}</title></head><body><div class='met-crumbs'>"
            f"当前位置：<a href='/'>首页</a> &gt; <a href='/{folder}/'>{folder}</a></div><h1>{title}</h1>"
            f"<p>发布时间：2024-05-2{len(folder)} 09:30:00</p><div class='met-editor'>"
            f"<p>{title}，这是正文的第一段，介绍了工作的背景和主要做法，供同行参考。</p>"
            f"<p>第二段讲具体步骤和注意事项，并说明下一步的安排。</p></div></body></html>",
            encoding="utf-8",
        )
    items = "".join(
        f"<li><a href='/{folder}/shownews.php?id=12'>{text}</a><span>2024-05-20</span></li>"
        for folder, text in (("news", "公司通过计量标准复查考核"), ("jishu", "压力变送器校准的三个要点"))
    )
    (site / "index.html").write_text(
        f"<html><head><meta charset='utf-8'><title>精衡仪器</title></head><body><ul>{items}</ul></body></html>",
        encoding="utf-8",
    )
    (site / "robots.txt").write_text("User-agent: *\nDisallow:\n")
    html = {path: "text/html; charset=utf-8" for path in ("/news/shownews.php", "/jishu/shownews.php")}
    result, paths = crawl_site(site, tmp_path / "archive", content_types=html)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "/news/shownews.php?id=12" in paths and "/jishu/shownews.php?id=12" in paths
    assert {r["title"] for r in archived(tmp_path / "archive")} == {"公司通过计量标准复查考核", "压力变送器校准的三个要点"}


def test_an_article_request_dropped_as_a_repeat_is_not_owed(tmp_path):
    # A list page linked in the menu (a category) and again among a list's headlines (an
    # article): the scheduler drops the second request as a repeat. It was left "not
    # finished" on the retry list, and the next run fetched the list page as an article.
    site = tmp_path / "site"
    site.mkdir()
    (site / "robots.txt").write_text("User-agent: *\nDisallow:\n")
    items = "".join(
        f"<li><a href='/jishu/{n}.html'>计量技术交流第{n}期讨论汇总</a><span>2024-05-2{n}</span></li>" for n in range(1, 4)
    )
    (site / "index.html").write_text(
        "<html><head><meta charset='utf-8'><title>计量论坛</title></head><body>"
        "<div class='nav'><a href='/'>首页</a><a href='/list.php?cate=2'>计量技术</a></div>"
        f"<ul>{items}<li><a href='/list.php?cate=2'>计量技术交流版块全部主题</a><span>2024-05-20</span></li></ul>"
        "</body></html>",
        encoding="utf-8",
    )
    (site / "list.php").write_text(
        f"<html><head><meta charset='utf-8'><title>计量技术</title></head><body><ul>{items}</ul></body></html>",
        encoding="utf-8",
    )
    (site / "jishu").mkdir()
    for n in range(1, 4):
        (site / "jishu" / f"{n}.html").write_text(
            f"<html><head><meta charset='utf-8'><title>计量技术交流第{n}期讨论汇总</title></head><body>"
            f"<h1>计量技术交流第{n}期讨论汇总</h1><p>发布时间：2024-05-2{n} 10:00</p>"
            f"<div><p>本期讨论围绕量值溯源展开，各位会员分享了实验室日常工作中的做法和体会。</p></div></body></html>",
            encoding="utf-8",
        )
    result, paths = crawl_site(site, tmp_path / "archive", content_types={"/list.php": "text/html; charset=utf-8"})
    assert result.returncode == 0, result.stderr[-3000:]
    assert paths.count("/list.php?cate=2") == 1
    assert manifests(tmp_path / "archive")[-1]["retry"] == []


def test_one_about_page_at_an_article_link_fails_no_run_three_do(tmp_path):
    # A run whose only new link was an "about" page at an article-shaped URL (关于我们 in
    # the footer) read no article: no evidence of a changed markup (it failed, exit 3).
    # Three such pages and no article are.
    def site(folder, pages: int):
        folder.mkdir()
        (folder / "robots.txt").write_text("User-agent: *\nDisallow:\n")
        (folder / "about").mkdir()
        links = "".join(f"<a href='/about/{n}.html'>关于我们{n}</a> " for n in range(1, pages + 1))
        (folder / "index.html").write_text(
            f"<html><head><meta charset='utf-8'><title>计量学会</title></head><body><p>欢迎</p>"
            f"<div class='footer'>{links}</div></body></html>",
            encoding="utf-8",
        )
        for n in range(1, pages + 1):
            (folder / "about" / f"{n}.html").write_text(
                "<html><head><meta charset='utf-8'><title>关于我们</title></head><body><h1>关于我们</h1>"
                "<p>学会成立于一九八〇年，是计量工作者的学术团体，联系电话见页面底部。</p></body></html>",
                encoding="utf-8",
            )
        return folder

    one, _ = crawl_site(site(tmp_path / "one", 1), tmp_path / "a1")
    three, _ = crawl_site(site(tmp_path / "three", 3), tmp_path / "a3")
    assert one.returncode == 0, one.stderr[-3000:]
    assert stat(one.stderr, "metrology/pages_not_article") == 1
    assert three.returncode == 3, three.stderr[-3000:]
    assert "no article extracted from 3 article pages" in three.stderr


def test_a_dedecms_article_linked_static_and_dynamic_is_fetched_once(tmp_path):
    # One DedeCMS article linked as /jiliang/106.html, with a list's tracker
    # (?from=timeline), and by its dynamic page /plus/view.php?aid=106: one request, one record.
    site = tmp_path / "site"
    (site / "jiliang").mkdir(parents=True)
    (site / "plus").mkdir()
    article = (
        "<html><head><meta charset='utf-8'><title>江城市计量知识竞赛落幕</title></head><body>"
        "<div class='position'>当前位置：<a href='/'>首页</a> &gt; <a href='/jiliang/'>计量</a></div>"
        "<h1>江城市第三届计量知识竞赛圆满落幕</h1><div class='info'>发布时间：2024-05-21 09:30 来源：本站</div>"
        "<div class='content'><p>5月20日，江城市第三届计量知识竞赛在市计量测试所落下帷幕，二十支队伍参赛。</p>"
        "<p>竞赛内容涵盖计量法律法规、法定计量单位和常用计量器具的使用知识，现场气氛热烈。</p></div></body></html>"
    )
    (site / "jiliang" / "106.html").write_text(article, encoding="utf-8")
    (site / "plus" / "view.php__aid=106.html").write_text(article, encoding="utf-8")
    links = "".join(
        f"<li><a href='{href}'>江城市第三届计量知识竞赛圆满落幕</a> 2024-05-21</li>"
        for href in ("/jiliang/106.html?from=timeline", "/plus/view.php?aid=106", "/jiliang/106.html")
    )
    (site / "jiliang" / "index.html").write_text(
        f"<html><head><meta charset='utf-8'><title>计量</title></head><body><ul>{links}</ul></body></html>", encoding="utf-8"
    )
    (site / "index.html").write_text(
        "<html><head><meta charset='utf-8'><title>江城计量网</title></head><body>"
        "<div class='nav'><a href='/'>首页</a> <a href='/jiliang/'>计量</a></div></body></html>",
        encoding="utf-8",
    )
    result, paths = crawl_site(site, tmp_path / "archive")
    assert result.returncode == 0, result.stderr[-3000:]
    assert [r["url"].split("/", 3)[3] for r in archived(tmp_path / "archive")] == ["jiliang/106.html"]
    assert [p for p in paths if "106" in p] == ["/jiliang/106.html"]


def test_a_post_a_home_pages_card_links_as_a_category_is_archived(tmp_path):
    # An Astro theme's home page: posts in block-link cards (<a class="block"><h2>…</h2></a>) to
    # folders under their section, taken for the section's categories; the section's own list
    # presents them as articles only later, when they have been asked for as lists already.
    site = tmp_path / "site"
    slugs = {"gauge-recall": "家用燃气表计量超差引发召回 涉及产品约十二万台", "tyre-gauge": "轮胎气压表准不准？记者买了五款送检"}
    (site / "news").mkdir(parents=True)
    (site / "robots.txt").write_text("User-agent: *\nDisallow:\n")
    menu = "<nav><a href='/'>首页</a> <a href='/news/'>新闻</a></nav>"
    cards = "".join(f"<a href='/news/{s}/' class='group block rounded-2xl'><div class='p-6'><h2>{t}</h2></div></a>" for s, t in slugs.items())
    (site / "index.html").write_text(
        f"<html><head><meta charset='utf-8'><title>计量观察</title></head><body>{menu}<main>{cards}</main></body></html>",
        encoding="utf-8",
    )
    items = "".join(f"<li><a href='/news/{s}/'>{t}</a> <time datetime='2024-05-2{n}'>2024-05-2{n}</time></li>" for n, (s, t) in enumerate(slugs.items()))
    (site / "news" / "index.html").write_text(
        f"<html><head><meta charset='utf-8'><title>新闻</title></head><body>{menu}<ul>{items}</ul></body></html>", encoding="utf-8"
    )
    for n, (slug, title) in enumerate(slugs.items()):
        (site / "news" / slug).mkdir()
        (site / "news" / slug / "index.html").write_text(
            f"<html><head><meta charset='utf-8'><title>{title}</title></head><body>{menu}<article><h1>{title}</h1>"
            f"<p class='meta'>发布时间：2024-05-2{n} 来源：本站原创</p><div class='prose'><p>市场监管部门近日通报，一批家用计量器具经抽检发现计量超差，涉及多个品牌。</p>"
            "<p>专家提醒，消费者发现计量器具读数异常时，可向当地计量技术机构申请检定。</p></div></article></body></html>",
            encoding="utf-8",
        )
    server = FixtureServer(site).start()
    try:
        result = run_crawl(tmp_path / "archive", "-a", f"start_urls={server.url}")
        paths = server.paths()
        assert result.returncode == 0, result.stderr[-3000:]
        assert sorted(r["title"] for r in archived(tmp_path / "archive")) == sorted(slugs.values())
        assert [paths.count(f"/news/{slug}/") for slug in slugs] == [2, 2]  # (as a list, then as an article)
        # The next run walks them as lists again, and asks for no archived post again.
        result = run_crawl(tmp_path / "archive", "-a", f"start_urls={server.url}")
        paths = server.paths()[len(paths) :]
    finally:
        server.stop()
    assert result.returncode == 0, result.stderr[-3000:]
    assert [paths.count(f"/news/{slug}/") for slug in slugs] == [1, 1]
    assert len(archived(tmp_path / "archive")) == 2


def _epaper(site: Path, splash: str) -> dict[str, str]:
    """An e-paper in 人民日报's and 方正's shape: pages nbs.D110000jlb_NN.htm with a bar of links
    to the others (03版：要闻), stories nw.D110000jlb_20240520_S-NN.htm; its front page
    ``splash`` (a link, or a refresh, to page 01). Its stories' titles by path."""
    day = site / "jlb" / "html" / "2024-05" / "20"
    day.mkdir(parents=True)
    (site / "robots.txt").write_text("User-agent: *\nDisallow:\n")
    link = "" if splash else "<a href='/jlb/html/2024-05/20/nbs.D110000jlb_01.htm'>进入电子版</a>"
    (site / "index.html").write_text(
        f"<html><head><meta charset='utf-8'>{splash}<title>计量报</title></head><body>{link}</body></html>", encoding="utf-8"
    )
    pages = {"01": "要闻", "03": "综合", "05": "计量·标准"}
    stories = {("1", "01"): "全省计量工作会议召开", ("1", "03"): "加油机计量作弊案件查处情况通报", ("2", "03"): "电子计价秤专项检查结果公布", ("1", "05"): "团体标准质量提升行动启动"}
    bar = "".join(f"<a id='pageLink' href='nbs.D110000jlb_{n}.htm'>{n}版：{name}</a> " for n, name in pages.items())
    for n, name in pages.items():
        links = "".join(f"<li><a href='nw.D110000jlb_20240520_{s}-{p}.htm'>{t}</a></li>" for (s, p), t in stories.items() if p == n)
        (day / f"nbs.D110000jlb_{n}.htm").write_text(
            f"<html><head><meta charset='utf-8'><title>计量报 {n}版</title></head><body><div class='bar'>{bar}</div>"
            f"<div class='title'>{n}版：{name}</div><ul class='list'>{links}</ul></body></html>",
            encoding="utf-8",
        )
    for (s, p), title in stories.items():
        (day / f"nw.D110000jlb_20240520_{s}-{p}.htm").write_text(
            f"<html><head><meta charset='utf-8'><title>{title}</title></head><body><div class='bar'>{bar}</div>"
            f"<div class='date'>2024年05月20日</div><h1>{title}</h1><div id='ozoom'><p>本报记者 王 浩</p>"
            "<p>近日，省市场监管局通报了一季度计量监督检查情况，共检查计量器具一万余台件。</p>"
            "<p>对检查中发现的问题，各地已责令整改，并依法立案查处。</p></div></body></html>",
            encoding="utf-8",
        )
    return {f"/jlb/html/2024-05/20/nw.D110000jlb_20240520_{s}-{p}.htm": t for (s, p), t in stories.items()}


@pytest.mark.parametrize(
    "splash",
    ["", "<meta http-equiv='refresh' content='0; URL=/jlb/html/2024-05/20/nbs.D110000jlb_01.htm'>"],
)
def test_an_e_papers_stories_are_each_archived(tmp_path, splash):
    # Every story is named nw.D110000<paper>_<day>_<story>-<page>.htm: the paper's code is no
    # story's id (each was archived as 110000: one story, or none). Its front page links its
    # first page (进入电子版) or sends the reader there; each page's bar links the others.
    stories = _epaper(tmp_path / "site", splash)
    server = FixtureServer(tmp_path / "site").start()
    try:
        result = run_crawl(tmp_path / "archive", "-a", f"start_urls={server.url}")
    finally:
        server.stop()
    assert result.returncode == 0, result.stderr[-3000:]
    records = archived(tmp_path / "archive")
    assert sorted(urlsplit(r["url"]).path for r in records) == sorted(stories)
    assert len({r["id"] for r in records}) == 4
    assert {r["author"] for r in records} == {"王浩"}  # (本报记者 王 浩: a name padded to three)


def test_a_members_only_article_fails_aloud_without_failing_the_run(tmp_path):
    # A members' column (DedeCMS's 会员 article, a paywall): its article fails with a WARNING
    # and is tried again by the next run, but no run exits 3 for it: it says nothing of the
    # portal's markup (a portal with such a column failed every night).
    site = tmp_path / "site"
    (site / "news").mkdir(parents=True)
    (site / "robots.txt").write_text("User-agent: *\nDisallow:\n")
    menu = "<div class='nav'><a href='/'>首页</a> <a href='/news/'>计量新闻</a></div>"
    titles = {101: "全市开展电子计价秤专项检查", 102: "计量惠民服务进社区活动启动", 103: "会员专享：计量器具市场分析报告"}
    items = "".join(f"<li><a href='/news/{n}.html'>{t}</a> <span>2024-05-2{n - 100}</span></li>" for n, t in titles.items())
    _home(site, menu)
    (site / "news" / "index.html").write_text(
        f"<html><head><meta charset='utf-8'><title>计量新闻</title></head><body>{menu}<ul class='list'>{items}</ul></body></html>", encoding="utf-8"
    )
    for n, title in titles.items():
        text = (
            "<p>本文为会员专享内容，登录后才能阅读全文。</p>" if n == 103
            else "<p>市场监管部门近日组织开展专项检查，共检查计量器具三百余台件，合格率百分之九十六。</p><p>对不合格的器具，已责令经营者停止使用。</p>"
        )
        (site / "news" / f"{n}.html").write_text(
            f"<html><head><meta charset='utf-8'><title>{title}</title></head><body>{menu}<h1>{title}</h1>"
            f"<div class='info'>发布时间：2024-05-2{n - 100} 来源：本网</div><div class='content'>{text}</div></body></html>",
            encoding="utf-8",
        )
    server = FixtureServer(site).start()
    try:
        first = run_crawl(tmp_path / "archive", "-a", f"start_urls={server.url}")
        again = run_crawl(tmp_path / "archive", "-a", f"start_urls={server.url}")
    finally:
        server.stop()
    login = f"{server.url}news/103.html"
    for result in (first, again):
        assert result.returncode == 0, result.stderr[-3000:]
        assert f"Article failed: {login} (no article could be read on its page (the article's text is behind a login))" in result.stderr
        assert stat(result.stderr, "metrology/articles_failed/login") == 1
        assert stat(result.stderr, "metrology/articles_failed/extraction") == 0
    assert sorted(r["id"] for r in archived(tmp_path / "archive")) == [101, 102]
    assert login in manifests(tmp_path / "archive")[-1]["retry"]


def test_an_article_in_a_folder_of_its_own_is_one_record_with_its_pages(tmp_path):
    # TRS's t88110/index.html, its pages index_1.html and index_2.html: the list links the
    # folder's index (a list's URL), which gives no article link and is read as an article; its
    # pager is the article's, not a list's next pages (each would be a record of its own).
    site = tmp_path / "site"
    folder = site / "news" / "202405" / "t88110"
    folder.mkdir(parents=True)
    (site / "robots.txt").write_text("User-agent: *\nDisallow:\n")
    menu = "<ul class='nav'><li><a href='/news/'>计量新闻</a></li></ul>"
    (site / "index.html").write_text(f"<html><head><meta charset='utf-8'><title>计量资讯网</title></head><body>{menu}</body></html>", encoding="utf-8")
    items = "".join(
        f"<li><a href='/news/{n}.html'>县计量所开展第{n}次集贸市场电子秤检定</a><span>2024-05-2{n % 10}</span></li>" for n in range(101, 105)
    ) + "<li><a href='/news/202405/t88110/index.html'>澄州启动民生计量惠民行动</a><span>2024-05-20</span></li>"
    (site / "news" / "index.html").write_text(
        f"<html><head><meta charset='utf-8'><title>计量新闻</title></head><body>{menu}<ul>{items}</ul></body></html>", encoding="utf-8"
    )
    for n in range(101, 105):
        (site / "news" / f"{n}.html").write_text(
            f"<html><head><meta charset='utf-8'><title>检定{n}</title></head><body><h1>县计量所开展第{n}次集贸市场电子秤检定</h1>"
            f"<div>发布时间：2024-05-2{n % 10} 来源：县计量所</div><div><p>县计量所近日组织技术人员走进集贸市场，为商户免费检定电子秤共计一百余台。</p></div></body></html>",
            encoding="utf-8",
        )
    texts = ["澄州市近日启动民生计量惠民行动，覆盖集贸市场、加油站和眼镜店。", "行动期间将免费检定电子秤和血压计。", "行动将持续到年底。"]
    names = ["index.html", "index_1.html", "index_2.html"]
    for n, (name, text) in enumerate(zip(names, texts, strict=True)):
        pager = "<div class='page'>" + " ".join(
            f"<span class='cur'>{k + 1}</span>" if k == n else f"<a href='{other}'>{k + 1}</a>" for k, other in enumerate(names)
        ) + "</div>"
        (folder / name).write_text(
            f"<html><head><meta charset='utf-8'><title>澄州启动民生计量惠民行动</title></head><body>{menu}<h1>澄州启动民生计量惠民行动</h1>"
            f"<div>发布时间：2024-05-20 来源：澄州市市场监管局</div><div class='content'><p>{text}</p></div>{pager}</body></html>",
            encoding="utf-8",
        )
    result, _ = crawl_site(site, tmp_path / "archive")
    assert result.returncode == 0, result.stderr[-3000:]
    [record] = [r for r in archived(tmp_path / "archive") if "t88110" in r["url"]]
    assert record["url"].endswith("/t88110/index.html") and record["paragraphs"] == texts
    assert stat(result.stderr, "metrology/lists_without_articles") == 1


def test_what_a_list_links_on_another_host_is_said(tmp_path):
    # Its headlines and its next page on another port of the site's host: not fetched (the crawl
    # stays on its hosts), said: an INFO and a count for the headlines, a WARNING for the pages.
    site = tmp_path / "site"
    (site / "news").mkdir(parents=True)
    (site / "robots.txt").write_text("User-agent: *\nDisallow:\n")
    menu = "<ul class='nav'><li><a href='/news/'>计量新闻</a></li></ul>"
    (site / "index.html").write_text(f"<html><head><meta charset='utf-8'><title>计量资讯网</title></head><body>{menu}</body></html>", encoding="utf-8")
    items = "".join(
        f"<li><a href='/news/{n}.html'>县计量所开展第{n}次集贸市场电子秤检定</a><span>2024-05-2{n % 10}</span></li>" for n in range(101, 105)
    ) + "<li><a href='http://127.0.0.1:9/news/105.html'>县计量所开展第105次集贸市场电子秤检定</a><span>2024-05-15</span></li>"
    pager = "<div class='pagelist'><span class='thisclass'>1</span> <a href='http://127.0.0.1:9/news/list_2.html'>下一页</a></div>"
    (site / "news" / "index.html").write_text(
        f"<html><head><meta charset='utf-8'><title>计量新闻</title></head><body>{menu}<ul>{items}</ul>{pager}</body></html>", encoding="utf-8"
    )
    for n in range(101, 105):
        (site / "news" / f"{n}.html").write_text(
            f"<html><head><meta charset='utf-8'><title>检定{n}</title></head><body><h1>县计量所开展第{n}次集贸市场电子秤检定</h1>"
            f"<div>发布时间：2024-05-2{n % 10} 来源：县计量所</div><div><p>县计量所近日组织技术人员走进集贸市场，为商户免费检定电子秤共计一百余台。</p></div></body></html>",
            encoding="utf-8",
        )
    result, _ = crawl_site(site, tmp_path / "archive")
    assert result.returncode == 0, result.stderr[-3000:]
    assert len(archived(tmp_path / "archive")) == 4
    assert stat(result.stderr, "metrology/article_links_other_hosts") == 1
    assert re.search(r"links 1 articles on another host of the site, not followed .*http://127\.0\.0\.1:9/news/105\.html", result.stderr)
    assert re.search(r"WARNING: The next list page http://127\.0\.0\.1:9/news/list_2\.html \(of .*\) is on another host", result.stderr)
    assert stat(result.stderr, "metrology/lists_next_page_other_host") == 1


def _home(site: Path, menu: str) -> None:
    (site / "index.html").write_text(f"<html><head><meta charset='utf-8'><title>计量网</title></head><body>{menu}</body></html>", encoding="utf-8")


def _site_of_two_columns(site: Path) -> list[str]:
    """A site whose home page links nothing the spider reads (a script's menu), two columns
    of articles; the articles' paths."""
    (site / "a" / "xinwen").mkdir(parents=True)
    (site / "a" / "tongzhi").mkdir(parents=True)
    (site / "robots.txt").write_text("User-agent: *\nDisallow:\n")
    _home(site, "<div id='app'></div>")
    paths = []
    for column, first in (("xinwen", 101), ("tongzhi", 201)):
        items = ""
        for n in range(first, first + 3):
            paths.append(f"/a/{column}/{n}.html")
            items += f"<li><a href='/a/{column}/{n}.html'>县计量所开展第{n}次电子秤检定</a><span>2024-05-1{n % 10}</span></li>"
            (site / "a" / column / f"{n}.html").write_text(
                f"<html><head><meta charset='utf-8'><title>检定{n}</title></head><body><h1>县计量所开展第{n}次电子秤检定</h1>"
                f"<div>发布时间：2024-05-1{n % 10} 来源：县计量所</div><div><p>县计量所近日组织技术人员走进集贸市场，为商户免费检定电子秤共计一百余台。</p></div></body></html>",
                encoding="utf-8",
            )
        (site / "a" / column / "index.html").write_text(
            f"<html><head><meta charset='utf-8'><title>{column}</title></head><body><ul>{items}</ul></body></html>", encoding="utf-8"
        )
    return paths


@pytest.mark.parametrize("start", ["sitemap.xml", "rss.xml", "sitemap.html"])
def test_a_sitemap_a_feed_or_a_site_map_page_as_the_start_url(tmp_path, start):
    # An XML sitemap index (its sitemaps, their <loc>s), an RSS feed (its <item><link>s) or a
    # 网站地图 page of the site's columns: the articles they lead to are archived.
    site = tmp_path / "site"
    paths = _site_of_two_columns(site)
    ns = "http://www.sitemaps.org/schemas/sitemap/0.9"
    (site / "sitemap.xml").write_text(
        f'<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns="{ns}"><sitemap><loc>/sitemap-1.xml</loc></sitemap>'
        "<sitemap><loc>/sitemap-2.xml</loc></sitemap></sitemapindex>", encoding="utf-8",
    )
    for n, half in ((1, paths[:3]), (2, paths[3:])):
        locs = "".join(f"<url><loc>{p}</loc><lastmod>2024-05-20</lastmod></url>" for p in half)
        (site / f"sitemap-{n}.xml").write_text(f'<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="{ns}"><url><loc>/a/xinwen/</loc></url>{locs}</urlset>', encoding="utf-8")
    items = "".join(f"<item><title>第{n}条</title><link>{p}</link></item>" for n, p in enumerate(paths))
    (site / "rss.xml").write_text(f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>计量网</title>{items}</channel></rss>', encoding="utf-8")
    (site / "sitemap.html").write_text(
        "<html><head><meta charset='utf-8'><title>网站地图</title></head><body><h1>网站地图</h1><dl>"
        "<dt><a href='/a/xinwen/'>新闻动态</a></dt><dt><a href='/a/tongzhi/'>通知公告</a></dt></dl></body></html>", encoding="utf-8",
    )
    server = FixtureServer(site).start()
    try:
        result = run_crawl(tmp_path / "archive", "-a", f"start_urls={server.url}{start}")
    finally:
        server.stop()
    assert result.returncode == 0, result.stderr[-3000:]
    assert sorted(r["url"].removeprefix(server.url.rstrip("/")) for r in archived(tmp_path / "archive")) == sorted(paths)
    assert "WARNING" not in result.stderr


def test_a_column_that_shows_its_list_in_frames(tmp_path):
    # An old government site: one column's page a frameset (its menu in one frame, its list in
    # another), another's list in an <iframe> under the site's menu: their lists are walked.
    site = tmp_path / "site"
    paths = _site_of_two_columns(site)
    menu = "<ul class='nav'><li><a href='/xw/'>新闻动态</a></li><li><a href='/tz/'>通知公告</a></li></ul>"
    _home(site, menu)
    (site / "xw").mkdir()
    (site / "tz").mkdir()
    (site / "xw" / "index.html").write_text(
        "<html><head><meta charset='utf-8'><title>新闻动态</title></head><frameset cols='180,*'>"
        "<frame src='/xw/left.html' name='left'><frame src='/a/xinwen/' name='main'></frameset></html>", encoding="utf-8",
    )
    (site / "xw" / "left.html").write_text(f"<html><head><meta charset='utf-8'></head><body>{menu}</body></html>", encoding="utf-8")
    (site / "tz" / "index.html").write_text(
        f"<html><head><meta charset='utf-8'><title>通知公告</title></head><body>{menu}"
        "<div class='list-frame'><iframe src='/a/tongzhi/' width='100%' height='600'></iframe></div></body></html>", encoding="utf-8",
    )
    result, _ = crawl_site(site, tmp_path / "archive")
    assert result.returncode == 0, result.stderr[-3000:]
    assert len(archived(tmp_path / "archive")) == len(paths)
    assert stat(result.stderr, "metrology/lists_framed") == 2
    assert "WARNING" not in result.stderr


def test_a_column_robots_txt_forbids_or_that_fails_is_said(tmp_path):
    site = tmp_path / "site"
    paths = _site_of_two_columns(site)
    menu = "<ul class='nav'><li><a href='/a/xinwen/'>新闻动态</a></li><li><a href='/a/tongzhi/'>通知公告</a></li><li><a href='/a/gone/'>政策法规</a></li></ul>"
    _home(site, menu)
    (site / "robots.txt").write_text("User-agent: *\nDisallow: /a/tongzhi/\n")
    result, _ = crawl_site(site, tmp_path / "archive")
    assert result.returncode == 0, result.stderr[-3000:]
    assert len(archived(tmp_path / "archive")) == len([p for p in paths if "xinwen" in p])
    assert re.search(r"WARNING: The list page http://127\.0\.0\.1:\d+/a/tongzhi/ could not be had \(Forbidden by robots\.txt", result.stderr)
    assert re.search(r"WARNING: The list page http://127\.0\.0\.1:\d+/a/gone/ could not be had \(HTTP 404\)", result.stderr)
    assert stat(result.stderr, "metrology/lists_failed") == 2
