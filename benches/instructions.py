"""Instructions the crawl executes beside the bare spider's, counted by valgrind's
cachegrind: figures that do not move with the machine's load, for weighing small
changes (wall and CPU time move by 15 to 30 % from run to run on the machine the
benches were run on; two counts of the same code agree to 0.05 %).

    python benches/instructions.py [--articles 1000] [--tree DIR ...] [-s NAME=VALUE ...] [--reextract]

The portal of benches/crawl.py (benches/portal.py) is served by a process of its
own. Each crawl runs under ``valgrind --tool=cachegrind --cache-sim=no``, about 50
times slower (1,000 articles: 3 to 4 minutes): the project's once for each
``--tree`` (a checkout of this repository, this one by default; for an A/B of a
change, ``git worktree add /tmp/before HEAD~1`` and ``--tree . --tree /tmp/before``),
then the bare spider (benches/bare_spider.py) once, all with the same ``-s``
settings (``DOWNLOAD_DELAY=0 AUTOTHROTTLE_ENABLED=False`` and those given). Printed:
each run's instructions (a crawl's own and its extraction process's together, and
each apart), requests and instructions per request, then each tree's count over the
bare spider's.

With ``--reextract``, each tree's ``python -m metrology_spider reextract --jobs 1`` of
the capture its crawl left is counted too, and the
crawl's instructions a record over re-extraction's: how many times cheaper a record is
to re-extract than to crawl, which bounds ``--jobs N`` at N times that (issue 11 asks
5 times the crawl's speed: on two cores, 2.5 times cheaper a record at the least).
Start-up (imports, Scrapy's set-up) is counted in both, as in the timed benches: it
weighs more on re-extraction, so small portals understate the ratio.

Instructions are not time: cache misses, system calls and the kernel's work are not
in them. But of two versions of the same Python code, the one that runs fewer
instructions is the cheaper one, and this says by how much where a timed run cannot.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from crawl import LOCAL, Portal, bare_command, project_command, records

VALGRIND = ["valgrind", "--tool=cachegrind", "--cache-sim=no"]
# valgrind slows the crawl about 50 times; the portal answers as fast as ever.
SLOW = ["-s", "DOWNLOAD_TIMEOUT=600"]


def count(command: list[str], cwd: Path, out: Path, env: dict[str, str] | None = None) -> int:
    """Instructions ``command`` executed, as cachegrind counts them: its own and those of
    the processes it forks (a crawl's extraction process: valgrind follows a fork, and
    each process reports on its own). ``env``: the command's environment, if not ours."""
    process = subprocess.Popen(
        [*VALGRIND, f"--cachegrind-out-file={out}.%p", *command],
        cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env,
    )  # fmt: skip
    _, stderr = process.communicate()
    found = {int(pid): int(n.replace(",", "")) for pid, n in re.findall(r"==(\d+)== I\s+refs:\s+([\d,]+)", stderr)}
    if process.returncode != 0 or process.pid not in found:
        raise SystemExit(f"{' '.join(command[:6])} ... failed (exit {process.returncode}):\n{stderr[-3000:]}")
    if len(found) > 1:
        print(
            f"  ({found[process.pid] / 1e9:.3f} billion in the main process, "
            f"{(sum(found.values()) - found[process.pid]) / 1e9:.3f} in {len(found) - 1} forked)",
            flush=True,
        )
    return sum(found.values())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000, help="generated articles (default 1000)")
    parser.add_argument("--tree", type=Path, action="append", help="a checkout of the project (default: this one)")
    parser.add_argument("-s", dest="settings", action="append", default=[], help="NAME=VALUE, for every run")
    parser.add_argument(
        "--reextract", action="store_true", help="also count reextract --jobs 1 of each tree's capture"
    )
    args = parser.parse_args()
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed (apt install valgrind)")
    trees = [t.resolve() for t in args.tree or [Path(__file__).resolve().parent.parent]]
    settings = [*SLOW, *(x for s in args.settings for x in ("-s", s))]
    counts: dict[str, int] = {}
    crawled: dict[str, int] = {}  # records each tree's crawl archived
    with Portal(args.articles) as portal, tempfile.TemporaryDirectory() as work:
        print(f"portal: {portal.info['articles']} articles at {portal.url}; {' '.join(LOCAL + settings)}")
        runs = [(str(tree), tree, project_command(portal.url, Path(work) / f"archive-{n}", settings))
                for n, tree in enumerate(trees)]  # fmt: skip
        runs.append(("bare", Path(work), bare_command(portal.url, settings)))
        for n, (name, cwd, command) in enumerate(runs):
            portal.counter(reset=True)
            counts[name] = count(command, cwd, Path(work) / f"cachegrind-{n}.out")
            requests = portal.counter()["requests"]
            if name != "bare":
                crawled[name] = records(Path(work) / f"archive-{n}")
            kept = f", {crawled[name]} records" if name != "bare" else ""
            print(
                f"{name}: {counts[name] / 1e9:7.3f} billion instructions, {requests} requests{kept}, "
                f"{counts[name] / requests / 1e6:6.2f} million a request",
                flush=True,
            )
        per_record: dict[str, tuple[float, float]] = {}  # instructions a record: crawled, re-extracted
        for n, tree in enumerate(trees if args.reextract else []):
            archive, out = Path(work) / f"archive-{n}", Path(work) / f"rebuilt-{n}"
            command = [sys.executable, "-m", "metrology_spider", "reextract", str(archive / "warc"),
                       "--out", str(out), "--jobs", "1"]  # fmt: skip
            instructions, kept = count(command, tree, Path(work) / f"cachegrind-re-{n}.out"), records(out)
            print(f"{tree} reextract --jobs 1: {instructions / 1e9:7.3f} billion instructions, {kept} records", flush=True)
            per_record[str(tree)] = (counts[str(tree)] / crawled[str(tree)], instructions / kept)
    for name, (crawl, reextract) in per_record.items():
        ratio = crawl / reextract
        print(
            f"{name}: a record costs {crawl / 1e6:.2f} million instructions crawled, {reextract / 1e6:.2f} million "
            f"re-extracted (start-up included in both): {ratio:.2f}x cheaper; --jobs N at best {ratio:.2f}N "
            "times the crawl's speed"
        )
    for name in counts:
        if name != "bare":
            print(f"{name} / bare: {counts[name] / counts['bare']:.3f}x the instructions")
    if len(trees) > 1:
        first = str(trees[0])
        for tree in trees[1:]:
            print(f"{first} / {tree}: {counts[first] / counts[str(tree)]:.4f}x")


if __name__ == "__main__":
    main()
