"""The analysts' commands (stats, export; search and report have modules of their
own) on an archive the real spider wrote, run as processes."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from metrology_spider.reader import FIELDS
from tests.conftest import REPO, SAMPLE_PORTAL_HOST, copy_archive, run_cli

HOST = ("--portal-host", SAMPLE_PORTAL_HOST)


@pytest.mark.parametrize("command", ["stats", "export", "search", "report", "reextract"])
def test_each_command_has_help(command):
    done = run_cli(command, "--help")
    assert done.returncode == 0 and done.stdout.startswith("usage:")


def test_console_script_runs_the_same_main():
    script = Path(sys.executable).parent / "metrology-spider"
    done = subprocess.run([script, "--help"], capture_output=True, text=True, cwd=REPO, timeout=60)
    assert done.returncode == 0
    assert all(name in done.stdout for name in ("stats", "export", "search", "report", "reextract"))


def test_not_an_archive_is_exit_2(tmp_path):
    done = run_cli("stats", tmp_path)
    assert done.returncode == 2 and "is not an archive" in done.stderr


def test_stats(sample_archive, cli):
    done = cli("stats", sample_archive, *HOST)
    assert done.returncode == 0, done.stderr
    text = done.stdout
    assert "31 articles (0 gone, left out), 32 records, 1 from mirrors (1 matched to the portal's)" in text
    assert "dates 2008-03-02 to 2017-11-20" in text
    assert "法规 > 计量法规" in text and "2017       27" in text and "published_at" in text
    run = next((sample_archive / "runs").glob("*.json")).stem
    assert f"{run}  finished" in text and "new 32" in text
    assert "Retry list (0)" in text

    figures = json.loads(cli("stats", sample_archive, *HOST, "--json").stdout)
    assert figures["per_category"] == {
        "法规 > 计量法规": 18,
        "新闻 > 计量与质量": 5,
        "技术 > 计量测试技术": 4,
        "文化 > 计量文化研究": 4,
    }
    assert figures["per_year"] == {"2008": 4, "2017": 27}
    assert figures["coverage"]["views"] == 1.0 and 0 < figures["coverage"]["published_at"] < 1
    assert figures["runs"][0]["run"] == run and figures["retry"] == []


def test_stats_lists_the_retry_list_of_the_last_run(sample_archive, tmp_path, cli):
    from tests.conftest import copy_archive

    archive = copy_archive(sample_archive, tmp_path / "archive")
    later = {"run": "20991231T000000Z", "seq": 99, "status": "finished", "mode": "incremental", "counts": {"articles_failed": 1},
             "retry": ["http://www.chinajl.test/celiangjishu/70000.html"], "checks": {"passed": True}}  # fmt: skip
    (archive / "runs" / "20991231T000000Z.json").write_text(json.dumps(later), encoding="utf-8")
    text = cli("stats", archive, *HOST).stdout
    assert "Retry list (1)\n  http://www.chinajl.test/celiangjishu/70000.html" in text
    assert text.index("20991231T000000Z") < text.index(next((sample_archive / "runs").glob("*.json")).stem)


def test_export_jsonl_latest_and_history(sample_archive, tmp_path, cli):
    out = tmp_path / "latest.jsonl"
    done = cli("export", sample_archive, *HOST, "--format", "jsonl", "--out", out)
    assert done.returncode == 0 and done.stdout.strip() == f"Wrote 31 articles to {out} (jsonl)"
    rows = [json.loads(line) for line in out.open(encoding="utf-8")]
    assert len(rows) == 31 and list(rows[0]) == list(FIELDS)
    assert "\\u" not in out.read_text(encoding="utf-8")  # Chinese as it is
    history = tmp_path / "history.jsonl"
    cli("export", sample_archive, *HOST, "--history", "--out", history)
    rows = [json.loads(line) for line in history.open(encoding="utf-8")]
    assert len(rows) == 32
    mirror = next(r for r in rows if r["host"] == "mirror.chinajl.test")
    assert (
        mirror["url"] == "http://www.chinajl.test/jiliangyuzhiliang/63871.html"
        and mirror["matched_by"] == "id"
    )


def test_export_csv(sample_archive, tmp_path, cli):
    out = tmp_path / "latest.csv"
    assert cli("export", sample_archive, *HOST, "--out", out).returncode == 0
    with out.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 31 and list(rows[0]) == list(FIELDS)
    row = next(r for r in rows if r["id"] == "63902")
    assert json.loads(row["category"]) == ["新闻", "计量与质量"] and row["views"] == "4056"
    assert len(json.loads(row["paragraphs"])) == 4


def test_export_parquet_types(sample_archive, tmp_path, cli):
    pq = pytest.importorskip("pyarrow.parquet")
    pa = pytest.importorskip("pyarrow")
    out = tmp_path / "latest.parquet"
    done = cli("export", sample_archive, *HOST, "--format", "parquet", "--out", out)
    assert done.returncode == 0, done.stderr
    table = pq.read_table(out)
    assert table.num_rows == 31 and table.column_names == list(FIELDS)
    assert table.schema.field("date").type == pa.date32()
    published = table.schema.field("published_at").type  # Parquet keeps milliseconds, not seconds
    assert pa.types.is_timestamp(published) and published.tz == "Asia/Shanghai"
    assert table.schema.field("crawled_at").type.tz == "UTC"
    assert table.schema.field("category").type == pa.list_(pa.string())
    row = next(r for r in table.to_pylist() if r["id"] == 63902)
    assert row["date"] == date(2017, 9, 28) and row["published_at"].isoformat() == "2017-09-28T10:31:00+08:00"


def test_export_needs_a_known_format(sample_archive, tmp_path):
    done = run_cli("export", sample_archive, "--out", tmp_path / "x.xlsx")
    assert done.returncode == 2 and "--format" in done.stderr


def test_stats_counts_gone_articles_and_names_unreadable_lines(sample_archive, tmp_path, cli):
    from datetime import UTC, datetime

    from metrology_spider.archive import ArchiveWriter
    from metrology_spider.items import Article
    from tests.conftest import copy_archive

    archive = copy_archive(sample_archive, tmp_path / "archive")
    later = datetime(2026, 12, 1, tzinfo=UTC)
    writer = ArchiveWriter(archive, "20261201T000000Z")
    writer.write(
        Article(
            url="http://www.chinajl.test/celiangjishu/63985.html", id=63985, crawled_at=later, gone_at=later
        )
    )
    writer.close()
    with open(writer.path, "ab") as f:
        f.write(b"{not json\n")
    done = cli("stats", archive, *HOST)
    assert "30 articles (1 gone, left out), 33 records" in done.stdout
    assert "1 unreadable lines skipped: 20261201T000000Z.jsonl:2 (not JSON)" in done.stdout
    assert "技术 > 计量测试技术        3" in done.stdout


def test_search_says_an_empty_query_or_a_negative_limit_is_bad_input(sample_archive):
    assert run_cli("search", sample_archive, "").returncode == 2
    done = run_cli("search", sample_archive, "计量", "--limit", "-1")
    assert done.returncode == 2 and "--limit" in done.stderr


def test_stats_and_report_leave_aside_a_manifest_that_is_no_object(sample_archive, tmp_path):
    archive = copy_archive(sample_archive, tmp_path / "archive")
    (archive / "runs" / "99991231T000000Z.json").write_text("[1, 2]", encoding="utf-8")
    for args in (("stats", archive), ("report", archive, "--out", tmp_path / "r.html")):
        done = run_cli(*args)
        assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr[-2000:]
        assert "is not a JSON object, left aside" in done.stderr
