"""Where the CPU time of the crawl and of re-extraction goes: the project's own code,
or the libraries under it (Scrapy, Twisted, warcio, lxml...).

    python benches/cpu_profile.py [--articles 2000] [--rate 200] [--ratio R]

Runs, under py-spy (``pip install py-spy``; it samples the process from outside,
so the figures are those of the real command, not of an instrumented one):

1. ``scrapy crawl metrology`` (archive and WARC on) over the synthetic portal of
   benches/crawl.py, with ``DOWNLOAD_DELAY=0 AUTOTHROTTLE_ENABLED=False``: the crawl's
   process and its extraction process (``EXTRACTION_PROCESSES``), each on its own;
2. ``python -m metrology_spider reextract --jobs 1`` over that crawl's capture
   (one process); with ``--jobs N`` (N > 1), ``reextract --jobs N`` with its worker
   processes sampled too (``py-spy --subprocesses``), each process reported on its own:
   how the work splits between the main process (Scrapy's item chain, the archive) and
   the workers (reading the capture, extraction).

Each sample is put down to its owner: the deepest frame of its stack that belongs
to a known library or to a module of the project (the standard library's frames
count for whoever called them; a stack still importing counts as start-up). Printed:
each owner's share, the share of the project's own code, and what that share means
for a goal such as issue 11's "0.8x the bare spider": the best the crawl could do if
the project's own code cost nothing.
"""

from __future__ import annotations

import argparse
import collections
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

BENCHES = Path(__file__).resolve().parent
REPO = BENCHES.parent
sys.path.insert(0, str(BENCHES))

from crawl import LOCAL, Portal  # noqa: E402

LIBRARIES = (
    "scrapy", "twisted", "warcio", "lxml", "parsel", "w3lib", "itemadapter", "opencc", "orjson",
    "spidermon", "protego", "zope", "queuelib", "tldextract", "jsonschema", "aiohttp", "OpenSSL",
)  # fmt: skip
_LIBRARY = re.compile(r"\((?:.*site-packages/)?(" + "|".join(LIBRARIES) + r")/")
_PROJECT = re.compile(r"metrology_spider/(\w+)")
# The project's modules by what they do.
EXTRACTION = {
    "extract",
    "pagelines",
    "evidence",
    "textmatch",
    "dates",
    "assemble",
    "normalize",
    "navigation",
    "tables",
}
IDLE = ("Condition.wait", "Queue.get", "_PollLikeSelector.select", "EPollReactor.doPoll")


def owner(stack: list[str]) -> str:
    if any("importlib._bootstrap" in frame for frame in stack):
        return "start-up: imports"
    if any(stack[-1].startswith(name) for name in IDLE):
        return "idle: waiting (thread pool, poll)"
    for frame in reversed(stack):
        if m := _LIBRARY.search(frame):
            return f"library: {m.group(1)}"
        if (m := _PROJECT.search(frame)) and m.group(1) not in ("commands", "__main__", "cli"):
            return "project: " + ("extraction" if m.group(1) in EXTRACTION else m.group(1))
    return "python (interpreter, standard library)"


def shares(raw: Path) -> collections.Counter:
    return sum(shares_by_process(raw).values(), collections.Counter())


def shares_by_process(raw: Path) -> dict[tuple[str, ...], collections.Counter]:
    """Each process's owners, by its line of descent: (main,) for the main process,
    (main, worker) for a worker; () without ``--subprocesses``. The main process first."""
    counts: dict[tuple[str, ...], collections.Counter] = collections.defaultdict(collections.Counter)
    for line in raw.read_text().splitlines():
        stack, _, n = line.rpartition(" ")
        frames = stack.split(";")
        # py-spy --subprocesses starts each stack with a "process PID:\"command\"" frame
        # for the process sampled and each of its ancestors, the eldest first.
        descent = tuple(f.split(":")[0].removeprefix("process ") for f in frames if f.startswith("process "))
        frames = [f for f in frames if not f.startswith("process ")]
        if frames:
            counts[descent][owner(frames)] += int(n)
    return dict(sorted(counts.items(), key=lambda item: len(item[0])))


def report(title: str, counts: collections.Counter) -> float:
    total = sum(counts.values()) - sum(v for k, v in counts.items() if k.startswith("idle"))
    print(f"\n{title}: {total} samples (idle left out)")
    for name, n in counts.most_common():
        if not name.startswith("idle"):
            print(f"  {100 * n / total:5.1f}%  {name}")
    ours = sum(v for k, v in counts.items() if k.startswith("project")) / total
    print(f"  the project's own code: {100 * ours:.1f}%; everything else: {100 * (1 - ours):.1f}%")
    return ours


def record(command: list[str], out: Path, rate: int, subprocesses: bool = False) -> None:
    spy = shutil.which("py-spy") or str(Path(sys.executable).parent / "py-spy")
    result = subprocess.run(
        [spy, "record", "-r", str(rate), "-f", "raw", "-o", str(out),
         *(["--subprocesses"] if subprocesses else []), "--", *command],
        cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    if result.returncode != 0 or not out.exists():
        raise SystemExit(f"py-spy failed ({' '.join(command[:4])}...): {result.stderr[-1500:].decode()}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--rate", type=int, default=200, help="py-spy samples per second")
    parser.add_argument(
        "--ratio", type=float, help="the crawl's wall time over the bare spider's (benches/crawl.py)"
    )
    parser.add_argument("--jobs", type=int, default=1, help="re-extraction's worker processes (default 1)")
    args = parser.parse_args()
    if not (shutil.which("py-spy") or (Path(sys.executable).parent / "py-spy").exists()):
        raise SystemExit("py-spy is needed: pip install py-spy")
    work = Path(tempfile.mkdtemp(prefix="metrology-profile-"))
    try:
        archive = work / "archive"
        with Portal(args.articles) as portal:
            print(f"portal: {args.articles} articles at {portal.url}")
            record(
                [sys.executable, "-m", "scrapy", "crawl", "metrology", "-a", f"start_urls={portal.url}",
                 *LOCAL, "-s", f"ARCHIVE_DIR={archive}"],
                work / "crawl.txt", args.rate, subprocesses=True,
            )  # fmt: skip
        # The crawl's own process, then its extraction process (EXTRACTION_PROCESSES).
        crawl = None
        for descent, counts in shares_by_process(work / "crawl.txt").items():
            if len(descent) == 1:
                crawl = report("scrapy crawl metrology, the crawl's process", counts)
            else:
                report(f"scrapy crawl metrology, its extraction process {descent[-1]}", counts)
        record(
            [sys.executable, "-m", "metrology_spider", "reextract", str(archive / "warc"),
             "--out", str(work / "rebuilt"), "--jobs", str(args.jobs)],
            work / "reextract.txt", args.rate, subprocesses=args.jobs > 1,
        )  # fmt: skip
        if args.jobs == 1:
            report("reextract --jobs 1", shares(work / "reextract.txt"))
        else:
            by_process = shares_by_process(work / "reextract.txt")
            everything = sum(sum(c.values()) for c in by_process.values())
            for descent, counts in by_process.items():
                role = "main process" if len(descent) == 1 else "worker"
                share = 100 * sum(counts.values()) / everything
                report(f"reextract --jobs {args.jobs}, {role} {descent[-1]} ({share:.0f}% of all samples)", counts)
        print(
            f"\nIf the project's own code in the crawl's process cost nothing, the crawl would take {100 * (1 - crawl):.0f}% of its time: "
            f"to be 0.8x the bare spider it must now be at most {0.8 / (1 - crawl):.2f}x it "
            "(benches/crawl.py gives the ratio)."
        )
        if args.ratio:
            allowed = max(0.0, 0.8 / args.ratio - (1 - crawl))  # of the crawl's time, for the project's code
            print(
                f"At {args.ratio:.2f}x, 0.8x leaves the project's own code {100 * allowed:.1f}% of the crawl's time "
                f"instead of {100 * crawl:.1f}%: it would have to cost {100 * (1 - allowed / crawl):.0f}% less."
            )
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
