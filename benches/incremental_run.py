"""The scheduled run with nothing new: ``scrapy crawl metrology`` over the unchanged
portal of benches/crawl.py, on the archive that bench made; then the same over
that archive grown to 100,000 records, for memory.

    python benches/incremental_run.py [--articles 5000] [--records 100000] [--runs 3]

The portal is served again on the port the crawl bench used (the archive's URLs
name it). Each run works on a copy of the archive's records and manifests (the
capture is not needed). Printed for each run: wall time (process start to exit),
requests, peak RSS (``os.wait4``), and what the run archived (nothing, when all is
well). Then the same run over the archive plus ``--records`` generated records
(benches/make_archive.py, on the live portal's host, so none of them is one of the
local portal's articles): peak RSS beside the 5,000-record run's, and the memory
the archive's index takes alone (tracemalloc, in-process), which is what grows.

(Not named incremental.py: a script by that name in benches/ hides the
``incremental`` package Twisted imports from every bench run from this folder.)
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

BENCHES = Path(__file__).resolve().parent
REPO = BENCHES.parent
sys.path.insert(0, str(BENCHES))
sys.path.insert(0, str(REPO))

from crawl import Portal, crawl_bench, default_work, measure, project_command, records  # noqa: E402
from make_archive import make_archive  # noqa: E402


def copy_archive(archive: Path, to: Path) -> Path:
    shutil.rmtree(to, ignore_errors=True)
    shutil.copytree(archive, to, ignore=shutil.ignore_patterns("warc", ".lock", "search.sqlite"))
    return to


def index_memory(archive: Path) -> float:
    """MB the archive's index holds once loaded (in a fresh process: tracemalloc)."""
    code = (
        "import sys, tracemalloc; tracemalloc.start();"
        "from metrology_spider.archive import ArchiveIndex;"
        "before = tracemalloc.get_traced_memory()[0];"
        f"index = ArchiveIndex({str(archive)!r});"
        "print((tracemalloc.get_traced_memory()[0] - before) / 2**20)"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True)
    return float(done.stdout.strip())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument(
        "--records", type=int, default=100_000, help="records of the big archive (default 100000)"
    )
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--work", type=Path)
    parser.add_argument(
        "--figures", type=Path, help="also write the figures to this JSON file (benches/all.py)"
    )
    args = parser.parse_args()
    work = args.work or default_work(args.articles)
    if not (work / "crawl.json").exists():
        print(f"(no archive in {work}: running benches/crawl.py --articles {args.articles} --rounds 1)")
        crawl_bench(args.articles, 1, [], work)
    crawl = json.loads((work / "crawl.json").read_text())
    base = work / "archive"
    with tempfile.TemporaryDirectory() as tmp, Portal(args.articles, port=crawl["port"]) as portal:
        small = []
        for n in range(args.runs):
            archive = copy_archive(base, Path(tmp) / "small")
            run = measure(
                "no-op", project_command(portal.url, archive, []), portal, REPO, work / f"incremental-{n}.log"
            )
            small.append(run)
            print(
                f"run {n + 1}: {run.line()}  archived {records(archive) - crawl['records']} new records",
                flush=True,
            )
        big = copy_archive(base, Path(tmp) / "big")
        generated = Path(tmp) / "generated"
        make_archive(generated, args.records - crawl["records"])
        for path in (generated / "articles").glob("*.jsonl"):
            shutil.copy(path, big / "articles" / path.name)
        total = records(big)
        large = measure(
            "no-op", project_command(portal.url, big, []), portal, REPO, work / "incremental-big.log"
        )
        print(f"over {total} records: {large.line()}  archived {records(big) - total} new records")
        small_index, big_index = index_memory(base), index_memory(big)
    best = min(small, key=lambda r: r.wall)
    small_rss = max(r.rss_mb for r in small)
    print(
        f"no-op incremental run over {crawl['records']} archived articles: {best.wall:.2f} s (best of {args.runs}), "
        f"{best.requests} requests, peak RSS {small_rss:.0f} MB"
    )
    print(
        f"over {total} records: peak RSS {large.rss_mb:.0f} MB ({large.rss_mb - small_rss:+.0f} MB); "
        f"the index alone: {small_index:.0f} MB -> {big_index:.0f} MB ({big_index - small_index:+.0f} MB); "
        f"the rest: {small_rss - small_index:.0f} MB -> {large.rss_mb - big_index:.0f} MB"
    )
    if args.figures:
        figures = {
            "records": crawl["records"], "noop": best.wall, "big_records": total, "rss": small_rss,
            "big_rss": large.rss_mb, "index": small_index, "big_index": big_index,
        }  # fmt: skip
        args.figures.write_text(json.dumps(figures))


if __name__ == "__main__":
    main()
