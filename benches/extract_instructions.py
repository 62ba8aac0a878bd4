"""Instructions a page costs to read, counted by valgrind's cachegrind: the first page as
the crawl, replay and re-extraction read it (``assemble.read_page``: parse, extraction,
the article's other pages and count script, normalisation), over the fixture pages and,
with ``--pages DIR``, the ``*.html`` pages of DIR (``../shared/realpages/pages``). The
measure for weighing a change to extraction: two counts of the same code agree to
0.2 % (hashing seeded alike: with Python's random seeds they moved by 1 %), where timed
runs on the machine the benches were run on move by 15 to 30 %.

    python benches/extract_instructions.py [--pages DIR] [--tree DIR ...] [--parts]

Each figure is one pass over the pages: this script, under ``valgrind --tool=cachegrind``,
makes a warm-up pass (patterns compiled, tables loaded, as in a crawl after its first
pages) and then 1 pass, and again 3 passes; half the difference is a pass, start-up and
warm-up left out (about 1 minute a figure). ``--tree`` counts another checkout of the
repository on the same pages (``git worktree add /tmp/before HEAD~1``, then ``--tree .
--tree /tmp/before``); the trees' readings of the pages are then compared too (the
record or failure, the article's pages, the count script, the normalised fields: a
change meant to be faster only must leave them the same). ``--parts`` also counts the
parts of a reading apart: the parse
(``html_selector``), the extraction (``extract_page``: the page's lines, its evidence and
the decisions), the article's other pages and count script, and the normalisation.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

BENCHES = Path(__file__).resolve().parent
REPO = BENCHES.parent
sys.path.insert(0, str(BENCHES))

from instructions import count  # noqa: E402

PARTS = ("read", "parse", "extract", "navigation", "normalisation")


def _decoded(pages_file: Path) -> list[tuple[str, str]]:
    """The pages of ``pages_file`` (path, URL), each decoded as Scrapy decodes it."""
    from scrapy.http import HtmlResponse

    return [
        (HtmlResponse(url, body=Path(path).read_bytes()).text, url)
        for path, url in json.loads(pages_file.read_text())
    ]


def run_passes(tree: Path, pages_file: Path, part: str, passes: int) -> None:
    """The worker, run under valgrind: a warm-up pass over the pages, then ``passes``."""
    sys.path.insert(0, str(tree))
    from metrology_spider.assemble import html_selector, read_page
    from metrology_spider.extract import extract_page
    from metrology_spider.navigation import article_page_urls, view_count_url
    from metrology_spider.normalize import normalized_fields

    pages = _decoded(pages_file)
    selectors = [(html_selector(text), url) for text, url in pages]
    articles = [a for s, url in selectors if (a := extract_page(s, url).result)]
    work = {
        "read": lambda: [read_page(text, url, True) for text, url in pages],
        "parse": lambda: [html_selector(text) for text, _ in pages],
        "extract": lambda: [extract_page(s, url) for s, url in selectors],
        "navigation": lambda: [(article_page_urls(s, url), view_count_url(s, url)) for s, url in selectors],
        "normalisation": lambda: [normalized_fields(a) for a in articles],
    }[part]
    for text, url in pages:
        read_page(text, url, True)  # the warm-up
    for _ in range(passes):
        work()


def dump_readings(tree: Path, pages_file: Path, out: Path) -> None:
    """The worker, run as it is: every page's reading (the record or failure with its
    disagreements, the article's pages, the count script, the normalised fields), as text."""
    sys.path.insert(0, str(tree))
    from metrology_spider.assemble import read_page

    readings = []
    for text, url in _decoded(pages_file):
        r = read_page(text, url, True)
        readings.append(
            repr((r.extraction.result, r.extraction.disagreements, r.pages, r.count_url, r.normalized))
        )
    out.write_text(json.dumps(readings))


def readings_of(tree: Path, pages_file: Path) -> list[str]:
    out = pages_file.with_name(f"readings-{abs(hash(tree))}.json")
    command = [sys.executable, __file__, "--readings", str(tree), str(pages_file), str(out)]
    process = subprocess.run(command, cwd=tree, capture_output=True, text=True)
    if process.returncode != 0:
        raise SystemExit(f"{tree}: reading the pages failed:\n{process.stderr[-3000:]}")
    return json.loads(out.read_text())


def instructions(tree: Path, pages_file: Path, part: str, passes: int) -> int:
    command = [sys.executable, __file__, "--worker", str(tree), str(pages_file), part, str(passes)]
    out = pages_file.with_name(f"cachegrind-{part}-{passes}-{abs(hash(tree))}")
    return count(command, tree, out, env={**os.environ, "PYTHONHASHSEED": "0"})


def per_pass(tree: Path, pages_file: Path, part: str) -> int:
    """One pass's instructions: (3 passes - 1 pass) / 2, both counted at once."""
    with ThreadPoolExecutor(2) as pool:
        one, three = pool.map(lambda n: instructions(tree, pages_file, part, n), (1, 3))
    return (three - one) // 2


def main() -> None:
    if len(sys.argv) == 6 and sys.argv[1] == "--worker":
        run_passes(Path(sys.argv[2]), Path(sys.argv[3]), sys.argv[4], int(sys.argv[5]))
        return
    if len(sys.argv) == 5 and sys.argv[1] == "--readings":
        dump_readings(Path(sys.argv[2]), Path(sys.argv[3]), Path(sys.argv[4]))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=Path, help="a folder of more *.html pages to add")
    parser.add_argument(
        "--tree", type=Path, action="append", help="a checkout of the project (default: this one)"
    )
    parser.add_argument("--parts", action="store_true", help="also count the parts of a reading apart")
    args = parser.parse_args()
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed (apt install valgrind)")
    sys.path.insert(0, str(REPO))
    from extract import page_url

    from tests.saved_pages import page_cases

    pages = [(str(p.resolve()), url) for p, url in page_cases()]
    if args.pages:
        pages += [(str(p.resolve()), page_url(p, n)) for n, p in enumerate(sorted(args.pages.glob("*.html")))]
    trees = [t.resolve() for t in args.tree or [REPO]]
    with tempfile.TemporaryDirectory() as tmp:
        pages_file = Path(tmp) / "pages.json"
        pages_file.write_text(json.dumps(pages))
        print(f"{len(pages)} pages; instructions of one pass over them, per page", flush=True)
        counts: dict[Path, int] = {}
        for tree in trees:
            for part in PARTS if args.parts else PARTS[:1]:
                n = per_pass(tree, pages_file, part)
                counts.setdefault(tree, n)
                print(
                    f"{tree}: {part:<14} {n / 1e6:9.1f} million ({n / len(pages) / 1e6:.2f} million a page)",
                    flush=True,
                )
        if len(trees) > 1:
            first = counts[trees[0]]
            readings = {tree: readings_of(tree, pages_file) for tree in trees}
            for tree in trees[1:]:
                print(f"{trees[0]} / {tree}: {first / counts[tree]:.4f}x the instructions of a reading")
                differ = [
                    path
                    for (path, _), a, b in zip(pages, readings[trees[0]], readings[tree], strict=True)
                    if a != b
                ]
                print(
                    f"  readings of the {len(pages)} pages: "
                    + ("the same" if not differ else f"{len(differ)} differ: " + ", ".join(differ[:10]))
                )


if __name__ == "__main__":
    main()
