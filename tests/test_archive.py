"""The archive on disk, the pipelines that fill it, and the README's ways to load it."""

from __future__ import annotations

import json
import logging
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from scrapy.exceptions import DropItem
from scrapy.utils.test import get_crawler

from metrology_spider.archive import ArchiveWriter, archive_files, read_records
from metrology_spider.items import Article
from metrology_spider.pipelines import ArchivePipeline, RequiredFieldsPipeline
from metrology_spider.spiders.metrology import MetrologySpider


def article(ident: int = 1, **fields) -> Article:
    values = {
        "url": f"http://www.chinajl.com.cn/jiliangyuzhiliang/{ident}.html",
        "id": ident,
        "category": ["新闻", "计量与质量"],
        "title": "标题",
        "date": date(2017, 9, 22),
        "published_at": None,
        "author": None,
        "source": "江西省质监局",
        "views": 1324,
        "paragraphs": ["第一段。"],
        "crawled_at": datetime(2026, 11, 24, 18, 30, 58, tzinfo=UTC),
    }
    values.update(fields)
    return Article(**values)


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


def _crawler(tmp_path: Path):
    crawler = get_crawler(MetrologySpider, {"ARCHIVE_DIR": str(tmp_path)})
    crawler.spider = MetrologySpider.from_crawler(crawler)
    crawler.stats.open_spider()
    return crawler


@pytest.mark.parametrize(
    ("missing", "change"),
    [("title", {"title": None}), ("date", {"date": None}), ("paragraphs", {"paragraphs": []})],
)
def test_record_without_required_field_is_dropped_with_a_warning(tmp_path, caplog, missing, change):
    crawler = _crawler(tmp_path)
    pipeline = RequiredFieldsPipeline.from_crawler(crawler)
    item = article(7, **change)
    with caplog.at_level(logging.WARNING), pytest.raises(DropItem):
        pipeline.process_item(item)
    assert f"without {missing}: {item.url}" in caplog.text
    assert crawler.stats.get_value(f"metrology/articles_dropped/no_{missing}") == 1


def test_archive_pipeline_counts_and_writes(tmp_path):
    crawler = _crawler(tmp_path)
    pipeline = ArchivePipeline.from_crawler(crawler)
    pipeline.process_item(article(1))
    pipeline.close_spider()
    assert crawler.stats.get_value("metrology/articles_archived") == 1
    assert len(archive_files(tmp_path)) == 1


def _readme_snippet(language: str, marker: str) -> str:
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    blocks = readme.split(f"```{language}\n")[1:]
    return next(b.split("```")[0] for b in blocks if marker in b)


def test_readme_loads_the_archive_with_pandas_and_duckdb(tmp_path, monkeypatch):
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
