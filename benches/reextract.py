"""Re-extraction from the capture of benches/crawl.py, with 1 and N jobs, beside
that crawl.

    python benches/reextract.py [--articles 5000] [--jobs N]

Runs ``python -m metrology_spider reextract CAPTURE --jobs J`` as a user runs it (a
new process, start-up included) on the WARC capture benches/crawl.py left in its
work folder (made first, one round, when there is none), with ``--jobs 1`` and
``--jobs N`` (default: the cores), alternated over two rounds; prints records/s and
peak RSS of each (with N jobs, also the workers' peak memory: their own pages and
their PSS, from /proc), checks the two archives hold the same bytes, and gives the
ratio to the crawl's records/s (the project's median wall time in that bench, and
its fastest round).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

BENCHES = Path(__file__).resolve().parent
REPO = BENCHES.parent
sys.path.insert(0, str(BENCHES))
sys.path.insert(0, str(REPO))

from crawl import crawl_bench, default_work  # noqa: E402

from metrology_spider.reextract import default_jobs  # noqa: E402


def captured(articles: int, work: Path) -> dict:
    """The crawl bench's figures, running it (one round) when it has not run."""
    figures = work / "crawl.json"
    if not figures.exists():
        print(f"(no capture in {work}: running benches/crawl.py --articles {articles} --rounds 1)")
        crawl_bench(articles, 1, [], work)
    return json.loads(figures.read_text())


def workers_memory(pid: int) -> tuple[int, int]:
    """The memory of ``pid``'s child processes (re-extraction's workers), in bytes: their
    own pages (private, not shared with the parent) and their proportional share (PSS),
    from Linux's /proc; (0, 0) where there is none."""
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return 0, 0
    own = pss = 0
    for child in children:
        try:
            rollup = Path(f"/proc/{child}/smaps_rollup").read_text()
        except OSError:  # gone meanwhile
            continue
        for line in rollup.splitlines():
            name, _, value = line.partition(":")
            if name in ("Private_Clean", "Private_Dirty"):
                own += int(value.split()[0]) * 1024
            elif name == "Pss":
                pss += int(value.split()[0]) * 1024
    return own, pss


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
    done = threading.Event()

    def sample() -> None:
        while not done.wait(0.1):
            own, pss = workers_memory(process.pid)
            peak[0], peak[1] = max(peak[0], own), max(peak[1], pss)

    sampler = threading.Thread(target=sample, daemon=True) if jobs > 1 else None
    if sampler:
        sampler.start()
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    done.set()
    if sampler:
        sampler.join()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"reextract --jobs {jobs} failed: {process.stderr.read()[-2000:].decode()}")
    return wall, usage.ru_maxrss / 1024, (peak[0], peak[1])


def archive_bytes(out: Path) -> bytes:
    return b"".join(p.read_bytes() for p in sorted((out / "articles").glob("*.jsonl")))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--jobs", type=int, default=default_jobs())
    parser.add_argument("--work", type=Path)
    args = parser.parse_args()
    work = args.work or default_work(args.articles)
    crawl = captured(args.articles, work)
    capture = work / "archive" / "warc"
    records = crawl["records"]
    walls: dict[int, list[float]] = {1: [], args.jobs: []}
    rss: dict[int, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for n in range(2):
            for jobs in (1, args.jobs) if n % 2 == 0 else (args.jobs, 1):
                wall, peak, (own, pss) = run(capture, Path(tmp) / f"jobs{jobs}", jobs)
                walls[jobs].append(wall)
                rss[jobs] = max(rss.get(jobs, 0), peak)
                workers = f"; workers' own memory {own / 2**20:.0f} MB (PSS {pss / 2**20:.0f} MB)" if own else ""
                print(
                    f"reextract --jobs {jobs}: {wall:6.2f} s  {records / wall:6.0f} records/s  peak RSS {peak:4.0f} MB"
                    + workers,
                    flush=True,
                )
        same = archive_bytes(Path(tmp) / "jobs1") == archive_bytes(Path(tmp) / f"jobs{args.jobs}")
    crawl_rate = records / crawl["project_wall"]
    # The crawl's fastest round, beside re-extraction's fastest (a crawl.json written
    # before the crawl bench kept it has the median only).
    crawl_fastest = records / crawl.get("project_wall_fastest", crawl["project_wall"])
    best = {jobs: records / min(w) for jobs, w in walls.items()}
    print(
        f"capture of {records} articles ({sum(p.stat().st_size for p in capture.glob('*.warc.gz')) / 2**20:.0f} MiB); "
        f"the crawl that made it: {crawl_rate:.0f} records/s ({crawl['project_wall']:.1f} s, median), "
        f"{crawl_fastest:.0f} records/s in its fastest round"
    )
    print(
        f"reextract, best of 2: --jobs 1 {best[1]:.0f} records/s ({best[1] / crawl_rate:.1f}x the crawl), "
        f"--jobs {args.jobs} {best[args.jobs]:.0f} records/s ({best[args.jobs] / crawl_rate:.1f}x the crawl, "
        f"{best[args.jobs] / crawl_fastest:.1f}x its fastest round, "
        f"{best[args.jobs] / best[1]:.2f}x --jobs 1); archives {'identical' if same else 'DIFFERENT'}"
    )


if __name__ == "__main__":
    main()
