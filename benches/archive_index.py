"""How fast a run learns what the archive holds: ArchiveIndex over N records.

    python benches/archive_index.py [N]   (default 100000)

The records are the fixture articles' (about 1-3 KB of JSON each), repeated with
new ids over 20 run files, as years of scheduled runs would leave them. Printed
beside two baselines of the same run: reading the lines alone (the floor), and
parsing each with the standard library's ``json`` (what orjson replaces).
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from metrology_spider.archive import ArchiveIndex, ArchiveWriter, archive_files  # noqa: E402
from tests.saved_pages import extract_saved, page_cases  # noqa: E402


def main() -> None:
    total = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    articles = [a for a in (extract_saved(p, u) for p, u in page_cases()) if a is not None]
    crawled = datetime(2026, 11, 24, tzinfo=UTC)
    with tempfile.TemporaryDirectory() as tmp:
        per_file = total // 20
        for run in range(20):
            writer = ArchiveWriter(Path(tmp), f"2026{run:04d}T000000Z")
            for n in range(per_file):
                ident = run * per_file + n
                base = articles[ident % len(articles)]
                writer.write(
                    replace(
                        base, id=ident, url=f"http://www.chinajl.com.cn/x/{ident}.html", crawled_at=crawled
                    )
                )
            writer.close()
        size = sum(p.stat().st_size for p in Path(tmp).rglob("*.jsonl"))
        lines = timed(lambda: sum(1 for path in archive_files(Path(tmp)) for _ in open(path, "rb")))
        stdlib = timed(
            lambda: all(json.loads(line) for path in archive_files(Path(tmp)) for line in open(path, "rb"))
        )
        start = time.perf_counter()
        index = ArchiveIndex(Path(tmp))
        elapsed = time.perf_counter() - start
    print(f"archive: {index.lines} records, {size / 2**20:.0f} MiB in 20 files")
    print(f"reading the lines alone:  {lines:.2f} s")
    print(f"json.loads of each line:  {stdlib:.2f} s")
    print(
        f"ArchiveIndex load:        {elapsed:.2f} s ({index.lines / elapsed:,.0f} records/s), {len(index)} articles"
    )


def timed(work) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


if __name__ == "__main__":
    main()
