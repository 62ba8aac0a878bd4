"""The reader: every record of an archive, the latest per article or the history,
gone articles in or out, mirror records folded into the portal's article, pandas
and Arrow with proper types."""

from __future__ import annotations

import logging
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from metrology_spider.archive import ArchiveWriter
from metrology_spider.items import Article
from metrology_spider.reader import FIELDS, ArchiveReader
from tests.conftest import SAMPLE_PORTAL_HOST, copy_archive

PORTAL = "http://www.chinajl.test/"
MIRROR = "http://mirror.chinajl.test/"
LATER = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)


def reader(archive: Path) -> ArchiveReader:
    return ArchiveReader(archive, portal_host=SAMPLE_PORTAL_HOST)


def by_fetched_url(records: list[dict]) -> dict[str, dict]:
    return {r["fetched_url"]: r for r in records}


def test_sample_archive_latest_and_history(sample_archive):
    history = reader(sample_archive).history()
    latest = reader(sample_archive).latest()
    assert len(history) == 32 and len(latest) == 31
    assert all(list(r) == list(FIELDS) for r in history)
    # The seed article as the mirror served it: one article with the portal's.
    mirrored = by_fetched_url(history)[MIRROR + "jiliangyuzhiliang/63871.html"]
    assert mirrored["url"] == PORTAL + "jiliangyuzhiliang/63871.html"
    assert (mirrored["host"], mirrored["matched_by"]) == ("mirror.chinajl.test", "id")
    kept = [r for r in latest if r["id"] == 63871]
    # Fetched in the same second: the portal's record is kept.
    assert len(kept) == 1 and kept[0]["host"] == "www.chinajl.test" and kept[0]["matched_by"] is None
    assert len({r["url"] for r in latest}) == len(latest)


def test_without_the_portal_host_mirror_records_stay_their_own_articles(sample_archive):
    latest = ArchiveReader(sample_archive).latest()  # portal host www.chinajl.com.cn: none here
    assert len(latest) == 32 and all(r["matched_by"] is None for r in latest)


@pytest.fixture
def changed_archive(sample_archive, tmp_path) -> Path:
    """The sample archive and a later run with: 63985 gone; 63902 seen again on the
    mirror with more views; the mirror's copy of 63755 under another id (same title
    and date); an article only the mirror has; the mirror's copy of 63915 fetched in
    the same second as the portal's."""
    archive = copy_archive(sample_archive, tmp_path / "archive")
    latest = {r["id"]: r for r in reader(archive).latest()}
    writer = ArchiveWriter(archive, "20261201T080000Z")
    writer.write(Article(url=PORTAL + "celiangjishu/63985.html", id=63985, crawled_at=LATER, gone_at=LATER))
    seen_again = latest[63902]
    writer.write(
        Article(
            url=MIRROR + "jiliangyuzhiliang/63902.html",
            id=63902,
            category=seen_again["category"],
            title=seen_again["title"],
            date=date.fromisoformat(seen_again["date"]),
            views=seen_again["views"] + 100,
            paragraphs=seen_again["paragraphs"],
            crawled_at=LATER,
        )
    )
    copy = latest[63755]
    writer.write(
        Article(
            url=MIRROR + "news/555.html",
            id=555,
            title=copy["title"],
            date=date.fromisoformat(copy["date"]),
            paragraphs=copy["paragraphs"],
            crawled_at=LATER,
        )
    )
    writer.write(
        Article(
            url=MIRROR + "news/777.html", id=777, title="只在镜像站的文章", date=date(2017, 12, 1),
            paragraphs=["镜像站独有的正文。"], crawled_at=LATER,
        )
    )  # fmt: skip
    same_second = latest[63915]
    writer.write(
        Article(
            url=MIRROR + "jiliangyuzhiliang/63915.html", id=63915, title=same_second["title"],
            date=date.fromisoformat(same_second["date"]), views=1, paragraphs=same_second["paragraphs"],
            crawled_at=datetime.fromisoformat(same_second["crawled_at"]),
        )
    )  # fmt: skip
    writer.close()
    return archive


def test_latest_view_with_a_gone_record_and_mirror_records(changed_archive):
    r = reader(changed_archive)
    latest = r.latest()
    ids = [x["id"] for x in latest]
    assert 63985 not in ids  # gone: left out
    assert len(latest) == 31 - 1 + 1  # one gone, one new (the mirror's own), the others folded
    newest = next(x for x in latest if x["id"] == 63902)
    assert newest["url"] == PORTAL + "jiliangyuzhiliang/63902.html"
    assert (newest["host"], newest["matched_by"], newest["views"]) == ("mirror.chinajl.test", "id", 4156)
    copy = next(x for x in latest if x["fetched_url"] == MIRROR + "news/555.html")
    assert copy["url"] == PORTAL + "jiliangyuzhiliang/63755.html" and copy["matched_by"] == "title+date"
    assert sum(x["url"] == PORTAL + "jiliangyuzhiliang/63755.html" for x in latest) == 1
    tie = next(x for x in latest if x["id"] == 63915)
    assert (tie["host"], tie["views"]) == ("www.chinajl.test", 2871)  # same second: the portal's
    own = next(x for x in latest if x["id"] == 777)
    assert own["url"] == MIRROR + "news/777.html" and own["matched_by"] is None

    with_gone = r.latest(gone=True)
    gone = next(x for x in with_gone if x["id"] == 63985)
    assert gone["gone_at"] == "2026-12-01T08:00:00Z" and gone["title"] is None
    assert len(with_gone) == len(latest) + 1

    assert len(r.history()) == 32 + 5
    assert [x["id"] for x in r.history(gone=False)].count(63985) == 0
    assert len(r.history(gone=False)) == 32 + 5 - 2  # both records of the gone article left out


def test_unreadable_lines_are_skipped_counted_and_named(sample_archive, tmp_path, caplog):
    archive = copy_archive(sample_archive, tmp_path / "archive")
    (archive / "articles" / "20261201T080000Z.jsonl").write_bytes(
        b'{"url": "http://www.chinajl.test/a/1.html", "id": 1, "title": "x"}\n'
        b"not json at all\n"
        b'{"no": "url"}\n'
        b'{"url": "http://www.chinajl.test/a/2.html", "id": 2}'  # whole JSON, but no newline: torn
    )
    r = reader(archive)
    with caplog.at_level(logging.WARNING):
        history = r.history()
    assert len(history) == 33
    assert [(s.path.name, s.line) for s in r.skipped] == [("20261201T080000Z.jsonl", n) for n in (2, 3, 4)]
    assert r.skipped[-1].reason.startswith("torn")
    warning = [m for m in caplog.messages if "unreadable" in m]
    assert len(warning) == 1
    assert "20261201T080000Z.jsonl" in warning[0] and "line 2" in warning[0] and "line 4" in warning[0]


def test_to_pandas_types(changed_archive):
    pd = pytest.importorskip("pandas")
    df = reader(changed_archive).to_pandas(gone=True)
    assert list(df.columns) == list(FIELDS)
    row = df[df["id"] == 63902].iloc[0]
    assert isinstance(row["date"], date) and row["date"] == date(2017, 9, 28)
    assert isinstance(row["category"], list) and row["category"] == ["新闻", "计量与质量"]
    assert str(df["published_at"].dt.tz) == "Asia/Shanghai"
    assert df.loc[df["published_at"].notna(), "published_at"].iloc[0].utcoffset().total_seconds() == 8 * 3600
    assert str(df["crawled_at"].dt.tz) == "UTC" and str(df["gone_at"].dt.tz) == "UTC"
    assert str(df["views"].dtype) == "Int64" and df["id"].dtype == "int64"
    gone = df[df["id"] == 63985].iloc[0]
    assert gone["gone_at"] == pd.Timestamp("2026-12-01T08:00:00Z") and pd.isna(gone["views"])
    assert len(reader(changed_archive).to_pandas(history=True)) == 37


def test_to_arrow_types(changed_archive):
    pa = pytest.importorskip("pyarrow")
    table = reader(changed_archive).to_arrow()
    assert table.column_names == list(FIELDS)
    assert table.schema.field("date").type == pa.date32()
    assert table.schema.field("published_at").type == pa.timestamp("s", tz="Asia/Shanghai")
    assert table.schema.field("crawled_at").type == pa.timestamp("s", tz="UTC")
    assert table.schema.field("category").type == pa.list_(pa.string())
    row = table.filter(pa.compute.equal(table["id"], 64102)).to_pylist()[0]
    assert row["published_at"].isoformat() == "2017-11-20T09:30:00+08:00"
    assert row["date"] == date(2017, 11, 20)


def _readme_block(marker: str) -> str:
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("## For analysts", 1)[1]
    return next(b.split("```")[0] for b in section.split("```python\n")[1:] if marker in b)


def test_readme_for_analysts_snippets(sample_archive, tmp_path, monkeypatch):
    pytest.importorskip("pyarrow")
    pytest.importorskip("duckdb")
    copy_archive(sample_archive, tmp_path / "data" / "archive")
    monkeypatch.chdir(tmp_path)
    one_liners: dict = {}
    exec(
        "import duckdb\nfrom metrology_spider.archive import ArchiveReader\n" + _readme_block("to_pandas()"),
        one_liners,
    )
    # The default portal host is the live portal's: the sample's mirror record stays its own article.
    assert len(one_liners["df"]) == 32
    assert one_liners["rel"].aggregate("count(*)").fetchall() == [(32,)]
    api: dict = {}
    exec(_readme_block("reader = ArchiveReader(").replace("www.chinajl.com.cn", SAMPLE_PORTAL_HOST), api)
    assert len(api["latest"]) == 31 and len(api["everything"]) == 32 and len(api["df"]) == 32


def test_an_article_whose_category_moved_is_one_article(sample_archive, tmp_path):
    """A category moved (301) and a full run archived its articles again under their new
    URLs: the same ids, one article each (grouped by URL, every one of them was two)."""
    archive = copy_archive(sample_archive, tmp_path / "archive")
    before = reader(archive).latest()
    moved = next(r for r in before if r["url"] == PORTAL + "celiangjishu/63985.html")
    writer = ArchiveWriter(archive, "20261201T080000Z")
    writer.write(
        Article(
            url=PORTAL + "celiangjishu-new/63985.html", id=63985, category=moved["category"], title=moved["title"],
            date=date.fromisoformat(moved["date"]), paragraphs=moved["paragraphs"], crawled_at=LATER,
        )
    )  # fmt: skip
    writer.close()
    latest = reader(archive).latest()
    assert len(latest) == len(before)
    assert [r["url"] for r in latest if r["id"] == 63985] == [PORTAL + "celiangjishu-new/63985.html"]
