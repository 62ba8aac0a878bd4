"""Search: the trigram index beside the archive, kept up to date from new lines only,
one- and two-character terms, results with the match marked."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from metrology_spider.archive import ArchiveWriter
from metrology_spider.items import Article
from metrology_spider.reader import ArchiveReader
from metrology_spider.search import INDEX, SearchIndex, mark
from tests.conftest import SAMPLE_PORTAL_HOST, copy_archive, run_cli

LATER = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)


@pytest.fixture
def archive(sample_archive, tmp_path) -> Path:
    return copy_archive(sample_archive, tmp_path / "archive")


def index(archive: Path) -> SearchIndex:
    return SearchIndex(archive, portal_host=SAMPLE_PORTAL_HOST)


def brute_force(archive: Path, query: str) -> set[str]:
    """The articles holding every term, by reading every latest record."""
    found = set()
    for r in ArchiveReader(archive, portal_host=SAMPLE_PORTAL_HOST).latest():
        text = (r["title"] + "\n" + "\n".join(r["paragraphs"])).lower()
        if all(term.lower() in text for term in query.split()):
            found.add(r["url"])
    return found


def test_sqlite_has_fts5_trigram():
    assert sqlite3.sqlite_version_info >= (3, 34)


@pytest.mark.parametrize(
    "query",
    [
        "计量器具",
        "集贸市场 检定",
        "秤",
        "计量",
        "PDOP",
        "pdop",
        "GB",
        "度量衡 秦",
        "质量月",
        "不存在的词语",
        "%",
        "_",
    ],
)
def test_search_finds_exactly_the_articles_holding_every_term(archive, query):
    with index(archive) as ix:
        ix.update()
        results = ix.search(query, limit=1000)
    assert {h.url for h in results.hits} == brute_force(archive, query)
    assert results.total == len(results.hits)
    for hit in results.hits:
        assert any(t.lower() in (hit.title + hit.passage).lower() for t in query.split())


def test_short_terms_match_what_trigrams_cannot(archive):
    with index(archive) as ix:
        ix.update()
        assert ix.search("秤").total == 3
        assert ix.search("秤").total == len(brute_force(archive, "秤"))


def test_index_is_updated_from_new_lines_only(archive):
    with index(archive) as ix:
        assert ix.update() == 32
        assert len(ix) == 31  # the mirror's copy of 63871 is the portal's article
        assert ix.update() == 0
    writer = ArchiveWriter(archive, "20261201T080000Z")
    writer.write(
        Article(
            url="http://www.chinajl.test/celiangjishu/63985.html", id=63985, crawled_at=LATER, gone_at=LATER
        )
    )
    with index(archive) as ix:  # a run still writing its file
        assert ix.update() == 1
        assert len(ix) == 30
    writer.write(
        Article(
            url="http://www.chinajl.test/jiliangfagui/70001.html", id=70001, category=["法规", "计量法规"],
            title="电能表检定规程修订", date=LATER.date(), paragraphs=["新版电能表检定规程发布实施。"], crawled_at=LATER,
        )
    )  # fmt: skip
    writer.write(
        Article(
            url="http://www.chinajl.test/celiangjishu/63985.html", id=63985, crawled_at=LATER, gone_at=LATER
        )
    )
    writer.close()
    with index(archive) as ix:
        assert ix.update() == 2  # only the new file's lines were read
        assert [h.url for h in ix.search("电能表").hits] == [
            "http://www.chinajl.test/jiliangfagui/70001.html"
        ]
        assert "http://www.chinajl.test/celiangjishu/63985.html" not in {
            h.url for h in ix.search("加油机").hits
        }
        assert len(ix) == 31
    assert (archive / INDEX).exists()


def test_a_mirror_record_indexed_first_is_folded_into_the_portal_article(tmp_path):
    def article(host: str, ident: int, views: int, second: int) -> Article:
        return Article(
            url=f"http://{host}/news/{ident}.html", id=ident, title="量值传递与溯源", date=LATER.date(),
            views=views, paragraphs=["量值传递是计量工作的基础。"], crawled_at=LATER.replace(second=second),
        )  # fmt: skip

    writer = ArchiveWriter(tmp_path, "20261201T080000Z")
    writer.write(article("mirror.chinajl.test", 9, 1, 0))
    writer.close()
    with index(tmp_path) as ix:
        ix.update()
        assert [h.url for h in ix.search("量值传递").hits] == ["http://mirror.chinajl.test/news/9.html"]
    writer = ArchiveWriter(tmp_path, "20261201T090000Z")
    writer.write(article("www.chinajl.test", 9, 2, 1))
    writer.close()
    with index(tmp_path) as ix:
        ix.update()
        assert [h.url for h in ix.search("量值传递").hits] == ["http://www.chinajl.test/news/9.html"]


def test_mark():
    assert mark("电子计价秤、案秤", ["秤"], "[", "]") == "电子计价[秤]、案[秤]"
    assert mark("PDOP and pdop", ["pdop"], "<", ">") == "<PDOP> and <pdop>"
    assert mark("集贸市场计量", ["集贸市场", "市场"], "[", "]") == "[集贸市场]计量"


def test_search_command_plain_and_coloured(archive, cli):
    done = cli("search", archive, "计量器具", "--portal-host", SAMPLE_PORTAL_HOST, "--limit", "3")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "14 of 31 articles match '计量器具', showing 3"
    assert "[计量器具]" in done.stdout and "\x1b[" not in done.stdout
    assert sum(line.startswith("  http://www.chinajl.test/") for line in lines) == 3
    assert any(line.startswith("2017-") for line in lines)
    coloured = cli("search", archive, "计量器具", "--portal-host", SAMPLE_PORTAL_HOST, "--color", "always")
    assert "\x1b[1;31m计量器具\x1b[0m" in coloured.stdout


def test_search_command_exit_status_and_json(archive):
    nothing = run_cli("search", archive, "不存在的词语", "--portal-host", SAMPLE_PORTAL_HOST)
    assert nothing.returncode == 1 and nothing.stdout.startswith("0 of 31 articles")
    found = run_cli("search", archive, "秤", "--json", "--portal-host", SAMPLE_PORTAL_HOST)
    results = json.loads(found.stdout)
    assert found.returncode == 0 and results["total"] == 3
    assert {h["url"] for h in results["hits"]} == brute_force(archive, "秤")
    assert run_cli("search", archive.parent / "nothing", "秤").returncode == 2
    unwritable = run_cli("search", archive, "秤", "--index", archive / "no" / "such" / "index.sqlite")
    assert unwritable.returncode == 2 and "cannot keep the search index" in unwritable.stderr


def test_index_made_for_another_portal_host_is_rebuilt(archive):
    with SearchIndex(archive, portal_host="www.chinajl.com.cn") as ix:
        ix.update()
        assert len(ix) == 32  # no portal record here: the mirror's copy is an article of its own
    with index(archive) as ix:
        assert ix.update() == 32 and len(ix) == 31


def test_two_records_on_one_line_are_both_found(tmp_path):
    def article(ident: int, title: str) -> Article:
        return Article(
            url=f"http://www.chinajl.test/news/{ident}.html", id=ident, title=title, date=LATER.date(),
            paragraphs=[f"{title}的正文。"], crawled_at=LATER,
        )  # fmt: skip

    writer = ArchiveWriter(tmp_path, "20261201T080000Z")
    writer.write(article(1, "量值传递与溯源"))
    writer.write(article(2, "能源计量审查"))
    writer.close()
    writer.path.write_bytes(writer.path.read_bytes().replace(b"\n", b"", 1))  # a lost newline
    with index(tmp_path) as ix:
        assert ix.update() == 2
        assert [h.url for h in ix.search("量值传递").hits] == ["http://www.chinajl.test/news/1.html"]
        assert [h.url for h in ix.search("能源计量").hits] == ["http://www.chinajl.test/news/2.html"]


def test_an_archive_file_gone_or_another_archive_s_index_is_rebuilt(archive, tmp_path):
    """The index knows which archive and which files it read: a file deleted since, or the
    index of another archive given by --index, is no index of this archive: rebuilt."""
    with index(archive) as idx:
        idx.update()
        before = len(idx)
    files = sorted((archive / "articles").glob("*.jsonl"))
    other = copy_archive(archive, tmp_path / "other")
    writer = ArchiveWriter(other, "20991231T000000Z")
    writer.write(Article(url="http://www.chinajl.test/a/99991.html", id=99991, title="另一个档案里的文章",
                         date=datetime(2024, 5, 20).date(), paragraphs=["只在另一个档案里。"],
                         crawled_at=datetime(2099, 12, 31, tzinfo=UTC)))  # fmt: skip
    writer.close()
    with SearchIndex(other, portal_host=SAMPLE_PORTAL_HOST, path=archive / INDEX) as idx:
        idx.update()
        assert len(idx) == before + 1
    with index(archive) as idx:
        idx.update()
        assert len(idx) == before  # (not the other archive's)
    files[-1].unlink()
    with index(archive) as idx:
        idx.update()
        assert len(idx) == len(ArchiveReader(archive, portal_host=SAMPLE_PORTAL_HOST).latest())
