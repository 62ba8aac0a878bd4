"""Scheduled runs on the fixture portal: incremental, resumable, locked, accountable."""

from __future__ import annotations

import gzip
import json
import os
import shutil
import signal
import subprocess
import sys
from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path
from typing import ClassVar

import pytest
from spidermon import Monitor, MonitorSuite, monitors

from metrology_spider.archive import ArchiveReader, archive_files
from metrology_spider.monitors import RecordFailedChecks
from tests.conftest import REPO, archived, manifests, run_crawl, run_reextract, warc_records
from tests.fixture_site import SITE, FixtureServer

ALL_IDS = [57588, 57590, 57604, 57611, 63700, 63755, 63871, 63902, 63915, 63985, 63990, 64011, 64020]


@pytest.fixture
def portal(tmp_path):
    """A copy of the fixture portal that a test may change, served from 127.0.0.1."""
    root = tmp_path / "site"
    shutil.copytree(SITE, root)
    server = FixtureServer(root).start()
    yield server
    server.stop()


def crawl(server: FixtureServer, archive: Path, *args: str) -> subprocess.CompletedProcess:
    server.clear_log()
    return run_crawl(archive, "-a", f"start_urls={server.url}", *args)


def ids(archive: Path) -> list[int]:
    return sorted(r["id"] for r in archived(archive))


def publish(root: Path, ident: int, title: str) -> None:
    """A new article on top of 计量与质量's first list page, made from an existing page."""
    page = (root / "jiliangyuzhiliang/63902.html").read_text(encoding="utf-8")
    old_title = "国家市场监管部门部署集贸市场计量监督检查"
    (root / f"jiliangyuzhiliang/{ident}.html").write_text(page.replace(old_title, title), encoding="utf-8")
    listing = root / "jiliangyuzhiliang/index.html"
    first_item = '      <li>\n        <a href="/jiliangyuzhiliang/63915.html"'
    text = listing.read_text(encoding="utf-8")
    assert first_item in text
    new_item = f'      <li>\n        <a href="/jiliangyuzhiliang/{ident}.html" class="title">{title}</a>\n      </li>\n'
    listing.write_text(text.replace(first_item, new_item + first_item), encoding="utf-8")


def test_second_run_fetches_only_what_is_new(portal, tmp_path):
    archive = tmp_path / "archive"
    assert crawl(portal, archive).returncode == 0
    assert ids(archive) == ALL_IDS

    # Unchanged portal: robots.txt, the home page, one list page per category.
    result = crawl(portal, archive)
    assert result.returncode == 0, result.stderr[-2000:]
    assert sorted(portal.paths()) == sorted(
        ["/robots.txt", "/", "/jiliangyuzhiliang/", "/jiliangwenhuayanjiu/", "/celiangjishu/"]
    )
    assert ids(archive) == ALL_IDS

    publish(portal.root, 63950, "计量器具强制检定工作座谈会召开")
    publish(portal.root, 63951, "全国计量技术机构能力建设工作推进会召开")
    result = crawl(portal, archive)
    assert result.returncode == 0, result.stderr[-2000:]
    assert sorted(portal.paths()) == sorted(
        [
            "/robots.txt", "/", "/jiliangyuzhiliang/", "/jiliangwenhuayanjiu/", "/celiangjishu/",
            "/jiliangyuzhiliang/63950.html", "/jiliangyuzhiliang/63951.html",
            "/jiliangyuzhiliang/list_12_2.html",  # the page after: only archived articles, so stop
        ]
    )  # fmt: skip
    assert ids(archive) == sorted([*ALL_IDS, 63950, 63951])
    titles = {r["id"]: r["title"] for r in archived(archive)}
    assert titles[63951] == "全国计量技术机构能力建设工作推进会召开"
    last = manifests(archive)[-1]
    assert last["status"] == "finished" and last["counts"]["articles_new"] == 2
    assert last["counts"]["pages_fetched"] == 8 and last["checks"]["passed"]


def test_failed_article_is_retried_by_the_next_run(portal, tmp_path):
    archive = tmp_path / "archive"
    portal.failing.add("/jiliangyuzhiliang/63700.html")  # deep on page 2
    assert crawl(portal, archive, "-s", "RETRY_TIMES=0").returncode == 0
    assert 63700 not in ids(archive)
    assert manifests(archive)[-1]["retry"] == [f"{portal.url}jiliangyuzhiliang/63700.html"]
    statuses = {
        headers.get_header("WARC-Target-URI"): http.get_statuscode()
        for _, kind, headers, http, _ in warc_records(archive / "warc")
        if kind == "response"
    }
    assert statuses[f"{portal.url}jiliangyuzhiliang/63700.html"] == "500"  # error responses are kept too

    portal.failing.clear()
    assert crawl(portal, archive).returncode == 0
    assert "/jiliangyuzhiliang/63700.html" in portal.paths()
    assert "/jiliangyuzhiliang/list_12_2.html" not in portal.paths()  # paging stopped early all the same
    assert ids(archive) == ALL_IDS
    assert manifests(archive)[-1]["retry"] == []


def move_article(portal: FixtureServer, to: str) -> None:
    """The portal moves article 63990 to ``celiangjishu/new/<to>``: its old link answers 301."""
    (portal.root / "celiangjishu/new").mkdir()
    shutil.copy(portal.root / "celiangjishu/63990.html", portal.root / f"celiangjishu/new/{to}")
    portal.redirects["/celiangjishu/63990.html"] = f"/celiangjishu/new/{to}"


def test_redirected_article_keeps_its_linked_url_and_is_not_retried(portal, tmp_path):
    archive = tmp_path / "archive"
    move_article(portal, "63990.html")
    assert crawl(portal, archive).returncode == 0
    record = next(r for r in archived(archive) if r["id"] == 63990)
    assert record["url"] == f"{portal.url}celiangjishu/63990.html"
    assert manifests(archive)[-1]["retry"] == []
    assert crawl(portal, archive).returncode == 0
    assert "/celiangjishu/63990.html" not in portal.paths()  # archived under the linked URL


def test_a_link_redirected_to_another_ids_url_is_remembered_not_fetched_again(portal, tmp_path):
    # The portal moves an article: its old link answers 301 to a URL of another number. The
    # record keeps the linked URL and takes the page's id; the manifest remembers the link
    # (aliases), so the next run does not fetch it as an article it never archived.
    archive = tmp_path / "archive"
    move_article(portal, "70001.html")
    assert crawl(portal, archive).returncode == 0
    record = next(r for r in archived(archive) if r["id"] == 70001)
    assert record["url"] == f"{portal.url}celiangjishu/63990.html"
    assert manifests(archive)[-1]["aliases"] == {f"{portal.url}celiangjishu/63990.html": 70001}
    assert manifests(archive)[-1]["retry"] == []
    portal.clear_log()
    assert crawl(portal, archive, "-s", "STOP_AFTER_ARCHIVED_PAGES=100").returncode == 0
    assert "/celiangjishu/63990.html" not in portal.paths()
    assert len([r for r in archived(archive) if r["id"] == 70001]) == 1


def test_a_link_redirected_to_a_page_the_run_asked_for_already_is_remembered(portal, tmp_path):
    # Two links to one article, one redirecting to the other (WordPress's …/slug to …/slug/, an
    # old slug to the new one another list links): the redirect, a repeat, is dropped by
    # Scrapy's duplicate filter; the link is remembered all the same, so that the next run of
    # the unchanged site neither fetches it nor writes the article again under that link.
    archive = tmp_path / "archive"
    listing = portal.root / "celiangjishu/list_45_2.html"
    item = '<li><a href="/celiangjishu/63985.html">'
    listing.write_text(
        listing.read_text("utf-8").replace(item, '<li><a href="/2017/09/wendu-guding-dian/">温度计量中的固定点及其复现</a></li>' + item),
        encoding="utf-8",
    )
    portal.redirects["/2017/09/wendu-guding-dian/"] = "/celiangjishu/63990.html"
    assert crawl(portal, archive).returncode == 0
    assert manifests(archive)[-1]["aliases"].get(f"{portal.url}2017/09/wendu-guding-dian/") == 63990
    assert crawl(portal, archive, "-s", "STOP_AFTER_ARCHIVED_PAGES=100").returncode == 0
    counts = manifests(archive)[-1]["counts"]
    assert counts.get("articles_new", 0) == counts.get("articles_updated", 0) == 0
    assert "/2017/09/wendu-guding-dian/" not in portal.paths()


def test_a_list_page_that_failed_is_walked_by_the_next_run(portal, tmp_path):
    # A list's next page answers 500 (every try) in one run: its articles are not reached. The
    # next run, the portal healthy again, would stop on the list's first page (it holds only
    # archived articles) and never reach them: the manifest names the failed page, and the next
    # run walks every list page once.
    archive = tmp_path / "archive"
    portal.failing.add("/celiangjishu/list_45_2.html")
    assert crawl(portal, archive).returncode == 0
    assert manifests(archive)[-1]["lists_failed"] == [f"{portal.url}celiangjishu/list_45_2.html"]
    assert not {63990, 63985} & set(ids(archive))
    portal.failing.clear()
    assert crawl(portal, archive).returncode == 0
    assert {63990, 63985} <= set(ids(archive))
    assert manifests(archive)[-1]["lists_failed"] == []
    assert crawl(portal, archive).returncode == 0
    assert "/celiangjishu/list_45_2.html" not in portal.paths()  # (stopping early again)


def test_an_article_whose_old_url_is_dead_but_that_the_site_links_anew_is_not_gone(portal, tmp_path):
    # A column regenerated under a new folder without redirects: the article's archived URL
    # answers 404, the list links it at its new URL (the same id). A refresh must not mark it
    # gone (the latest records of an archive would drop a live article for good).
    archive = tmp_path / "archive"
    assert crawl(portal, archive).returncode == 0
    (portal.root / "celiangjishu/new").mkdir()
    shutil.move(portal.root / "celiangjishu/63985.html", portal.root / "celiangjishu/new/63985.html")
    listing = portal.root / "celiangjishu/list_45_2.html"
    listing.write_text(listing.read_text("utf-8").replace("/celiangjishu/63985.html", "/celiangjishu/new/63985.html"), encoding="utf-8")
    result = crawl(portal, archive, "-a", "refresh=1", "-s", "GONE_AFTER_HOURS=0", "-s", "STOP_AFTER_ARCHIVED_PAGES=100")
    assert result.returncode == 0, result.stderr[-2000:]
    latest = [r for r in archived(archive) if r["id"] == 63985][-1]
    assert latest["gone_at"] is None and latest["title"]


def test_a_refresh_whose_view_counter_fails_writes_no_record_with_a_hole(portal, tmp_path):
    # The count script answers 404 for one article on a refresh: its count was not read, which
    # says nothing new; the archived record stands (no record with views null, "updated").
    archive = tmp_path / "archive"
    assert crawl(portal, archive).returncode == 0
    views = portal.root / "plus/views.json"
    counts = json.loads(views.read_text())
    del counts["57604"]
    views.write_text(json.dumps(counts))
    result = crawl(portal, archive, "-a", "refresh=1")
    assert "View count not fetched for" in result.stderr
    assert [r["views"] for r in archived(archive) if r["id"] == 57604] == [8309]
    assert manifests(archive)[-1]["counts"]["articles_updated"] == 0


def test_full_run_adds_no_duplicates(portal, tmp_path):
    archive = tmp_path / "archive"
    crawl(portal, archive)
    result = crawl(portal, archive, "-a", "full=1")
    assert result.returncode == 0, result.stderr[-2000:]
    assert "/jiliangyuzhiliang/list_12_2.html" in portal.paths()  # walked everything
    assert ids(archive) == ALL_IDS  # and wrote nothing new
    assert manifests(archive)[-1]["counts"]["articles_unchanged"] == len(ALL_IDS)
    assert manifests(archive)[-1]["retry"] == []  # unchanged articles are settled, not left to retry


def test_refresh_keeps_view_history_and_marks_deletions(portal, tmp_path):
    archive = tmp_path / "archive"
    crawl(portal, archive)
    views = portal.root / "plus/views.json"
    views.write_text(json.dumps(dict(json.loads(views.read_text()), **{"57604": 8400})))
    (portal.root / "celiangjishu/63985.html").unlink()  # now 404

    result = crawl(portal, archive, "-a", "refresh=1", "-s", "GONE_AFTER_HOURS=0")  # one 404 is enough
    assert result.returncode == 0, result.stderr[-2000:]
    records = archived(archive)
    assert Counter(r["id"] for r in records) == Counter({**dict.fromkeys(ALL_IDS, 1), 57604: 2, 63985: 2})
    history = [r["views"] for r in records if r["id"] == 57604]
    assert history == [8309, 8400]
    gone = [r for r in records if r["id"] == 63985][-1]
    assert gone["gone_at"] and gone["crawled_at"] == gone["gone_at"] and gone["title"] is None
    counts = manifests(archive)[-1]["counts"]
    assert (counts["articles_updated"], counts["articles_gone"], counts["articles_unchanged"]) == (1, 1, 11)
    assert manifests(archive)[-1]["retry"] == []  # nothing failed: nothing to retry

    # A second refresh looks at the gone article again and finds nothing new to say.
    crawl(portal, archive, "-a", "refresh=1")
    assert "/celiangjishu/63985.html" in portal.paths()
    assert len(archived(archive)) == len(records)
    assert manifests(archive)[-1]["retry"] == []


def test_an_article_is_marked_gone_only_on_evidence_and_its_return_is_recorded(portal, tmp_path):
    archive = tmp_path / "archive"
    url = f"{portal.url}celiangjishu/63985.html"
    assert crawl(portal, archive).returncode == 0
    page = portal.root / "celiangjishu/63985.html"
    kept = page.read_bytes()
    page.unlink()  # now 404

    # One 404, then another the same day: not gone yet (GONE_AFTER_HOURS, 24 by default).
    for _ in range(2):
        result = crawl(portal, archive, "-a", "refresh=1")
        assert result.returncode == 0, result.stderr[-2000:]
        assert not [r for r in archived(archive) if r["gone_at"]]
        assert f"not marked gone until it still does 24.0 h later: {url}" in result.stderr
        last = manifests(archive)[-1]
        assert list(last["missing"]) == [url] and last["counts"]["articles_missing"] == 1
        assert last["retry"] == []  # no failure: the article is archived, its page may come back
    first_seen = last["missing"][url]

    # A day later (the manifest's clock set back), an ordinary run looks at it again: gone.
    path = archive / "runs" / f"{last['run']}.json"
    earlier = (datetime.fromisoformat(first_seen) - timedelta(hours=25)).isoformat().replace("+00:00", "Z")
    path.write_text(json.dumps(dict(last, missing={url: earlier})), encoding="utf-8")
    result = crawl(portal, archive)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "/celiangjishu/63985.html" in portal.paths()
    assert [r["id"] for r in archived(archive) if r["gone_at"]] == [63985]
    assert manifests(archive)[-1]["missing"] == {} and manifests(archive)[-1]["counts"]["articles_gone"] == 1

    # It comes back: a refresh looks at gone articles too, and records its return.
    page.write_bytes(kept)
    result = crawl(portal, archive, "-a", "refresh=1")
    assert result.returncode == 0, result.stderr[-2000:]
    history = [r for r in archived(archive) if r["id"] == 63985]
    assert [bool(r["gone_at"]) for r in history] == [False, True, False]
    assert history[-1]["title"] == history[0]["title"]
    assert manifests(archive)[-1]["counts"]["articles_updated"] == 1


def crawl_command(server: FixtureServer, archive: Path, *args: str) -> list[str]:
    return [
        sys.executable, "-m", "scrapy", "crawl", "metrology", "-a", f"start_urls={server.url}",
        "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", f"ARCHIVE_DIR={archive}", *args,
    ]  # fmt: skip


def test_sigkill_then_next_run_completes_the_archive(portal, tmp_path):
    archive = tmp_path / "archive"
    # The portal answers everything but two categories' articles: the run is killed
    # with those in flight, every other article archived.
    portal.hold("/celiangjishu/6", "/jiliangyuzhiliang/6")
    command = crawl_command(portal, archive, "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=16")  # held ones aside
    killed = subprocess.Popen(command, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        others = [57588, 57590, 57604, 57611]
        portal.wait_for(
            lambda: archive.joinpath("articles").exists() and ids(archive) == others, "the others archived"
        )
        portal.wait_for(
            lambda: any(p.startswith("/celiangjishu/6") for p in portal.paths()), "a held request"
        )
    finally:
        killed.send_signal(signal.SIGKILL)
        killed.wait(timeout=30)
        portal.release()
    assert ids(archive) == others
    assert manifests(archive)[-1]["status"] == "running"  # the killed run's account

    result = crawl(portal, archive)
    assert result.returncode == 0, result.stderr[-2000:]
    assert ids(archive) == ALL_IDS  # whole, and every article once
    assert "walking every list page" in result.stderr


def test_torn_last_line_is_repaired_and_its_article_fetched_again(portal, tmp_path):
    archive = tmp_path / "archive"
    crawl(portal, archive)
    path = archive_files(archive)[0]
    # Make 63985 (on 计量测试技术's second list page, which an incremental run would
    # not reach) the last line, then tear it as a crash in the middle of its write would.
    lines = path.read_bytes().splitlines(keepends=True)
    torn = next(line for line in lines if b'"id": 63985,' in line)
    lines.remove(torn)
    data = b"".join(lines)
    path.write_bytes(data + torn[:50])

    result = crawl(portal, archive)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Cutting a torn last line" in result.stderr
    assert path.read_bytes() == data  # only the torn bytes went
    assert ids(archive) == ALL_IDS  # 63985 fetched again
    assert "/celiangjishu/63985.html" in portal.paths()


def test_a_second_run_on_the_same_archive_exits_at_once(portal, tmp_path):
    archive = tmp_path / "archive"
    portal.hold("/")  # the first run waits on its first request for as long as the test needs
    first = subprocess.Popen(
        crawl_command(portal, archive), cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        portal.wait_for(lambda: portal.paths(), "the first run's first request")
        # It would wait for the first run forever (the test's timeout) if it waited at all.
        second = run_crawl(archive, "-a", f"start_urls={portal.url}", timeout=60)
        assert second.returncode == 2
        assert "is in use by metrology run" in second.stderr
        assert "Traceback" not in second.stderr
    finally:
        first.send_signal(signal.SIGKILL)  # a dead holder leaves no stuck lock
        first.wait(timeout=30)
        portal.release()
    third = crawl(portal, archive)
    assert third.returncode == 0, third.stderr[-2000:]


def test_markup_the_extractor_fails_on_gives_a_non_zero_exit(portal, tmp_path):
    # The portal "changes its markup": its articles are drawn by a script now.
    for page in [*portal.root.glob("*/6*.html"), *portal.root.glob("*/5*.html")]:
        text = page.read_bytes().decode("utf-8", "replace")
        head = text[: text.index("<body")]
        page.write_text(head + '<body><div id="app"></div><script src="/app.js"></script></body></html>')
    result = crawl(portal, tmp_path / "archive")
    assert result.returncode == 3
    assert "Run check failed" in result.stderr and "has the portal changed its markup?" in result.stderr
    assert manifests(tmp_path / "archive")[-1]["checks"]["passed"] is False


_IMPORTS_OF_A_CRAWL = """
import sys, traceback
from scrapy.cmdline import execute

class Probe:
    # Says where jsonschema (Spidermon's extension imports it) was first imported from.
    def find_spec(self, name, path, target=None):
        if name == "jsonschema":
            stack = "".join(traceback.format_stack())
            print("jsonschema imported " + ("when the spider closed" if "spider_closed" in stack else "early:\\n" + stack))
        return None

sys.meta_path.insert(0, Probe())
try:
    execute(["scrapy", "crawl", "metrology", *sys.argv[1:]])
finally:
    servers = ("aiohttp", "scrapy.extensions.remote_control", "twisted.conch", "scrapy.extensions.telnet")
    print("imported:", " ".join(m for m in servers if m in sys.modules))
"""


def test_spidermon_s_extension_is_loaded_when_the_spider_closes(portal, tmp_path):
    # Its import (jsonschema) is 0.15 s of start-up that a run pays only for its checks.
    archive = tmp_path / "archive"
    args = ["-a", f"start_urls={portal.url}", "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False"]
    command = [sys.executable, "-c", _IMPORTS_OF_A_CRAWL, *args, "-s", f"ARCHIVE_DIR={archive}"]
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.splitlines()[0] == "jsonschema imported when the spider closed"
    # ... and the checks ran (they passed).
    assert manifests(archive)[-1]["checks"] == {"passed": True, "failed": []}
    assert "[metrology_spider.monitors] ERROR" not in done.stderr
    # Scrapy's remote control (aiohttp: 10 MB, 0.1 s) and telnet console, both off, are
    # never imported (metrology_spider/optional.py), nor said to be disabled in every run.
    assert done.stdout.splitlines()[-1].strip() == "imported:"
    assert "Disabled metrology_spider.optional" not in done.stderr


def test_the_remote_control_and_telnet_console_work_when_turned_on(portal, tmp_path):
    # The stand-ins make Scrapy's own extensions when their settings ask for them.
    args = ["-a", f"start_urls={portal.url}", "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False"]
    on = [
        "-s", "TELNETCONSOLE_ENABLED=True", "-s", "REMOTE_CONTROL_ENABLED=True",
        "-s", f"REMOTE_CONTROL_JOBS_DIR={tmp_path / 'jobs'}",  # (its job file, while it listens)
        # (the remote control wants asyncio; the project's reactor is Twisted's epoll one)
        "-s", "TWISTED_REACTOR=twisted.internet.asyncioreactor.AsyncioSelectorReactor",
    ]  # fmt: skip
    command = [sys.executable, "-c", _IMPORTS_OF_A_CRAWL, *args, *on, "-s", f"ARCHIVE_DIR={tmp_path / 'a'}"]
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "[scrapy.extensions.telnet] INFO: Telnet console listening on 127.0.0.1:" in done.stderr
    assert "[scrapy.extensions.remote_control] INFO: Remote control HTTP server listening" in done.stderr


class AtOpening(MonitorSuite):
    """A suite of the operator's own, run when the spider opens."""

    @monitors.name("Opening")
    class Opening(Monitor):
        @monitors.name("the opening suite ran")
        def test_fails(self):
            self.fail("the opening suite ran")

    monitors: ClassVar[list] = [Opening]
    monitors_failed_actions: ClassVar[list] = [RecordFailedChecks]


def test_spidermon_s_other_suites_still_run_with_the_project_s_checks(portal, tmp_path):
    result = crawl(
        portal, tmp_path / "archive", "-s", "SPIDERMON_SPIDER_OPEN_MONITORS=tests.test_runs.AtOpening"
    )
    assert "Run check failed: Opening/the opening suite ran: the opening suite ran" in result.stderr
    # The project's own checks ran at the end as before (and passed); the operator's
    # failed check fails the run.
    assert "Run/pages were fetched... OK" in result.stderr
    assert result.returncode == 3, result.stderr[-3000:]
    failed = ["Opening/the opening suite ran: the opening suite ran"]
    assert manifests(tmp_path / "archive")[-1]["checks"] == {"passed": False, "failed": failed}


def test_a_closing_suite_that_cannot_be_found_stops_the_run_before_it_starts(portal, tmp_path):
    result = crawl(portal, tmp_path / "archive", "-s", "SPIDERMON_SPIDER_CLOSE_MONITORS=tests.test_runs.NoSuchSuite")
    assert result.returncode != 0
    assert "NoSuchSuite" in result.stderr
    assert portal.paths() == []  # nothing fetched


class BrokenAtClose(MonitorSuite):
    """A suite that cannot even be made when the spider closes."""

    def __init__(self, *args, **kwargs):
        raise RuntimeError("this suite is broken")


def test_checks_that_cannot_run_fail_the_run(portal, tmp_path):
    suites = "metrology_spider.monitors.RunChecks,tests.test_runs.BrokenAtClose"
    result = crawl(portal, tmp_path / "archive", "-s", f"SPIDERMON_SPIDER_CLOSE_MONITORS={suites}")
    assert result.returncode == 3, result.stderr[-3000:]
    assert "The end-of-run checks could not run" in result.stderr
    checks = manifests(tmp_path / "archive")[-1]["checks"]
    assert checks["passed"] is False
    assert checks["failed"] == ["the checks could not run: RuntimeError('this suite is broken')"]


def test_sigint_stops_cleanly_and_jobdir_resumes_with_robots_txt_obeyed(portal, tmp_path):
    archive, job = tmp_path / "archive", tmp_path / "job"
    # One request at a time, and the second list page of 计量与质量 (which links a
    # page robots.txt forbids) held: when Ctrl-C comes, that list page is in flight
    # and the rest of the crawl waits in the job directory's queue. Breadth first, so
    # that the home page's articles come before that page (LIFO reached it first in some
    # runs: nothing archived before Ctrl-C, the test's premise gone).
    command = crawl_command(
        portal, archive, "-s", f"JOBDIR={job}", "-s", "CONCURRENT_REQUESTS=1", "-s", "DEPTH_PRIORITY=1"
    )
    portal.hold("/jiliangyuzhiliang/list_12_2.html")
    first = subprocess.Popen(command, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        portal.wait_for(lambda: "/jiliangyuzhiliang/list_12_2.html" in portal.paths(), "the held list page")
        first.send_signal(signal.SIGINT)  # Ctrl-C: finish what is in flight, then stop
    finally:
        portal.release()
    assert first.wait(timeout=60) == 4  # (interrupted: not all is well, cron is told so)
    assert manifests(archive)[-1]["status"] == "interrupted"
    assert 0 < len(ids(archive)) < len(ALL_IDS)

    portal.clear_log()
    resumed = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=120)
    assert resumed.returncode == 0, resumed.stderr[-2000:]
    assert "Resuming crawl" in resumed.stderr
    assert ids(archive) == ALL_IDS
    assert portal.paths()[0] == "/robots.txt"
    assert not [p for p in portal.paths() if p.startswith("/private/")]  # robots.txt, after a resume too


def test_sigterm_to_the_process_group_stops_the_run_cleanly_and_says_interrupted(portal, tmp_path):
    """cron's or a shell's SIGTERM to the crawl's process group reaches its extraction
    process too: that process leaves the stopping to the crawl (no ERROR that it ended in
    the middle of the crawl), and the run ends interrupted, exit status 4."""
    archive = tmp_path / "archive"
    command = crawl_command(portal, archive, "-s", "EXTRACTION_PROCESSES=1", "-s", "CONCURRENT_REQUESTS=1")
    portal.hold("/jiliangyuzhiliang/list_12_2.html")
    run = subprocess.Popen(command, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        portal.wait_for(lambda: "/jiliangyuzhiliang/list_12_2.html" in portal.paths(), "the held list page")
        os.killpg(run.pid, signal.SIGTERM)
    finally:
        portal.release()
    _, stderr = run.communicate(timeout=60)
    assert run.returncode == 4, stderr[-2000:]
    assert "ended in the middle of the crawl" not in stderr
    assert manifests(archive)[-1]["status"] == "interrupted"


def test_a_busy_page_is_fetched_again_in_the_same_run(portal, tmp_path):
    archive = tmp_path / "archive"
    portal.busy["/celiangjishu/63990.html"] = 1  # 系统繁忙 once, then the article
    portal.busy["/celiangjishu/"] = 1  # a list page too
    result = crawl(portal, archive)
    assert result.returncode == 0, result.stderr[-2000:]
    assert ids(archive) == ALL_IDS
    assert portal.paths().count("/celiangjishu/63990.html") == 2
    assert manifests(archive)[-1]["retry"] == []
    assert (
        "Busy or empty page, to be fetched again: " + f"{portal.url}celiangjishu/63990.html" in result.stderr
    )


def test_a_view_counter_that_stops_answering_fails_the_field_drift_check(portal, tmp_path):
    archive = tmp_path / "archive"
    assert crawl(portal, archive).returncode == 0
    # Five new articles whose view count a script writes; the counter knows none of them.
    template = (portal.root / "celiangjishu/64020.html").read_text(encoding="utf-8")
    listing = portal.root / "celiangjishu/index.html"
    items = ""
    for ident in range(64101, 64106):
        page = template.replace("aid=64020", f"aid={ident}").replace(
            "北斗卫星导航定位设备", f"第{ident}号计量器具"
        )
        (portal.root / f"celiangjishu/{ident}.html").write_text(page, encoding="utf-8")
        items += (
            f'    <li><a href="/celiangjishu/{ident}.html">第{ident}号计量器具检测能力建设取得进展</a></li>\n'
        )
    text = listing.read_text(encoding="utf-8")
    first = '    <li><a href="/celiangjishu/64020.html">'
    listing.write_text(text.replace(first, items + first), encoding="utf-8")

    result = crawl(portal, archive)
    assert result.returncode == 3, result.stderr[-2000:]
    assert "views from 100% of the archive's 13 records to 0% of this run's 5" in result.stderr
    last = manifests(archive)[-1]
    assert last["checks"]["passed"] is False and last["coverage"]["views"] == 0
    assert ids(archive) == sorted([*ALL_IDS, *range(64101, 64106)])  # archived all the same


def test_failures_stay_listed_and_counted_run_after_run_and_retries_are_bounded(portal, tmp_path):
    archive = tmp_path / "archive"
    deep = [f"{portal.url}jiliangyuzhiliang/63700.html", f"{portal.url}celiangjishu/63985.html"]  # on page 2
    portal.failing.update(u.removeprefix(portal.url.rstrip("/")) for u in deep)
    assert crawl(portal, archive, "-s", "RETRY_TIMES=0").returncode == 0  # two dead links are tolerated
    failures = manifests(archive)[-1]["failures"]
    assert sorted(failures) == sorted(deep) and {f["runs"] for f in failures.values()} == {1}
    assert failures[deep[0]]["reason"] == "HTTP 500"

    assert crawl(portal, archive, "-s", "RETRY_TIMES=0", "-s", "MAX_RETRIES_PER_RUN=1").returncode == 0
    last = manifests(archive)[-1]
    assert last["counts"]["articles_retried"] == 1 and sorted(last["retry"]) == sorted(deep)
    assert sorted(f["runs"] for f in last["failures"].values()) == [1, 2]

    result = crawl(portal, archive, "-s", "RETRY_TIMES=0")
    assert sorted(f["runs"] for f in manifests(archive)[-1]["failures"].values()) == [2, 3]
    assert "2 to retry (1 failed in 3 or more runs), first: " in result.stderr

    portal.failing.clear()
    assert crawl(portal, archive).returncode == 0
    assert ids(archive) == ALL_IDS and manifests(archive)[-1]["retry"] == []


def test_a_dead_link_never_archived_is_given_up_after_three_runs_and_stops_no_paging(portal, tmp_path):
    """Every list page's footer links 关于我们 at an article-shaped URL; when it answers 404
    (never archived), it fails, is retried, and after NOT_FOUND_RUNS runs in a row it is
    remembered as no article: not asked for again. Meanwhile, a link on the retry list is
    nothing new: an unchanged portal's lists still stop after their first page."""
    archive = tmp_path / "archive"
    (portal.root / "guanyuwomen/1.html").unlink()
    dead = f"{portal.url}guanyuwomen/1.html"
    assert crawl(portal, archive).returncode == 0  # (one dead link is tolerated)
    assert manifests(archive)[-1]["failures"][dead]["runs"] == 1
    result = crawl(portal, archive)  # nothing new: one list page per category
    assert result.returncode == 0, result.stderr[-2000:]
    assert sorted(portal.paths()) == sorted(
        ["/robots.txt", "/", "/jiliangyuzhiliang/", "/jiliangwenhuayanjiu/", "/celiangjishu/", "/guanyuwomen/1.html"]
    )
    assert manifests(archive)[-1]["failures"][dead]["runs"] == 2
    # A run killed at its start hands the failures on as they were (their count of runs in
    # a row too: the running manifest carries them).
    portal.hold("/robots.txt")
    killed = subprocess.Popen(crawl_command(portal, archive), cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        portal.wait_for(lambda: len(manifests(archive)) == 3, "the third run's manifest")
    finally:
        killed.send_signal(signal.SIGKILL)
        killed.wait(timeout=30)
        portal.release()
    assert manifests(archive)[-1]["status"] == "running" and manifests(archive)[-1]["failures"][dead]["runs"] == 2
    result = crawl(portal, archive)
    last = manifests(archive)[-1]
    assert dead not in last["retry"] and dead in last["not_articles"] and last["counts"]["articles_failed"] == 0
    assert f"Not an article page: {dead} (answers 404 or 410, and was never archived, in 3 runs in a row" in result.stderr
    crawl(portal, archive)
    assert "/guanyuwomen/1.html" not in portal.paths()
    assert ids(archive) == ALL_IDS


def test_many_http_failures_fail_the_run(portal, tmp_path):
    for path in (
        "/jiliangyuzhiliang/63902.html",
        "/jiliangyuzhiliang/63915.html",
        "/celiangjishu/64020.html",
    ):
        portal.failing.add(path)
    result = crawl(portal, tmp_path / "archive", "-s", "RETRY_TIMES=0")
    assert result.returncode == 3, result.stderr[-2000:]
    assert "3 of" in result.stderr and "articles failed over HTTP" in result.stderr


def test_reextract_into_the_archive_of_a_run_that_left_retries(portal, tmp_path):
    archive = tmp_path / "archive"
    portal.failing.add("/jiliangyuzhiliang/63700.html")
    assert crawl(portal, archive, "-s", "RETRY_TIMES=0").returncode == 0
    assert manifests(archive)[-1]["retry"]
    result = run_reextract(archive, archive / "warc")
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr[-2000:]
    assert json.loads(result.stdout)["articles_unchanged"] == len(ALL_IDS) - 1  # nothing written twice
    assert manifests(archive)[-1]["mode"] == "reextract" and manifests(archive)[-1]["retry"] == [
        f"{portal.url}jiliangyuzhiliang/63700.html"
    ]


def test_a_failure_a_later_capture_supersedes_is_no_failure_of_a_re_extraction(portal, tmp_path):
    """An article that answered 500 in one run and was archived by the next: re-extracted
    from both runs' captures, it is archived once and counted as no failure."""
    archive = tmp_path / "archive"
    portal.failing.add("/jiliangyuzhiliang/63700.html")
    assert crawl(portal, archive, "-s", "RETRY_TIMES=0").returncode == 0
    portal.failing.clear()
    assert crawl(portal, archive).returncode == 0 and ids(archive) == ALL_IDS
    result = run_reextract(tmp_path / "rebuilt", archive / "warc")
    assert result.returncode == 0, result.stderr[-2000:]
    assert json.loads(result.stdout).get("articles_failed", 0) == 0 and "Article failed" not in result.stderr
    assert ids(tmp_path / "rebuilt") == ALL_IDS and manifests(tmp_path / "rebuilt")[-1]["retry"] == []


def test_listed_articles_that_cannot_be_read_fail_the_run_and_are_archived_once_readable(portal, tmp_path):
    # A tenth of the listed articles, in two categories and on a second list page,
    # answer a page whose article a script draws (a title and an empty mount point).
    archive = tmp_path / "archive"
    drawn = ["jiliangyuzhiliang/63700.html", "celiangjishu/64011.html"]
    kept = {path: (portal.root / path).read_bytes() for path in drawn}
    for path in drawn:
        (portal.root / path).write_text(
            '<html><head><title>计量新闻_中国计量网</title></head><body><div id="app"></div>'
            '<script src="/static/app.js"></script></body></html>',
            encoding="utf-8",
        )
    first = crawl(portal, archive)
    assert first.returncode == 3, first.stderr[-3000:]
    warnings = [line for line in first.stderr.splitlines() if "WARNING" in line]
    for path in drawn:  # a WARNING naming each, and what was missing
        assert any(f"Article failed: {portal.url}{path} (no article could be read" in w for w in warnings)
    assert sorted(manifests(archive)[-1]["retry"]) == sorted(portal.url + path for path in drawn)
    assert ids(archive) == sorted(set(ALL_IDS) - {63700, 64011})

    # The portal serves them again: the next ordinary run archives both, fetching no
    # other article again.
    for path, body in kept.items():
        (portal.root / path).write_bytes(body)
    second = crawl(portal, archive)
    assert second.returncode == 0, second.stderr[-3000:]
    assert ids(archive) == ALL_IDS  # each once: no duplicates
    fetched_articles = [p for p in portal.paths() if p.endswith(".html") and p.split("/")[-1][0].isdigit()]
    assert sorted(fetched_articles) == sorted("/" + path for path in drawn)
    assert manifests(archive)[-1]["retry"] == []


def test_pages_that_are_no_article_are_not_failures_and_not_fetched_again(portal, tmp_path):
    # The footer's 关于我们 and DedeCMS's "document deleted" page sit at article URLs.
    archive = tmp_path / "archive"
    first = crawl(portal, archive)
    assert first.returncode == 0, first.stderr[-3000:]
    assert manifests(archive)[-1]["retry"] == []
    assert "Article failed" not in first.stderr
    assert sorted(manifests(archive)[-1]["not_articles"]) == [
        f"{portal.url}guanyuwomen/1.html",
        f"{portal.url}jiliangyuzhiliang/99999.html",
    ]
    second = crawl(portal, archive)
    assert second.returncode == 0
    assert "/jiliangyuzhiliang/" in portal.paths() and "/guanyuwomen/1.html" not in portal.paths()


def _dtcms_site(root: Path, ids: list[int]) -> None:
    """A small DTcms-like site: its category's page at /news/43.html, a URL shaped as an
    article's, linked from the home page's box heading (not its menu); the articles
    /news/show-<id>.html, the newest only also on the home page."""

    def article(ident: int) -> str:
        day = ident - 100
        return (
            f"<html><head><meta charset='utf-8'><title>计量动态第{ident}号通报-工作动态-恒衡计量</title></head><body>"
            "<div class='nav'><a href='/'>首页</a> <a href='/about.html'>关于我们</a></div>"
            "<div class='location'>当前位置：<a href='/'>首页</a> &gt; <a href='/news/43.html'>工作动态</a></div>"
            f"<h1>计量动态第{ident}号通报</h1><div class='info'>发布时间：2024-05-{day:02d} 09:00 来源：恒衡计量</div>"
            f"<div class='content'><p>第{ident}号通报：本周全市共检定电子计价秤{ident}台，合格率百分之九十八。</p>"
            "<p>对检定不合格的计量器具，技术人员已现场调修或予以更换，并告知使用单位按期复检。</p></div>"
            "</body></html>"
        )

    (root / "news").mkdir(parents=True, exist_ok=True)
    for ident in ids:
        (root / f"news/show-{ident}.html").write_text(article(ident), encoding="utf-8")
    newest = max(ids)
    items = "".join(
        f"<li><a href='/news/show-{i}.html'>计量动态第{i}号通报</a><span>2024-05-{i - 100:02d}</span></li>"
        for i in sorted(ids, reverse=True)
    )
    (root / "news/43.html").write_text(
        "<html><head><meta charset='utf-8'><title>工作动态-恒衡计量</title></head><body>"
        "<div class='nav'><a href='/'>首页</a> <a href='/about.html'>关于我们</a></div>"
        "<div class='location'>当前位置：<a href='/'>首页</a> &gt; 工作动态</div>"
        f"<ul class='news-list'>{items}</ul></body></html>",
        encoding="utf-8",
    )
    (root / "index.html").write_text(
        "<html><head><meta charset='utf-8'><title>恒衡计量</title></head><body>"
        "<div class='nav'><a href='/'>首页</a> <a href='/about.html'>关于我们</a></div>"
        "<div class='box'><h2><a href='/news/43.html'>工作动态</a></h2>"
        f"<p><a href='/news/show-{newest}.html'>计量动态第{newest}号通报</a></p></div></body></html>",
        encoding="utf-8",
    )


def test_a_category_at_an_article_shaped_url_is_walked_as_a_list_and_asked_for_as_one_after(tmp_path):
    """DTcms's category /news/43.html looks like an article's URL: asked for as one, its
    page is no article but a list of them, walked as a list (its articles were never
    reached, in silence); the next runs ask for it as a list and find what is new."""
    root = tmp_path / "site"
    _dtcms_site(root, [101, 102, 103, 104, 105])
    server = FixtureServer(root).start()
    try:
        archive = tmp_path / "archive"
        first = crawl(server, archive)
        assert first.returncode == 0, first.stderr[-3000:]
        assert ids(archive) == [101, 102, 103, 104, 105]
        assert f"Not an article page but a list, walked as one: {server.url}news/43.html" in first.stderr
        manifest = manifests(archive)[-1]
        assert manifest["lists"] == [f"{server.url}news/43.html"] and manifest["not_articles"] == []
        assert {r["category"][0] for r in archived(archive)} == {"工作动态"}
        _dtcms_site(root, [101, 102, 103, 104, 105, 106])  # one more, and the home's box shows it
        (root / "index.html").write_text(
            (root / "index.html").read_text(encoding="utf-8").replace("show-106.html", "show-105.html"),
            encoding="utf-8",
        )  # (the home links an archived one: the new one is on the category's page only)
        second = crawl(server, archive)
        assert second.returncode == 0, second.stderr[-3000:]
        assert ids(archive) == [101, 102, 103, 104, 105, 106]
        assert "'metrology/lists_at_article_urls': 1" in second.stderr
        assert "Not an article page but a list" not in second.stderr  # (asked for as a list, not read)
        assert manifests(archive)[-1]["lists"] == [f"{server.url}news/43.html"]
    finally:
        server.stop()


def test_a_next_list_page_that_cannot_be_had_is_said_in_a_warning(portal, tmp_path):
    """A list's next page answering 404 (a pager read the wrong way, a page gone) leaves
    the list's later pages unwalked: said in a WARNING naming it and its list, counted
    (it was an INFO line of Scrapy's only)."""
    (portal.root / "celiangjishu/list_45_2.html").unlink()
    result = crawl(portal, tmp_path / "archive")
    assert (
        f"The next list page {portal.url}celiangjishu/list_45_2.html (of {portal.url}celiangjishu/) could not be had"
        " (HTTP 404): the list's later pages are not walked" in result.stderr
    )
    assert "'metrology/lists_next_page_failed': 1" in result.stderr


def test_robots_txt_that_answers_500_means_disallow_all(portal, tmp_path):
    # RFC 9309: a robots.txt the server cannot serve forbids everything until it can.
    portal.failing.add("/robots.txt")
    result = crawl(portal, tmp_path / "archive")
    assert set(portal.paths()) == {"/robots.txt"}  # asked (and retried), nothing else
    assert f"robots.txt of {portal.url.split('/')[2]} cannot be read" in result.stderr
    assert result.returncode == 3  # no page could be fetched: said loudly

    portal.failing.clear()
    assert crawl(portal, tmp_path / "archive").returncode == 0  # the next run asks again
    assert ids(tmp_path / "archive") == ALL_IDS


def test_an_oversized_article_page_is_cut_off_not_archived(portal, tmp_path):
    page = portal.root / "jiliangyuzhiliang/63700.html"
    text = page.read_text(encoding="utf-8")
    padding = "<p>" + "计量" * 4 * 1024**2 + "</p>"  # 24 MiB of UTF-8
    page.write_text(text.replace("</body>", padding + "</body>"), encoding="utf-8")
    archive = tmp_path / "archive"
    result = crawl(portal, archive, "-s", "RETRY_TIMES=0")
    assert 63700 not in ids(archive) and len(ids(archive)) == len(ALL_IDS) - 1
    assert "exceeds DOWNLOAD_MAXSIZE" in result.stderr or "maxsize" in result.stderr.lower()
    assert f"{portal.url}jiliangyuzhiliang/63700.html" in manifests(archive)[-1]["retry"]


def test_a_redirect_to_another_port_is_not_followed(portal, tmp_path):
    other = FixtureServer(SITE).start()  # the same host name, another port
    try:
        target = f"{other.url}jiliangyuzhiliang/63700.html"
        portal.redirects["/jiliangyuzhiliang/63700.html"] = target
        result = crawl(portal, tmp_path / "archive")
        assert other.paths() == []
        assert f"Refused {target}: off the crawl's hosts" in result.stderr
        assert 63700 not in ids(tmp_path / "archive")
    finally:
        other.stop()


def test_a_redirect_to_another_host_is_refused_aloud(portal, tmp_path):
    # (Scrapy's own OffsiteMiddleware dropped it when it was scheduled, with a DEBUG line: the
    # article failed in silence and was asked for again by every run)
    target = "http://www.elsewhere.example/jiliangyuzhiliang/63700.html"
    portal.redirects["/jiliangyuzhiliang/63700.html"] = target
    result = crawl(portal, tmp_path / "archive")
    assert f"Refused {target}: off the crawl's hosts (redirected from {portal.url}jiliangyuzhiliang/63700.html)" in result.stderr
    assert f"Article failed: {portal.url}jiliangyuzhiliang/63700.html" in result.stderr
    assert 63700 not in ids(tmp_path / "archive")


@pytest.mark.parametrize(
    ("path", "header"),
    [
        ("/jiliangyuzhiliang/63755.html", "text/html; charset=utf-8"),  # GBK bytes, <meta> gb2312
        ("/jiliangyuzhiliang/63902.html", "text/html; charset=iso-8859-1"),  # UTF-8 bytes
        ("/jiliangyuzhiliang/63755.html", "text/html; charset=big5"),
    ],
)
def test_a_wrong_charset_in_the_header_gives_way_to_the_page_s_own(portal, tmp_path, path, header):
    portal.content_types[path] = header
    archive = tmp_path / "archive"
    result = crawl(portal, archive)
    assert result.returncode == 0, result.stderr[-3000:]
    records = {r["id"]: r for r in archived(archive)}
    assert ids(archive) == ALL_IDS
    if "63755" in path:
        assert records[63755]["author"] == "李喆" and "王堃" in records[63755]["paragraphs"][1]
    else:
        assert records[63902]["title"] == "国家市场监管部门部署集贸市场计量监督检查"


def _file_size_limit(limit: int):
    """For a child process: no file may grow past ``limit`` bytes (a full disk, for
    one file at a time): writes past it fail with EFBIG instead of killing it."""

    def apply() -> None:
        import resource
        import signal

        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


def test_a_write_that_fails_leaves_no_fragment_stops_the_run_and_fails_it(portal, tmp_path):
    archive = tmp_path / "archive"
    command = [
        sys.executable, "-m", "scrapy", "crawl", "metrology", "-s", "DOWNLOAD_DELAY=0",
        "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "WARC_ENABLED=False", "-s", f"ARCHIVE_DIR={archive}",
        "-a", f"start_urls={portal.url}",
    ]  # fmt: skip
    result = subprocess.run(
        command, cwd=REPO, capture_output=True, text=True, timeout=120, preexec_fn=_file_size_limit(6000)
    )
    assert result.returncode == 3, result.stderr[-3000:]
    assert "could not be written" in result.stderr and "stopping the run" in result.stderr
    (jsonl,) = (archive / "articles").glob("*.jsonl")
    data = jsonl.read_bytes()
    assert data.endswith(b"\n") and 0 < len(data) <= 6000  # whole lines only
    written = [json.loads(line) for line in data.splitlines()]
    assert 0 < len(written) < len(ALL_IDS)
    manifest = manifests(archive)[-1]
    assert manifest["checks"]["passed"] is False
    assert not list((archive / "runs").glob("*.tmp"))

    second = crawl(portal, archive)  # room again: the rest is archived, nothing twice
    assert second.returncode == 0, second.stderr[-3000:]
    assert ids(archive) == ALL_IDS


def test_a_whole_last_record_without_its_newline_is_kept_not_cut(portal, tmp_path):
    archive = tmp_path / "archive"
    assert crawl(portal, archive).returncode == 0
    (jsonl,) = (archive / "articles").glob("*.jsonl")
    data = jsonl.read_bytes()
    jsonl.write_bytes(data[:-1])  # the newline of the last record is lost; the record is whole
    second = crawl(portal, archive)
    assert second.returncode == 0, second.stderr[-3000:]
    assert jsonl.read_bytes() == data  # its newline back, not one byte of the record cut
    assert ids(archive) == ALL_IDS  # and it was not fetched again: no duplicate
    assert not [p for p in portal.paths() if p.endswith(".html") and p.split("/")[-1][0].isdigit()]


def test_a_damaged_line_is_fetched_again_and_a_lost_newline_hides_nothing(portal, tmp_path):
    archive = tmp_path / "archive"
    assert crawl(portal, archive).returncode == 0
    (jsonl,) = (archive / "articles").glob("*.jsonl")
    lines = jsonl.read_bytes().splitlines(keepends=True)
    # 63985 (deep on a second list page) gets an invalid escape; the newline after
    # 63700 (deep too) is lost, so it shares its line with the record after it.
    damaged = next(i for i, line in enumerate(lines) if b'"id": 63985,' in line)
    lines[damaged] = lines[damaged].replace(b'"title": "', b'"title": "\\q')
    joined = next(i for i, line in enumerate(lines) if b'"id": 63700,' in line and i + 1 < len(lines))
    lines[joined] = lines[joined].rstrip(b"\n")
    jsonl.write_bytes(before := b"".join(lines))
    now = before.splitlines()
    damaged = next(i for i, line in enumerate(now) if b'"id": 63985,' in line)
    joined = next(i for i, line in enumerate(now) if b'"id": 63700,' in line)

    result = crawl(portal, archive)
    assert result.returncode == 0, result.stderr[-3000:]
    assert f"Skipping unreadable line {damaged + 1} of {jsonl}" in result.stderr
    assert f"Line {joined + 1} of {jsonl} holds 2 records (a lost newline)" in result.stderr
    assert jsonl.read_bytes() == before  # an earlier run's file is never rewritten
    assert "/celiangjishu/63985.html" in portal.paths()  # fetched again
    assert "/jiliangyuzhiliang/63700.html" not in portal.paths()  # still known as archived
    assert sorted(r["id"] for r in ArchiveReader(archive).records()) == sorted(ALL_IDS)


def test_a_warc_write_that_fails_leaves_whole_records_stops_the_run_and_fails_it(portal, tmp_path):
    archive = tmp_path / "archive"
    limit = 30000  # the WARC file reaches it first (the records' file stays smaller)
    command = crawl_command(portal, archive)
    result = subprocess.run(
        command, cwd=REPO, capture_output=True, text=True, timeout=120, preexec_fn=_file_size_limit(limit)
    )
    assert result.returncode == 3, result.stderr[-3000:]
    (warc,) = (archive / "warc").glob("*.warc.gz")
    errors = [line for line in result.stderr.splitlines() if " ERROR: " in line]
    assert any(f"the WARC file {warc} could not be written" in e and "stopping the run" in e for e in errors)
    assert 0 < warc.stat().st_size <= limit
    gzip.decompress(warc.read_bytes())  # every gzip member whole: raises on a cut one
    records = warc_records(archive / "warc")  # warcio reads every record: no fragment at the end
    assert records[-1][1] == "response"
    captured = {h.get_header("WARC-Record-ID") for _, kind, h, *_ in records if kind == "response"}
    written = archived(archive)
    assert written and all(r["warc"]["record_id"] in captured for r in written)
    assert manifests(archive)[-1]["checks"]["passed"] is False

    second = crawl(portal, archive)  # room again: the rest is archived, nothing twice
    assert second.returncode == 0, second.stderr[-3000:]
    assert ids(archive) == ALL_IDS
