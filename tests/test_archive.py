"""The archive on disk, the pipelines that fill it, and the README's ways to load it."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from pathlib import Path

import pytest
from scrapy.exceptions import DropItem
from scrapy.pipelines import ItemPipelineManager
from scrapy.utils.test import get_crawler

from metrology_spider.archive import (
    ArchiveIndex,
    ArchiveWriter,
    archive_files,
    read_records,
    record_fingerprint,
)
from metrology_spider.items import Article
from metrology_spider.pipelines import ArchivePipeline
from metrology_spider.spiders.metrology import MetrologySpider
from metrology_spider.state import ArchiveState
from tests.conftest import archived, article, exported


@pytest.mark.parametrize(
    "record",
    [
        Article(url="http://www.chinajl.test/a/1.html", id=1),  # every optional field empty
        Article(
            url="http://www.chinajl.test/jiliangyuzhiliang/57604.html",
            id=57604,
            category=["计量与质量", "行业动态"],
            title="「计量」标题 \"引号\" \\ 与\u2028分隔",
            date=datetime(2024, 5, 20).date(),
            published_at=datetime(2024, 5, 20, 9, 30),  # naive: Beijing time as the page shows it
            author="张三",
            source="中国计量网",
            views=0,
            paragraphs=["第一段。", "", "\t第三段\n"],
            crawled_at=datetime(2026, 11, 25, 1, 2, 3, 456789, tzinfo=UTC),
            warc={"file": "20261125T000000Z-00000.warc.gz", "record_id": "<urn:uuid:x>", "offset": 12},
            gone_at=datetime(2026, 11, 26, tzinfo=UTC),
        ),
    ],
)
def test_a_record_is_written_as_scrapys_json_lines_exporter_writes_it(tmp_path, record):
    import io

    from scrapy.exporters import JsonLinesItemExporter

    out = io.BytesIO()
    JsonLinesItemExporter(out, encoding="utf-8", ensure_ascii=False).export_item(record)
    assert ArchiveWriter(tmp_path, "run1").serialize(record) == out.getvalue()


def test_writer_writes_utf8_lines_with_iso_dates(tmp_path):
    writer = ArchiveWriter(tmp_path, "run1")
    writer.write(article(1))
    writer.close()
    raw = (tmp_path / "articles" / "run1.jsonl").read_bytes()
    assert raw.endswith(b"\n") and raw.count(b"\n") == 1
    assert "计量与质量".encode() in raw  # not \u-escaped
    record = json.loads(raw)
    assert record["date"] == "2017-09-22"
    assert record["crawled_at"] == "2026-11-24T18:30:58Z"
    assert list(record)[:11] == [
        "url", "id", "category", "title", "date", "published_at",
        "author", "source", "views", "paragraphs", "crawled_at",
    ]  # fmt: skip


def test_published_at_keeps_beijing_offset(tmp_path):
    from metrology_spider.extract import BEIJING

    writer = ArchiveWriter(tmp_path, "run1")
    writer.write(article(1, published_at=datetime(2017, 9, 22, 10, 31, tzinfo=BEIJING)))
    writer.close()
    assert (
        json.loads((tmp_path / "articles/run1.jsonl").read_text())["published_at"]
        == "2017-09-22T10:31:00+08:00"
    )


def test_a_run_never_touches_the_files_of_earlier_runs(tmp_path):
    first = ArchiveWriter(tmp_path, "20261124T000000Z")
    first.write(article(1))
    first.close()
    before = first.path.read_bytes()
    second = ArchiveWriter(tmp_path, "20261124T000000Z")  # same second: a new name, not an append
    second.write(article(2))
    second.close()
    assert first.path.read_bytes() == before
    assert second.path != first.path
    assert [r["id"] for f in archive_files(tmp_path) for r in read_records(f)] == [1, 2]


def test_the_tests_read_two_runs_of_the_same_second_in_the_archives_order(tmp_path):
    # conftest.archived once sorted the files by name, which puts <run>-2.jsonl first: a
    # run that began in the second its predecessor did made a history test fail at times.
    for n in (1, 2):
        writer = ArchiveWriter(tmp_path, "20261124T000000Z")
        writer.write(article(n))
        writer.close()
    assert [r["id"] for r in archived(tmp_path)] == [1, 2]


def test_a_run_that_archives_nothing_leaves_no_file(tmp_path):
    ArchiveWriter(tmp_path, "empty").close()
    assert archive_files(tmp_path) == []


def test_readers_skip_a_torn_last_line(tmp_path, caplog):
    writer = ArchiveWriter(tmp_path, "run1")
    writer.write(article(1))
    writer.write(article(2))
    writer.close()
    data = writer.path.read_bytes()
    writer.path.write_bytes(data[: len(data) - 40])  # a crash in the middle of the last write
    with caplog.at_level(logging.WARNING):
        assert [r["id"] for r in read_records(writer.path)] == [1]
    assert "torn" in caplog.text


def _crawler(tmp_path: Path, **settings):
    """A crawler of the project's settings, started as far as its components (the
    archive's state, the configured ITEM_PIPELINES), without a reactor."""
    crawler = get_crawler(
        MetrologySpider,
        {**module_settings(), "ARCHIVE_DIR": str(tmp_path), "ARCHIVE_ENABLED": True, **settings},
    )
    crawler.spider = MetrologySpider.from_crawler(crawler)
    crawler._apply_settings()
    crawler.stats.open_spider()
    return crawler


def module_settings() -> dict:
    from metrology_spider import settings

    return {name: getattr(settings, name) for name in dir(settings) if name.isupper()}


def through_pipelines(crawler, item):
    """``item`` through the pipelines ITEM_PIPELINES configures, in their order:
    what came out, or the DropItem that stopped it."""
    manager = ItemPipelineManager.from_crawler(crawler)
    try:
        for pipeline in manager.middlewares:
            item = pipeline.process_item(item)
    except DropItem as exc:
        return exc
    finally:
        for pipeline in manager.middlewares:
            if hasattr(pipeline, "close_spider"):
                pipeline.close_spider()
    return item


@pytest.mark.parametrize(
    ("missing", "change"),
    [("title", {"title": None}), ("date", {"date": None}), ("paragraphs", {"paragraphs": []})],
)
def test_record_without_required_field_is_dropped_with_a_warning(tmp_path, caplog, missing, change):
    crawler = _crawler(tmp_path)
    item = article(7, **change)
    with caplog.at_level(logging.WARNING):
        outcome = through_pipelines(crawler, item)
    crawler.get_extension(ArchiveState).writer.close()
    assert isinstance(outcome, DropItem)
    assert f"without {missing}: {item.url}" in caplog.text
    assert crawler.stats.get_value(f"metrology/articles_dropped/no_{missing}") == 1
    assert archive_files(tmp_path) == []  # nothing archived
    complete = through_pipelines(crawler, article(8))
    crawler.get_extension(ArchiveState).writer.close()
    assert complete.id == 8 and [r["id"] for f in archive_files(tmp_path) for r in read_records(f)] == [8]


def test_archive_pipeline_writes_the_record_to_the_file(tmp_path):
    crawler = _crawler(tmp_path)
    state = crawler.get_extension(ArchiveState)
    pipeline = ArchivePipeline.from_crawler(crawler)
    item = article(1, title="国家市场监管部门部署集贸市场计量监督检查")
    pipeline.process_item(item)
    with pytest.raises(DropItem):
        pipeline.process_item(item)  # unchanged: not written again
    pipeline.process_item(article(1, title="国家市场监管部门部署集贸市场计量监督检查", views=1400))
    state.writer.close()
    [path] = archive_files(tmp_path)
    records = list(read_records(path))
    assert [(r["id"], r["views"]) for r in records] == [(1, 1324), (1, 1400)]
    assert records[0] == exported(item)
    assert crawler.stats.get_value("metrology/articles_archived") == 2


def test_the_archive_is_left_alone_when_off(tmp_path):
    crawler = _crawler(tmp_path, ARCHIVE_ENABLED=False)
    assert crawler.get_extension(ArchiveState) is None
    assert through_pipelines(crawler, article(1)).id == 1  # normalised and checked, not archived
    assert not tmp_path.joinpath("articles").exists() and not tmp_path.joinpath(".lock").exists()


def test_index_knows_each_article_and_its_latest_content(tmp_path):
    writer = ArchiveWriter(tmp_path, "run1")
    for ident in range(1, 501):
        writer.write(article(ident))
    writer.write(article(7, crawled_at=datetime(2030, 1, 1, tzinfo=UTC)))  # fetched again, same content
    writer.write(article(8, views=99999))  # fetched again, more views
    writer.close()
    index = ArchiveIndex(tmp_path)
    assert len(index) == 500 and index.lines == 502
    assert ("www.chinajl.com.cn", 250) in index and ("www.chinajl.com.cn", 501) not in index
    assert index.fingerprint(("www.chinajl.com.cn", 7)) == record_fingerprint(exported(article(7)))  # crawled_at aside
    assert index.fingerprint(("www.chinajl.com.cn", 8)) != record_fingerprint(exported(article(8)))  # views count


def test_index_reads_json_whatever_its_separators(tmp_path, caplog):
    records = [exported(article(n)) for n in (1, 2, 3)]
    records[2]["gone_at"] = "2026-11-25T00:00:00Z"
    folder = tmp_path / "articles"
    folder.mkdir()
    lines = [
        json.dumps(records[0], ensure_ascii=False, separators=(",", ":")),  # compact, as most tools write
        json.dumps(dict(reversed(list(records[1].items())))),  # \u-escaped, keys in another order
        json.dumps(records[2], indent=None, separators=(", ", " : ")),
    ]
    (folder / "20261124T000000Z.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with caplog.at_level(logging.WARNING):
        index = ArchiveIndex(tmp_path)
    assert len(index) == 3 and index.lines == 3 and not caplog.text
    assert not index.get(("www.chinajl.com.cn", 1)).gone and index.get(("www.chinajl.com.cn", 3)).gone
    # The same content, however written, is the same record: not written again.
    assert index.is_unchanged(("www.chinajl.com.cn", 2), exported(article(2)), gone=False)
    assert not index.is_unchanged(("www.chinajl.com.cn", 2), exported(article(2, views=5)), gone=False)


def test_index_names_the_file_and_line_it_cannot_read(tmp_path, caplog):
    writer = ArchiveWriter(tmp_path, "run1")
    writer.write(article(1))
    writer.write_line(b'{"url": "http://www.chinajl.com.cn/a/2.html", "id": 2, \n')  # not JSON
    writer.write_line(b'["a list"]\n')
    writer.write(article(3))
    writer.close()
    with caplog.at_level(logging.WARNING):
        index = ArchiveIndex(tmp_path)
    assert len(index) == 2 and index.unreadable == 2
    assert f"line 2 of {writer.path}" in caplog.text and f"line 3 of {writer.path}" in caplog.text


def test_loading_the_index_never_changes_a_file(tmp_path, caplog):
    writer = ArchiveWriter(tmp_path, "run1")
    writer.write(article(1))
    writer.write(article(2))
    writer.close()
    torn = writer.path.read_bytes()[:-40]
    writer.path.write_bytes(torn)
    with caplog.at_level(logging.WARNING):
        index = ArchiveIndex(tmp_path)
    assert writer.path.read_bytes() == torn  # cut only by the holder of the lock (ArchiveState)
    assert len(index) == 1 and "Torn last line 2" in caplog.text
    assert index.repair() == [article(2).url]
    assert writer.path.read_bytes() == torn[: torn.rindex(b"\n") + 1]


def _readme_snippet(language: str, marker: str) -> str:
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    blocks = readme.split(f"```{language}\n")[1:]
    return next(b.split("```")[0] for b in blocks if marker in b)


def test_readme_loads_the_archive_with_pandas_and_duckdb(tmp_path, monkeypatch):
    pytest.importorskip("pandas")  # test-only extras: the test skips where they are not installed
    pytest.importorskip("duckdb")
    writer = ArchiveWriter(tmp_path / "data" / "archive", "run1")
    writer.write(article(1))
    writer.write(article(2, views=None, author="沈平子"))
    writer.close()
    monkeypatch.chdir(tmp_path)

    pandas_ns: dict = {}
    exec(_readme_snippet("python", "import pandas"), pandas_ns)
    df = pandas_ns["df"]
    assert list(df["id"]) == [1, 2] and df.loc[1, "author"] == "沈平子"

    duckdb_ns: dict = {}
    exec(_readme_snippet("python", "import duckdb"), duckdb_ns)
    rows = duckdb_ns["rel"].fetchall()
    assert len(rows) == 2


def test_readme_gives_the_latest_record_per_article(tmp_path, monkeypatch):
    pytest.importorskip("pandas")
    pytest.importorskip("duckdb")
    later = datetime(2026, 11, 25, tzinfo=UTC)
    writer = ArchiveWriter(tmp_path / "data" / "archive", "run1")
    writer.write(article(1, views=10))
    writer.write(article(2))
    writer.write(article(1, views=12, crawled_at=later))  # view-count history
    writer.write(Article(url=article(2).url, id=2, crawled_at=later, gone_at=later))  # deleted
    writer.close()
    monkeypatch.chdir(tmp_path)

    pandas_ns: dict = {}
    exec(_readme_snippet("python", "import pandas"), pandas_ns)
    exec(_readme_snippet("python", "drop_duplicates"), pandas_ns)
    latest = pandas_ns["latest"]
    assert list(latest["id"]) == [1] and list(latest["views"]) == [12]

    duckdb_ns: dict = {}
    exec(_readme_snippet("python", "QUALIFY"), duckdb_ns)
    rows = duckdb_ns["latest"].fetchall()
    assert [(r[1], r[8]) for r in rows] == [(1, 12)]




def _manifest(archive: Path, name: str, **fields) -> None:
    (archive / "runs").mkdir(parents=True, exist_ok=True)
    (archive / "runs" / f"{name}.json").write_text(json.dumps({"run": name, **fields}), encoding="utf-8")


def test_runs_in_the_same_second_get_names_of_their_own(tmp_path):
    from metrology_spider.runs import unique_run_id

    assert unique_run_id(tmp_path, "20261125T100000Z") == "20261125T100000Z"
    _manifest(tmp_path, "20261125T100000Z", seq=1)
    assert unique_run_id(tmp_path, "20261125T100000Z") == "20261125T100000Z-2"
    (tmp_path / "warc").mkdir()
    (tmp_path / "warc" / "20261125T110000Z-00000.warc.gz").write_bytes(b"")
    assert unique_run_id(tmp_path, "20261125T110000Z") == "20261125T110000Z-2"


def test_the_latest_run_is_the_last_in_sequence_whatever_the_clock_said(tmp_path):
    from metrology_spider.runs import latest_manifest

    _manifest(tmp_path, "20261125T100000Z", seq=1, retry=["a"])
    _manifest(tmp_path, "20261125T090000Z", seq=2, retry=["b"])  # the clock was set back an hour
    assert latest_manifest(tmp_path)["retry"] == ["b"]


def test_a_manifest_that_is_no_json_object_is_named_and_left_aside(tmp_path, caplog):
    from metrology_spider.runs import latest_manifest

    _manifest(tmp_path, "20261125T100000Z", seq=1, retry=["a"])
    (tmp_path / "runs" / "20261125T110000Z.json").write_text("[1, 2]", encoding="utf-8")
    (tmp_path / "runs" / "20261125T120000Z.json").write_text('{"run": ', encoding="utf-8")
    with caplog.at_level(logging.WARNING):
        assert latest_manifest(tmp_path)["retry"] == ["a"]
    assert "20261125T110000Z.json is not a JSON object" in caplog.text
    assert "20261125T120000Z.json" in caplog.text


def test_a_newline_lost_between_two_records_hides_neither(tmp_path, caplog):
    from metrology_spider.archive import ArchiveReader

    writer = ArchiveWriter(tmp_path, "run1")
    for ident in (1, 2, 3, 4):
        writer.write(article(ident, title=f"标题{ident}"))
    writer.close()
    lines = writer.path.read_bytes().splitlines(keepends=True)
    joined = lines[0] + lines[1].rstrip(b"\n") + lines[2] + lines[3]  # {2}{3} on line 2
    writer.path.write_bytes(joined)
    with caplog.at_level(logging.WARNING):
        index = ArchiveIndex(tmp_path)
        reader = ArchiveReader(tmp_path)
        read = [r["id"] for r in reader.records()]
        plain = [r["id"] for r in read_records(writer.path)]
    assert len(index) == 4 and index.lines == 4 and index.unreadable == 0
    assert read == plain == [1, 2, 3, 4] and reader.skipped == []
    assert f"Line 2 of {writer.path} holds 2 records (a lost newline)" in caplog.text
    # Each is known as it was written, the second of the line too (its own offset).
    for ident in (2, 3):
        key = ("www.chinajl.com.cn", ident)
        assert index.fingerprint(key) == record_fingerprint(exported(article(ident, title=f"标题{ident}")))
    assert writer.path.read_bytes() == joined  # the file is not rewritten
    # A last line of two whole records without its newline is not torn either.
    writer.path.write_bytes(joined.rstrip(b"\n").replace(b"\n" + lines[3].rstrip(b"\n"), lines[3].rstrip(b"\n")))
    index = ArchiveIndex(tmp_path)
    assert len(index) == 4 and not index.torn and index.unterminated == [writer.path]


def test_a_damaged_line_is_named_and_its_article_not_counted_as_archived(tmp_path, caplog):
    writer = ArchiveWriter(tmp_path, "run1")
    writer.write(article(1))
    good = writer.serialize(article(2))
    writer.write_line(good.replace(b'"title": "', b'"title": "\\q'))  # an invalid escape
    writer.write(article(3))
    writer.close()
    with caplog.at_level(logging.WARNING):
        index = ArchiveIndex(tmp_path)
    assert len(index) == 2 and ("www.chinajl.com.cn", 2) not in index
    assert f"Skipping unreadable line 2 of {writer.path}" in caplog.text
    assert index.damaged_urls() == [article(2).url]  # to be fetched again


def test_an_article_the_site_links_at_another_url_is_not_marked_gone(tmp_path, caplog):
    # Its archived URL answers 404, and this run saw the site link it (the same id) at another
    # URL: it lives; no record saying gone.
    crawler = _crawler(tmp_path, GONE_AFTER_HOURS=0)
    state = crawler.get_extension(ArchiveState)
    assert state.append(article(7)) == "new"
    state.linked_archived("http://www.chinajl.com.cn/kpzs/7.html")
    gone = article(7, title=None, paragraphs=[], gone_at=datetime.now(UTC))
    with caplog.at_level(logging.WARNING):
        assert state.append(gone) == "linked_elsewhere"
    assert "but the site links it as http://www.chinajl.com.cn/kpzs/7.html: not marked gone" in caplog.text
    assert state.append(article(8)) == "new"
    assert state.append(article(8, title=None, paragraphs=[], gone_at=datetime.now(UTC))) == "gone"
    state.writer.close()
