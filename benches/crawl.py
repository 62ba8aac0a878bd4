"""The crawl beside a bare Scrapy spider, on a synthetic portal served on 127.0.0.1.

    python benches/crawl.py [--articles 5000] [--rounds 2] [-s NAME=VALUE ...]

The portal (benches/portal.py: the fixture portal grown to N articles from the
fixtures' own pages, both layouts and the mirror's, count scripts, three-page
articles, list pages in three markups) is served by a process of its own. In each
round, one after the other (the order swapped every round), in processes of their
own, with the same ``-s`` settings (``DOWNLOAD_DELAY=0 AUTOTHROTTLE_ENABLED=False``
and those given):

- the project: ``scrapy crawl metrology``, archive and WARC on, into a fresh archive;
- the bare spider (benches/bare_spider.py): ``scrapy runspider`` outside the project,
  Scrapy's default settings, following the same links and yielding nothing.

Printed for each run: wall time, CPU time (of the run's processes: the crawl's
extraction process counts), requests the portal answered, pages/s, peak memory and
start-up (process start to the portal's first request); then the project's figures
over the bare spider's (medians of the rounds; the wall time of the fastest round of
each, as work of others on the machine only adds time; and the ratio within each
round, whose runs follow one another, so the machine changes less between them than
between rounds: the median and the range). The last round's archive and capture are
kept in ``--work`` for benches/reextract.py and benches/incremental_run.py.

Peak memory is that of all the run's processes together (the crawl forks an
extraction process when it is not paced: metrology_spider/readers.py): their
proportional set size (PSS: each page of memory counted once, split between the
processes that share it) summed, read from ``/proc/<pid>/smaps_rollup`` ten times a
second; and, beside it, ``ru_maxrss`` of the main process alone (what this bench gave
before the extraction process).

``--variant NAME=VALUE`` (repeatable) adds to each round a crawl of the project with
that setting too (``--variant EXTRACTION_PROCESSES=0``: every page read in the
crawl's process), reported beside the project's defaults.
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
import threading
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

BENCHES = Path(__file__).resolve().parent
REPO = BENCHES.parent
LOCAL = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False"]


def default_work(articles: int) -> Path:
    return Path(tempfile.gettempdir()) / "metrology-bench" / str(articles)


@dataclass
class Run:
    name: str
    wall: float
    requests: int
    rss_mb: float
    startup: float
    status: int
    cpu: float = 0.0  # user + system seconds of the run's processes
    memory_mb: float = 0.0  # peak PSS of the run's processes together
    processes: int = 1  # how many ran at the peak

    @property
    def rate(self) -> float:
        return self.requests / self.wall

    def line(self) -> str:
        return (
            f"{self.name:<8} {self.wall:7.2f} s (CPU {self.cpu:6.2f} s) {self.requests:6d} requests {self.rate:5.0f} pages/s "
            f"memory {self.memory_mb:4.0f} MB in {self.processes} process{'es' if self.processes > 1 else ''} "
            f"(main RSS {self.rss_mb:4.0f} MB)  start-up {self.startup:5.2f} s"
            + ("" if self.status == 0 else f"  EXIT {self.status}")
        )


class Portal:
    """benches/portal.py in a process of its own, stopped by its PID."""

    def __init__(self, articles: int, port: int = 0) -> None:
        self.process = subprocess.Popen(
            [sys.executable, str(BENCHES / "portal.py"), "--articles", str(articles), "--port", str(port)],
            stdout=subprocess.PIPE,
            text=True,
        )
        self.info = json.loads(self.process.stdout.readline())
        self.url = self.info["url"]

    def counter(self, reset: bool = False) -> dict:
        with urllib.request.urlopen(self.url + "__bench__" + ("/reset" if reset else "")) as answer:
            return json.load(answer)

    def stop(self) -> None:
        os.kill(self.process.pid, 15)
        self.process.wait()

    def __enter__(self) -> Portal:
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def measure(name: str, command: list[str], portal: Portal, cwd: Path, log: Path) -> Run:
    """Run ``command`` to its end; its wall time, peak RSS and what the portal saw."""
    portal.counter(reset=True)
    with open(log, "wb") as out:
        start = time.time()
        process = subprocess.Popen(command, cwd=cwd, stdout=out, stderr=subprocess.STDOUT)
        peak = [0, 1]

        def sample(pid: int) -> None:
            pss, count = tree_memory(pid)
            if pss > peak[0]:
                peak[0], peak[1] = pss, count

        status, usage = wait_sampling(process, sample)
        wall = time.time() - start
        process.returncode = os.waitstatus_to_exitcode(status)
    seen = portal.counter()
    startup = (seen["first"] - start) if seen["first"] else float("nan")
    cpu = usage.ru_utime + usage.ru_stime
    return Run(
        name, wall, seen["requests"], usage.ru_maxrss / 1024, startup, process.returncode, cpu,
        peak[0] / 2**20, peak[1],
    )  # fmt: skip


def wait_sampling(process: subprocess.Popen, sample) -> tuple[int, os.struct_rusage]:
    """Wait for ``process`` to end, calling ``sample(pid)`` ten times a second meanwhile
    (from a thread); its wait status and resource usage (``os.wait4``: the children it
    waited for count, a crawl's extraction process among them)."""
    done = threading.Event()

    def loop() -> None:
        while not done.wait(0.1):
            sample(process.pid)

    sampler = threading.Thread(target=loop, daemon=True)
    sampler.start()
    try:
        _, status, usage = os.wait4(process.pid, 0)
    finally:
        done.set()
        sampler.join()
    return status, usage


def children(pid: int) -> list[int]:
    """``pid``'s child processes (none once it has ended), from Linux's /proc."""
    try:
        return [int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def rollup(pid: int) -> dict[str, int] | None:
    """The memory of ``pid`` by kind (``Pss``, ``Private_Dirty``...), in bytes, from
    ``/proc/<pid>/smaps_rollup``; None once it has ended."""
    try:
        text = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return None
    fields = {}
    for line in text.splitlines()[1:]:
        name, _, value = line.partition(":")
        fields[name] = int(value.split()[0]) * 1024
    return fields


def tree_memory(pid: int) -> tuple[int, int]:
    """The PSS (bytes) of ``pid`` and its children together, and how many they are."""
    memories = [m for each in (pid, *children(pid)) if (m := rollup(each)) is not None]
    return sum(m["Pss"] for m in memories), len(memories)


def project_command(url: str, archive: Path, settings: list[str]) -> list[str]:
    return [
        sys.executable, "-m", "scrapy", "crawl", "metrology", "-a", f"start_urls={url}",
        *LOCAL, "-s", f"ARCHIVE_DIR={archive}", *settings,
    ]  # fmt: skip


def bare_command(url: str, settings: list[str]) -> list[str]:
    return [
        sys.executable, "-m", "scrapy", "runspider", str(BENCHES / "bare_spider.py"),
        "-a", f"start_url={url}", *LOCAL, *settings,
    ]  # fmt: skip


def records(archive: Path) -> int:
    return sum(1 for f in (archive / "articles").glob("*.jsonl") for _ in f.open("rb"))


def crawl_bench(
    articles: int, rounds: int, settings: list[str], work: Path, variants: list[str] = ()
) -> dict:
    work.mkdir(parents=True, exist_ok=True)
    names = ["bare", "project", *variants]
    runs: dict[str, list[Run]] = {name: [] for name in names}
    with Portal(articles) as portal, tempfile.TemporaryDirectory() as outside:
        info = portal.info
        print(
            f"portal: {info['articles']} articles ({info['script_counts']} with the view count by script, "
            f"{info['continuation_pages']} continuation pages), {info['pages']} pages, at {portal.url}"
        )
        for n in range(rounds):
            # Each configuration first in turn, and the bare spider's neighbours swapped.
            order = names[n % len(names) :] + names[: n % len(names)]
            if n % 2:
                order.reverse()
            for name in order:
                if name == "bare":
                    run = measure(
                        name,
                        bare_command(portal.url, settings),
                        portal,
                        Path(outside),
                        work / f"bare-{n}.log",
                    )
                    kept = None
                else:
                    archive = work / f"archive-{n}" if name == "project" else work / "variant"
                    shutil.rmtree(archive, ignore_errors=True)
                    extra = [] if name == "project" else ["-s", name]
                    command = project_command(portal.url, archive, [*settings, *extra])
                    label = "project" if name == "project" else f"project, {name}"
                    run = measure(label, command, portal, REPO, work / f"{name.replace('=', '-')}-{n}.log")
                    kept = records(archive)
                runs[name].append(run)
                print(
                    f"round {n + 1}: {run.line()}" + (f"  {kept} records" if kept is not None else ""),
                    flush=True,
                )
    shutil.rmtree(work / "variant", ignore_errors=True)
    last = work / "archive"
    shutil.rmtree(last, ignore_errors=True)
    (work / f"archive-{rounds - 1}").rename(last)
    for n in range(rounds - 1):
        shutil.rmtree(work / f"archive-{n}", ignore_errors=True)

    def median(name: str, field: str) -> float:
        return statistics.median(getattr(r, field) for r in runs[name])

    def memory(name: str) -> float:
        return max(r.memory_mb for r in runs[name])

    project, bare = runs["project"], runs["bare"]
    summary = {
        "wall": median("project", "wall") / median("bare", "wall"),
        "cpu": median("project", "cpu") / median("bare", "cpu"),
        "rate": median("project", "rate") / median("bare", "rate"),
        "memory": memory("project") / memory("bare"),
        "project_memory": memory("project"),
        "bare_memory": memory("bare"),
        "project_processes": max(r.processes for r in project),
        "rss": max(r.rss_mb for r in project) / max(r.rss_mb for r in bare),
        "startup": median("project", "startup") - median("bare", "startup"),
        "project_wall": median("project", "wall"),
        "bare_wall": median("bare", "wall"),
        # Other work on the machine only ever adds time: the fastest round of each is
        # the one it disturbed least.
        "project_wall_fastest": min(r.wall for r in project),
        "bare_wall_fastest": min(r.wall for r in bare),
        "round_ratios": [p.wall / b.wall for p, b in zip(project, bare, strict=True)],
        "records": records(last),
        "port": int(portal.url.rsplit(":", 1)[1].strip("/")),
        "variants": {
            name: {
                "wall": median(name, "wall") / median("bare", "wall"),
                "round_ratios": [v.wall / b.wall for v, b in zip(runs[name], bare, strict=True)],
                "memory": memory(name) / memory("bare"),
                "variant_memory": memory(name),
                "cpu": median(name, "cpu") / median("bare", "cpu"),
            }
            for name in variants
        },
    }
    print(
        f"project / bare (medians of {rounds} rounds): wall time {summary['wall']:.2f}x "
        f"({summary['project_wall']:.1f} s / {summary['bare_wall']:.1f} s), CPU time {summary['cpu']:.2f}x, "
        f"pages/s {summary['rate']:.2f}x, "
        f"peak memory {summary['memory']:.2f}x ({memory('project'):.0f} MB in {summary['project_processes']} "
        f"process(es) / {memory('bare'):.0f} MB; the main process's RSS alone {summary['rss']:.2f}x), "
        f"start-up {summary['startup']:+.2f} s "
        f"({median('project', 'startup'):.2f} s / {median('bare', 'startup'):.2f} s)"
    )
    fastest, bare_fastest = summary["project_wall_fastest"], summary["bare_wall_fastest"]
    print(
        f"project / bare (fastest of {rounds} rounds): wall time {fastest / bare_fastest:.2f}x "
        f"({fastest:.1f} s / {bare_fastest:.1f} s)"
    )
    within = summary["round_ratios"]
    print(
        f"project / bare (within each round): wall time {statistics.median(within):.2f}x by the median, "
        f"{min(within):.2f}x to {max(within):.2f}x ({', '.join(f'{r:.2f}' for r in within)})"
    )
    for name, figures in summary["variants"].items():
        ratios = figures["round_ratios"]
        print(
            f"project with {name} / bare: wall time {figures['wall']:.2f}x (medians; within each round "
            f"{', '.join(f'{r:.2f}' for r in ratios)}), CPU time {figures['cpu']:.2f}x, "
            f"peak memory {figures['memory']:.2f}x ({figures['variant_memory']:.0f} MB)"
        )
    print(f"the last archive ({summary['records']} records) and its capture: {last}")
    (work / "crawl.json").write_text(json.dumps({"articles": articles, "rounds": rounds, **summary}))
    return summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=5000, help="generated articles (default 5000)")
    parser.add_argument("--rounds", type=int, default=2, help="runs of each, alternated (default 2)")
    parser.add_argument("--work", type=Path, help="where the archives and logs go (default: a temp folder)")
    parser.add_argument("-s", dest="settings", action="append", default=[], help="NAME=VALUE, for both")
    parser.add_argument(
        "--variant", action="append", default=[], metavar="NAME=VALUE",
        help="also crawl with the project with this setting, in each round",
    )  # fmt: skip
    args = parser.parse_args()
    settings = [x for s in args.settings for x in ("-s", s)]
    crawl_bench(args.articles, args.rounds, settings, args.work or default_work(args.articles), args.variant)


if __name__ == "__main__":
    main()
