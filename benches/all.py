"""Every speed bench of issue 11 in one go (under 10 minutes on a 2-core machine).

    python benches/all.py [--articles 5000]

In order: benches/crawl.py (the crawl beside a bare Scrapy spider, 2 rounds each, and
the crawl with ``EXTRACTION_PROCESSES=0``: the trade of memory for time shown both ways),
benches/extract.py (extraction beside the lxml floor), benches/reextract.py (crawls
of its own, each re-extracted at once) and benches/incremental_run.py (the no-op run
over the same portal, and its memory over 100,000 records). Each prints its own
figures; the crawl's work folder is made fresh, so the no-op run uses this run's
archive. At the end, issue 11's goals beside this run's figures, each met or not
(memory's flatness is printed for reading: peak RSS less the index, at 5,000 and at
100,000 records).
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
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
        ["crawl.py", *size, "--rounds", "2", "--variant", "EXTRACTION_PROCESSES=0"],
        ["extract.py", "--seconds", "2", "--figures", str(work / "extract.json")],
        ["reextract.py", *size, "--figures", str(work / "reextract.json")],
        ["incremental_run.py", *size, "--figures", str(work / "incremental.json")],
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
    print_goals(work)


def print_goals(work: Path) -> None:
    """Issue 11's goals beside this run's figures, from what each bench wrote in ``work``."""
    crawl = json.loads((work / "crawl.json").read_text())
    extract = json.loads((work / "extract.json").read_text())
    reextract = json.loads((work / "reextract.json").read_text())
    noop = json.loads((work / "incremental.json").read_text())
    within = crawl["round_ratios"]
    jobs = reextract["jobs"]
    again = reextract["within"][str(jobs)]
    theirs = extract["trafilatura"]
    rest, big_rest = noop["rss"] - noop["index"], noop["big_rss"] - noop["big_index"]
    rows = [
        (
            "crawl wall time / the bare spider's",
            f"{crawl['wall']:.2f}x (medians; {min(within):.2f}x-{max(within):.2f}x within the rounds)",
            "<= 0.8x",
            crawl["wall"] <= 0.8,
        ),
        (
            "peak memory / the bare spider's",
            f"{crawl['memory']:.2f}x ({crawl['project_memory']:.0f} MB in {crawl['project_processes']} "
            f"process(es) / {crawl['bare_memory']:.0f} MB, PSS)",
            "<= 1.3x",
            crawl["memory"] <= 1.3,
        ),
        ("start-up - the bare spider's", f"{crawl['startup']:+.2f} s", "<= +0.3 s", crawl["startup"] <= 0.3),
        (
            "parse + extract + normalise / lxml's parse",
            f"{extract['floor'] / extract['ours']:.1f}x ({extract['pages']} pages)",
            "<= 3x",
            extract["floor"] / extract["ours"] <= 3,
        ),
        (
            "trafilatura's time / ours",
            f"{extract['ours'] / theirs:.0f}x" if theirs else "trafilatura not installed",
            ">= 20x",
            bool(theirs) and extract["ours"] / theirs >= 20,
        ),
        (
            f"re-extraction --jobs {jobs} / the crawl",
            f"{statistics.median(again):.1f}x (median within rounds; {min(again):.1f}x-{max(again):.1f}x)"
            + ("" if reextract["identical"] else "; ARCHIVES DIFFER"),
            ">= 5x",
            statistics.median(again) >= 5 and reextract["identical"],
        ),
        (
            f"no-op run over {noop['records']:,} records",
            f"{noop['noop']:.2f} s (best of 3)",
            "< 3 s",
            noop["noop"] < 3,
        ),
        (
            f"memory beyond the index, {noop['records']:,} -> {noop['big_records']:,} records",
            f"peak RSS less the index: {rest:.0f} -> {big_rest:.0f} MB (the index {noop['index']:.0f} -> "
            f"{noop['big_index']:.0f} MB)",
            "flat",
            None,
        ),
    ]
    for name, figures in crawl.get("variants", {}).items():
        ratios = figures["round_ratios"]
        rows[2:2] = [
            (
                f"  with {name}: crawl wall time",
                f"{figures['wall']:.2f}x (medians; {min(ratios):.2f}x-{max(ratios):.2f}x within the rounds)",
                "<= 0.8x",
                figures["wall"] <= 0.8,
            ),
            (
                f"  with {name}: peak memory",
                f"{figures['memory']:.2f}x ({figures['variant_memory']:.0f} MB)",
                "<= 1.3x",
                figures["memory"] <= 1.3,
            ),
        ]
    print("\nissue 11's goals, this run:")
    for goal, figure, target, met in rows:
        verdict = "(read the figure)" if met is None else "met" if met else "NOT MET"
        print(f"  {goal:<52} {figure:<58} goal {target:<10} {verdict}")


if __name__ == "__main__":
    main()
