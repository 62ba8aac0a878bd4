"""The fault-injecting harness: the fixture portal served from 127.0.0.1 with a fault
on each of its articles (tests/fixture_site.py, FAULTS), crawled once; then, per
fault, what became of its article.

For every fault: nothing lost (every article archived or on the retry list for the
next run), nothing wrong archived (a record only when the fault passed, and then the
page's own record), the crawl bounded in time (killed past its timeout) and memory
(its peak resident set), the fault named in the log with its URL and counted in the
stats and the manifest.
"""

from __future__ import annotations

import json
import re
import shutil

import pytest
from scrapy.http import HtmlResponse

from metrology_spider.middlewares import meta_charset, misdeclared_charset, undeclared_charset
from tests.conftest import (
    FIXTURES,
    archived,
    manifests,
    run_crawl,
    run_crawl_measured,
    run_reextract,
    stat,
    warc_records,
)
from tests.fixture_site import FAULTS, SITE, Fault, FixtureServer

SETTINGS = (
    "-s", "DOWNLOAD_TIMEOUT=1",  # a stalled answer fails in a second
    "-s", "RETRY_TIMES=1",  # one more try in the run: transient faults pass
    "-s", "DOWNLOAD_MAXSIZE=262144",  # 256 KiB: the big page and the gzip bomb stop there, fast
    "-s", "DOWNLOAD_WARNSIZE=131072",
)  # fmt: skip
PEAK_MIB = 300  # the fixture portal takes about 210 MiB; the gzip bomb inflated to its 64 MiB, 340

# path -> (the fault, whether its article is archived in the end, what the log says
# of its URL, the stat that counts it). Each fault on an article of its own.
CASES = {
    "/jiliangyuzhiliang/63871.html": (Fault("500", times=1), True, "", "retry/reason_count/500 Internal Server Error"),
    "/jiliangwenhuayanjiu/57588.html": (Fault("503", times=1), True, "", "retry/reason_count/503 Service Unavailable"),
    "/jiliangwenhuayanjiu/57590.html": (Fault("reset"), False, "Article failed", "metrology/articles_failed/network"),
    "/jiliangwenhuayanjiu/57611.html": (Fault("stall"), False, "Article failed", "retry/reason_count/scrapy.exceptions.DownloadTimeoutError"),
    "/celiangjishu/63990.html": (Fault("redirect chain"), True, "", "downloader/response_status_count/307"),
    "/celiangjishu/64011.html": (Fault("redirect loop"), False, "Redirect loop", "metrology/redirect_loops"),
    "/jiliangyuzhiliang/63915.html": (Fault("redirect off host"), False, "Refused ", "metrology/offsite_refused"),
    "/jiliangyuzhiliang/63902.html": (Fault("pdf"), False, "Article failed", "metrology/articles_failed/extraction"),
    "/celiangjishu/63985.html": (Fault("empty"), False, "Article failed", "retry/reason_count/busy page"),
    "/celiangjishu/64020.html": (Fault("big"), False, "Article failed", "metrology/articles_failed/network"),
    "/jiliangyuzhiliang/63700.html": (Fault("gzip bomb"), False, "Article failed", "metrology/articles_failed/network"),
    "/jiliangwenhuayanjiu/57604.html": (Fault("cut"), False, "Page cut short", "metrology/pages_cut_short"),
    "/jiliangyuzhiliang/63755.html": (Fault("wrong charset"), True, "", "metrology/charset_from_meta"),
}  # fmt: skip


def expected(path: str) -> dict:
    record = json.loads((FIXTURES / "site" / path.lstrip("/")).with_suffix(".json").read_text(encoding="utf-8"))
    return {k: v for k, v in record.items() if k not in ("url", "crawled_at", "warc", "gone_at")}


@pytest.fixture(scope="module")
def faulty_crawl(tmp_path_factory):
    """One crawl of the portal with every fault of CASES at once, and a second run
    with the portal healed."""
    root = tmp_path_factory.mktemp("faults")
    site = root / "site"
    shutil.copytree(SITE, site)
    server = FixtureServer(site).start()
    elsewhere = FixtureServer(site).start()  # the same host name, another port
    server.elsewhere = elsewhere.url
    server.big_size = 1024**2
    for path, (fault, *_) in CASES.items():
        server.faults[path] = Fault(fault.kind, fault.times)
    archive = root / "archive"
    try:
        result, peak = run_crawl_measured(archive, "-a", f"start_urls={server.url}", *SETTINGS, timeout=120)
        first = {"result": result, "peak": peak, "records": archived(archive), "manifest": manifests(archive)[-1]}
        first["warc"] = root / "first-warc"
        shutil.copytree(archive / "warc", first["warc"])
        server.faults.clear()
        server.clear_log()
        healed, _ = run_crawl_measured(archive, "-a", f"start_urls={server.url}", *SETTINGS, timeout=120)
        second = {"result": healed, "records": archived(archive), "paths": server.paths()}
    finally:
        server.stop()
        elsewhere.stop()
    return server.url, first, second, elsewhere.paths()


def test_the_harness_covers_every_fault():
    # robots.txt's 500 and a page that declares no charset: tests of their own
    assert sorted([f.kind for f, *_ in CASES.values()] + ["no charset"]) == sorted(FAULTS)


def test_the_faulty_crawl_is_bounded_and_says_it_failed(faulty_crawl):
    _, first, _, elsewhere = faulty_crawl
    result = first["result"]
    assert first["peak"] < PEAK_MIB, f"peak memory {first['peak']:.0f} MiB"
    assert "MemoryError" not in result.stderr
    # No error but Scrapy giving up a retry (naming the URL) and the run's own checks
    # (Spidermon shows each failed check as a traceback).
    errors = [line for line in result.stderr.splitlines() if " ERROR: " in line]
    expected = ("Gave up retrying <GET ", "Run check failed", "[Spidermon]")
    assert all(any(e in line for e in expected) for line in errors), "\n".join(errors)
    assert result.returncode == 3  # unreadable articles among those listed: said in the exit status
    assert not first["manifest"]["checks"]["passed"]
    assert elsewhere == []  # nothing asked of the other host


@pytest.mark.parametrize("path", list(CASES), ids=[f.kind for f, *_ in CASES.values()])
def test_each_fault(faulty_crawl, path):
    base, first, second, _ = faulty_crawl
    _, recovers, said, counted = CASES[path]
    url = base + path.lstrip("/")
    log, manifest = first["result"].stderr, first["manifest"]
    mine = [r for r in first["records"] if r["url"] == url]
    if recovers:  # transient, or harmless: archived once, as the page says
        assert len(mine) == 1, log[-3000:]
        record = {k: v for k, v in mine[0].items() if k not in ("url", "crawled_at", "warc", "gone_at")}
        assert record == expected(path)
        assert url not in manifest["retry"]
    else:  # nothing archived for it, and on the retry list with what went wrong
        assert mine == []
        assert url in manifest["retry"] and manifest["failures"][url]["reason"]
        warnings = [line for line in log.splitlines() if "WARNING" in line and path in line]
        assert any(said in line for line in warnings), "\n".join(warnings) or log[-3000:]
    assert stat(log, counted) >= 1, counted
    # The next run, the portal healed: every article archived once, the page's own record.
    records = second["records"]
    assert second["result"].returncode == 0, second["result"].stderr[-3000:]
    mine = [r for r in records if r["url"] == url]
    assert len(mine) == 1
    assert {k: v for k, v in mine[0].items() if k not in ("url", "crawled_at", "warc", "gone_at")} == expected(path)


def test_nothing_is_lost_and_nothing_archived_twice(faulty_crawl):
    _, first, second, _ = faulty_crawl
    urls = [r["url"] for r in second["records"]]
    assert len(urls) == len(set(urls)) == 13
    assert set(first["manifest"]["retry"]) | {r["url"] for r in first["records"]} == set(urls)
    fetched = [p for p in second["paths"] if re.fullmatch(r"/\w+/\d+\.html", p)]
    assert sorted(fetched) == sorted(p for p, (_, ok, *_) in CASES.items() if not ok)  # only what failed


def test_robots_txt_that_answers_500_forbids_the_run(tmp_path):
    server = FixtureServer(SITE).start()
    server.faults["/robots.txt"] = Fault("500")
    try:
        result, peak = run_crawl_measured(tmp_path, "-a", f"start_urls={server.url}", *SETTINGS, timeout=60)
    finally:
        server.stop()
    assert set(server.paths()) == {"/robots.txt"}
    assert f"robots.txt of {server.url.split('/')[2]} cannot be read" in result.stderr
    assert stat(result.stderr, "metrology/robots_unreadable") == 1
    assert result.returncode == 3 and peak < PEAK_MIB
    assert not (tmp_path / "articles").exists()


def test_a_page_that_declares_no_charset_is_read_as_gb18030(tmp_path):
    # Scrapy would guess among its codecs (ptcp154 for a GBK page) and archive mojibake.
    path = "/jiliangyuzhiliang/63871.html"
    server = FixtureServer(SITE).start()
    server.faults[path] = Fault("no charset")
    try:
        result = run_crawl(tmp_path / "crawl", "-a", f"start_urls={server.url}{path.lstrip('/')}", *SETTINGS)
    finally:
        server.stop()
    assert result.returncode == 0, result.stderr[-3000:]
    assert stat(result.stderr, "metrology/charset_guessed") == 1
    assert f"{server.url}{path.lstrip('/')}: read as gb18030: no charset declared" in result.stderr
    [record] = archived(tmp_path / "crawl")
    assert {k: v for k, v in record.items() if k not in ("url", "crawled_at", "warc", "gone_at")} == expected(path)
    # Its capture, re-extracted, gives the same record.
    again = run_reextract(tmp_path / "again", tmp_path / "crawl" / "warc")
    assert again.returncode == 0, again.stderr[-3000:]
    assert [r["title"] for r in archived(tmp_path / "again")] == [record["title"]]


# A side box's headlines.
_LINES = "".join(f"<li>第{n}季度计量器具强制检定工作总结</li>" for n in "一二三四")


@pytest.mark.parametrize(
    ("header", "body", "read_as"),
    [
        # A Big5 page's Hong Kong characters (衞 峯) are Big5-HKSCS: read as browsers read big5.
        ("text/html; charset=iso-8859-1", '<meta charset="big5"><h1>衞生 峯會</h1>'.encode("big5hkscs"), "big5hkscs"),
        ("text/html; charset=utf-8", '<meta charset="gbk"><h1>喆 堃</h1>'.encode("gb18030"), "gb18030"),
        ("text/html; charset=utf-8", '<meta charset="utf-8"><h1>计量</h1>'.encode(), None),
        # Nothing declares a charset: GB18030 unless the bytes are UTF-8.
        ("text/html", "<h1>计量测试</h1>".encode("gb18030"), "gb18030"),
        ("text/html", "<h1>计量测试</h1>".encode(), None),
        ("text/html", b"\xef\xbb\xbf" + "<h1>计量</h1>".encode(), None),
        # Only the header declares one, and the bytes say otherwise (a Java server's Latin-1).
        ("text/html; charset=iso-8859-1", "<h1>计量测试</h1>".encode("gb18030"), "gb18030"),
        ("text/html; charset=utf-8", "<h1>计量测试</h1>".encode("gb18030"), "gb18030"),
        ("text/html; charset=iso-8859-1", "<h1>计量测试</h1>".encode(), "utf-8"),
        ("text/html; charset=iso-8859-1", "<h1>café</h1>".encode("latin-1"), None),
        # The page's own declaration is what its bytes are not: an old GBK page under a
        # utf-8 <meta> (or an XML declaration's), UTF-8 text under an old gb2312 <meta>.
        ("text/html", '<meta charset="utf-8"><h1>计量测试</h1>'.encode("gb18030"), "gb18030"),
        ("text/html; charset=iso-8859-1", '<meta charset="utf-8"><h1>计量测试</h1>'.encode("gb18030"), "gb18030"),
        ("text/html", '<meta charset="gb2312"><h1>计量测试</h1>'.encode(), "utf-8"),
        ("text/html; charset=iso-8859-1", '<meta charset="gb2312"><h1>计量测试</h1>'.encode(), "utf-8"),
        ("text/html", '<?xml version="1.0" encoding="utf-8"?><meta charset="gb2312"><h1>计量测试</h1>'.encode("gb18030"), "gb18030"),
        ("text/html", '<meta charset="gb2312"><h1>计量测试</h1>'.encode("gb18030"), None),
        # A stray byte (a side box's headline cut in the middle of a character by a byte-counting
        # substr: 任\xce...) leaves a page in the charset of all its other bytes.
        ("text/html; charset=utf-8", ('<meta charset="gb2312"><h1>计量测试</h1>' + _LINES + "<li>年度检定任").encode("gb18030") + b"\xce...</li>", "gb18030"),
        ("text/html; charset=utf-8", ("<h1>计量测试</h1>" + _LINES + "<li>年度检定任").encode("gb18030") + b"\xce...</li>", "gb18030"),
        ("text/html", ("<h1>计量测试</h1>" + _LINES + "<li>年度检定任").encode() + b"\xe5\x8a...</li>", "utf-8"),
        ("text/html", ('<meta charset="utf-8"><h1>计量测试</h1>' + _LINES + "<li>年度检定任").encode() + b"\xe5\x8a...</li>", None),
        # An old XHTML page's GBK, declared by its XML declaration alone, behind a server that says utf-8.
        ("text/html; charset=utf-8", '<?xml version="1.0" encoding="gb2312"?><h1>计量测试</h1>'.encode("gb18030"), "gb18030"),
    ],
)
def test_the_charset_a_page_is_read_in(header, body, read_as):
    response = HtmlResponse("http://h.example/a/1.html", body=body, headers={"Content-Type": header})
    assert (meta_charset(response) or misdeclared_charset(response) or undeclared_charset(response)) == read_as
    heading = response.replace(encoding=read_as or response.encoding).xpath("string(//h1)").get()
    assert heading in ("衞生 峯會", "喆 堃", "计量", "计量测试", "café")


def test_a_rebuild_from_the_faulty_capture_archives_nothing_cut(faulty_crawl, tmp_path):
    base, first, _, _ = faulty_crawl
    cut = base + "jiliangwenhuayanjiu/57604.html"
    truncated = [
        h.get_header("WARC-Target-URI")
        for _, kind, h, *_ in warc_records(first["warc"])
        if kind == "response" and h.get_header("WARC-Truncated") == "disconnect"
    ]
    assert truncated == [cut, cut]  # both tries captured, marked cut short
    result = run_reextract(tmp_path, first["warc"])
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    assert f"Article failed: {cut} (cut short" in result.stderr
    key = lambda r: (r["url"], r["title"], r["paragraphs"])  # noqa: E731
    assert sorted(map(key, archived(tmp_path))) == sorted(map(key, first["records"]))
    assert cut in manifests(tmp_path)[-1]["retry"]


def test_a_body_cut_short_once_is_fetched_again_and_archived_whole(tmp_path):
    server = FixtureServer(SITE).start()
    path = "/celiangjishu/63990.html"
    server.faults[path] = Fault("cut", times=1)
    try:
        result, _ = run_crawl_measured(tmp_path, "-a", f"start_urls={server.url}celiangjishu/", *SETTINGS, timeout=60)
    finally:
        server.stop()
    assert result.returncode == 0, result.stderr[-3000:]
    assert server.paths().count(path) == 2
    assert "Page cut short (" in result.stderr and f"to be fetched again: {server.url}{path[1:]}" in result.stderr
    assert stat(result.stderr, "retry/reason_count/cut short") == 1
    [record] = [r for r in archived(tmp_path) if r["url"] == server.url + path[1:]]
    assert {k: v for k, v in record.items() if k not in ("url", "crawled_at", "warc", "gone_at")} == expected(path)


def test_an_error_page_sent_without_a_length_is_not_a_page_cut_short():
    # (an old IIS's robots.txt 404 over HTTP/1.0: no page of ours, never retried as cut)
    from scrapy.http import HtmlResponse

    from metrology_spider.middlewares import cut_short

    def response(status: int) -> HtmlResponse:
        return HtmlResponse("http://www.example.cn/robots.txt", status=status, body=b"not found", flags=["partial"])

    assert cut_short(response(200)) and not cut_short(response(404)) and not cut_short(response(500))
