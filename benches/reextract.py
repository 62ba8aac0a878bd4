"""Re-extraction from a crawl's capture, with 1 and N jobs, beside that crawl.

    python benches/reextract.py [--articles 5000] [--jobs N] [--rounds 2] [--figures FILE]

Each round crawls the synthetic portal of benches/crawl.py (served on 127.0.0.1,
``scrapy crawl metrology`` with archive and WARC on, into a fresh archive), then runs
``python -m metrology_spider reextract CAPTURE --jobs J`` on that round's capture as a
user runs it (a new process, start-up included), with ``--jobs N`` (default: the
cores) and ``--jobs 1``, in an order swapped every round. The crawl and the
re-extraction of a round follow one another, so the machine changes less between them
than between two benches run minutes apart (this machine's speed moves by a third from
one quarter of an hour to the next, and not alike for one and two busy cores): the
ratio within each round is the figure to read. Printed: records/s and peak RSS of
each run (with N jobs, also the workers' peak memory: their own pages and their PSS,
from /proc), whether the two archives hold the same bytes, and the ratios.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCHES = Path(__file__).resolve().parent
REPO = BENCHES.parent
sys.path.insert(0, str(BENCHES))
sys.path.insert(0, str(REPO))

from crawl import Portal, children, measure, project_command, records, rollup, wait_sampling  # noqa: E402

from metrology_spider.readers import default_jobs  # noqa: E402


def workers_memory(pid: int) -> tuple[int, int]:
    """The memory of ``pid``'s child processes (re-extraction's workers), in bytes: their
    own pages (private, not shared with the parent) and their proportional share (PSS),
    from Linux's /proc; (0, 0) where there is none."""
    memories = [m for child in children(pid) if (m := rollup(child)) is not None]
    own = sum(m["Private_Clean"] + m["Private_Dirty"] for m in memories)
    return own, sum(m["Pss"] for m in memories)


def run(capture: Path, out: Path, jobs: int) -> tuple[float, float, tuple[int, int]]:
    """Wall time, peak RSS (MB) and the workers' peak memory (own, PSS; bytes) of one run;
    (0, 0) for ``--jobs 1``, which has no workers (the one child it has, briefly, is
    ``uname -p``, run by Python's platform module for the versions Scrapy logs at start)."""
    shutil.rmtree(out, ignore_errors=True)
    command = [sys.executable, "-m", "metrology_spider", "reextract", str(capture), "--out", str(out)]
    start = time.perf_counter()
    process = subprocess.Popen(
        [*command, "--jobs", str(jobs)], cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    peak = [0, 0]

    def sample(pid: int) -> None:
        if jobs > 1:  # (--jobs 1's one child is uname: not a worker)
            own, pss = workers_memory(pid)
            peak[0], peak[1] = max(peak[0], own), max(peak[1], pss)

    status, usage = wait_sampling(process, sample)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"reextract --jobs {jobs} failed: {process.stderr.read()[-2000:].decode()}")
    return wall, usage.ru_maxrss / 1024, (peak[0], peak[1])


def archive_bytes(out: Path) -> bytes:
    return b"".join(p.read_bytes() for p in sorted((out / "articles").glob("*.jsonl")))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--jobs", type=int, default=default_jobs())
    parser.add_argument(
        "--rounds", type=int, default=2, help="crawls, each re-extracted both ways (default 2)"
    )
    parser.add_argument(
        "--figures", type=Path, help="also write the ratios to this JSON file (benches/all.py)"
    )
    args = parser.parse_args()
    jobs_n = args.jobs
    crawls: list[float] = []
    # --jobs N and --jobs 1, in an order swapped every round (--jobs 1 alone when N is 1).
    order = [jobs_n, 1] if jobs_n != 1 else [1]
    walls: dict[int, list[float]] = {jobs: [] for jobs in order}
    same = True
    with Portal(args.articles) as portal, tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        print(f"portal: {portal.info['articles']} articles, {portal.info['pages']} pages, at {portal.url}")
        for n in range(args.rounds):
            archive = work / "archive"
            shutil.rmtree(archive, ignore_errors=True)
            crawl = measure(
                "crawl", project_command(portal.url, archive, []), portal, REPO, work / "crawl.log"
            )
            if crawl.status != 0:
                raise SystemExit(
                    f"the crawl failed (exit {crawl.status}): {(work / 'crawl.log').read_text()[-2000:]}"
                )
            count = records(archive)
            crawls.append(crawl.wall)
            print(
                f"round {n + 1}: crawl {crawl.wall:6.2f} s  {count / crawl.wall:6.0f} records/s  ({count} records)"
            )
            capture = archive / "warc"
            for jobs in order if n % 2 == 0 else order[::-1]:
                wall, peak, (own, pss) = run(capture, work / f"jobs{jobs}", jobs)
                walls[jobs].append(wall)
                workers = (
                    f"; workers' own memory {own / 2**20:.0f} MB (PSS {pss / 2**20:.0f} MB)" if own else ""
                )
                print(
                    f"round {n + 1}: reextract --jobs {jobs}: {wall:6.2f} s  {count / wall:6.0f} records/s  "
                    f"{crawl.wall / wall:4.1f}x the crawl  peak RSS {peak:4.0f} MB" + workers,
                    flush=True,
                )
            built = {jobs: archive_bytes(work / f"jobs{jobs}") for jobs in (1, jobs_n)}
            same = same and built[1] == built[jobs_n] and built[1] != b""
        size = sum(p.stat().st_size for p in capture.glob("*.warc.gz")) / 2**20
    within = {jobs: [c / w for c, w in zip(crawls, walls[jobs], strict=True)] for jobs in walls}
    print(
        f"capture of {count} articles ({size:.0f} MiB); the crawls: {', '.join(f'{c:.1f} s' for c in crawls)}"
    )
    for jobs in sorted(walls):
        ratios = within[jobs]
        print(
            f"reextract --jobs {jobs} / the crawl of its round: {statistics.median(ratios):.1f}x by the median, "
            f"{min(ratios):.1f}x to {max(ratios):.1f}x ({', '.join(f'{r:.1f}' for r in ratios)}); "
            f"best of each: {min(crawls) / min(walls[jobs]):.1f}x"
        )
    if args.figures:
        args.figures.write_text(json.dumps({"jobs": jobs_n, "within": within, "identical": same}))
    if jobs_n != 1:
        print(
            f"reextract --jobs {jobs_n} / --jobs 1 (medians): "
            f"{statistics.median(walls[1]) / statistics.median(walls[jobs_n]):.2f}x; "
            f"archives {'identical' if same else 'DIFFERENT'} in every round"
        )


if __name__ == "__main__":
    main()
