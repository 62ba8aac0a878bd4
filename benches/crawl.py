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

Printed for each run: wall time, requests the portal answered, pages/s, peak RSS
(``os.wait4``'s ``ru_maxrss`` of that process) and start-up (process start to the
portal's first request); then the project's figures over the bare spider's (medians
of the rounds; the wall time of the fastest round of each, as work of others on the
machine only adds time; and the ratio within each round, whose two runs follow one
another, so the machine changes less between them than between rounds: the median
and the range). The last round's archive and capture are kept in ``--work`` for
benches/reextract.py and benches/incremental_run.py.
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
    cpu: float = 0.0  # user + system seconds of the process

    @property
    def rate(self) -> float:
        return self.requests / self.wall

    def line(self) -> str:
        return (
            f"{self.name:<8} {self.wall:7.2f} s (CPU {self.cpu:6.2f} s) {self.requests:6d} requests {self.rate:5.0f} pages/s "
            f"peak RSS {self.rss_mb:6.0f} MB  start-up {self.startup:5.2f} s"
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
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.time() - start
        process.returncode = os.waitstatus_to_exitcode(status)
    seen = portal.counter()
    startup = (seen["first"] - start) if seen["first"] else float("nan")
    cpu = usage.ru_utime + usage.ru_stime
    return Run(name, wall, seen["requests"], usage.ru_maxrss / 1024, startup, process.returncode, cpu)


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


def crawl_bench(articles: int, rounds: int, settings: list[str], work: Path) -> dict:
    work.mkdir(parents=True, exist_ok=True)
    runs: dict[str, list[Run]] = {"project": [], "bare": []}
    with Portal(articles) as portal, tempfile.TemporaryDirectory() as outside:
        info = portal.info
        print(
            f"portal: {info['articles']} articles ({info['script_counts']} with the view count by script, "
            f"{info['continuation_pages']} continuation pages), {info['pages']} pages, at {portal.url}"
        )
        for n in range(rounds):
            order = ("bare", "project") if n % 2 == 0 else ("project", "bare")
            for name in order:
                if name == "project":
                    archive = work / f"archive-{n}"
                    shutil.rmtree(archive, ignore_errors=True)
                    command = project_command(portal.url, archive, settings)
                    run = measure(name, command, portal, REPO, work / f"project-{n}.log")
                    kept = records(archive)
                else:
                    run = measure(
                        name,
                        bare_command(portal.url, settings),
                        portal,
                        Path(outside),
                        work / f"bare-{n}.log",
                    )
                    kept = None
                runs[name].append(run)
                print(
                    f"round {n + 1}: {run.line()}" + (f"  {kept} records" if kept is not None else ""),
                    flush=True,
                )
    last = work / "archive"
    shutil.rmtree(last, ignore_errors=True)
    (work / f"archive-{rounds - 1}").rename(last)
    for n in range(rounds - 1):
        shutil.rmtree(work / f"archive-{n}", ignore_errors=True)

    def median(name: str, field: str) -> float:
        return statistics.median(getattr(r, field) for r in runs[name])

    project, bare = runs["project"], runs["bare"]
    summary = {
        "wall": median("project", "wall") / median("bare", "wall"),
        "cpu": median("project", "cpu") / median("bare", "cpu"),
        "rate": median("project", "rate") / median("bare", "rate"),
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
    }
    print(
        f"project / bare (medians of {rounds} rounds): wall time {summary['wall']:.2f}x "
        f"({summary['project_wall']:.1f} s / {summary['bare_wall']:.1f} s), CPU time {summary['cpu']:.2f}x, "
        f"pages/s {summary['rate']:.2f}x, "
        f"peak RSS {summary['rss']:.2f}x ({max(r.rss_mb for r in project):.0f} MB / "
        f"{max(r.rss_mb for r in bare):.0f} MB), start-up {summary['startup']:+.2f} s "
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
    print(f"the last archive ({summary['records']} records) and its capture: {last}")
    (work / "crawl.json").write_text(json.dumps({"articles": articles, "rounds": rounds, **summary}))
    return summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=5000, help="generated articles (default 5000)")
    parser.add_argument("--rounds", type=int, default=2, help="runs of each, alternated (default 2)")
    parser.add_argument("--work", type=Path, help="where the archives and logs go (default: a temp folder)")
    parser.add_argument("-s", dest="settings", action="append", default=[], help="NAME=VALUE, for both")
    args = parser.parse_args()
    settings = [x for s in args.settings for x in ("-s", s)]
    crawl_bench(args.articles, args.rounds, settings, args.work or default_work(args.articles))


if __name__ == "__main__":
    main()
