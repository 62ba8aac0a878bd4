"""Every speed bench of issue 11 in one go (under 10 minutes on a 2-core machine).

    python benches/all.py [--articles 5000]

In order: benches/crawl.py (the crawl beside a bare Scrapy spider, 2 rounds each),
benches/extract.py (extraction beside the lxml floor), benches/reextract.py (crawls
of its own, each re-extracted at once) and benches/incremental_run.py (the no-op run
over the same portal, and its memory over 100,000 records). Each prints its own
figures; the crawl's work folder is made fresh, so the no-op run uses this run's
archive.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import time
from pathlib import Path

BENCHES = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCHES))

from crawl import default_work  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=5000)
    args = parser.parse_args()
    work = default_work(args.articles)
    shutil.rmtree(work, ignore_errors=True)
    size = ["--articles", str(args.articles)]
    benches = [
        ["crawl.py", *size, "--rounds", "2"],
        ["extract.py", "--seconds", "2"],
        ["reextract.py", *size],
        ["incremental_run.py", *size],
    ]
    start = time.perf_counter()
    for bench in benches:
        print(f"\n$ python benches/{' '.join(bench)}", flush=True)
        began = time.perf_counter()
        subprocess.run([sys.executable, str(BENCHES / bench[0]), *bench[1:]], check=True)
        print(f"({time.perf_counter() - began:.0f} s)", flush=True)
    print(
        f"\nall benches: {time.perf_counter() - start:.0f} s, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}"
    )


if __name__ == "__main__":
    main()
