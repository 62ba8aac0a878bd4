"""Start-up cost: time from launching the crawl to its first request, beside a bare Scrapy
spider launched the same way; and what importing the project costs (time, peak RSS).

    python benches/startup.py [--rounds 5]

Both crawls run as commands against the fixture portal on 127.0.0.1, alternated, with the
same settings (no delay, no AutoThrottle): ``scrapy crawl metrology`` (archive on, in a
temporary ARCHIVE_DIR) and ``scrapy runspider`` of a spider that requests the same start
URL, from a folder with no project. The time to the first request is when the fixture
server logs it (robots.txt for both). The import figures are from a fresh interpreter
importing the pipelines and the spider (as ``scrapy crawl`` does before its first request)
beside one importing what a bare spider needs (``scrapy.crawler``, ``scrapy.spiders``),
with the modules each leaves loaded that a Simplified crawl should not need.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.fixture_site import SITE, FixtureServer  # noqa: E402

BARE_SPIDER = """
import scrapy

class Bare(scrapy.Spider):
    name = "bare"
    custom_settings = {"ROBOTSTXT_OBEY": True}

    def __init__(self, start_urls="", **kwargs):
        super().__init__(**kwargs)
        self.start_urls = [start_urls]

    def parse(self, response):
        pass
"""

IMPORT = """
import resource, sys, time
start = time.perf_counter()
if sys.argv[1] == "bare":
    import scrapy.crawler, scrapy.spiders
else:
    import metrology_spider.pipelines, metrology_spider.spiders.metrology
took = time.perf_counter() - start
heavy = [m for m in ("opencc", "pypinyin") if m in sys.modules]
print(took, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, ",".join(heavy) or "-")
"""

SETTINGS = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "LOG_LEVEL=WARNING"]


def first_request(server: FixtureServer, command: list[str], cwd: Path) -> float:
    """Seconds from launching ``command`` to the server's first request from it."""
    server.clear_log()
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    server.wait_for(lambda: server.paths(), "the first request", timeout=120)
    took = time.perf_counter() - start
    _, err = process.communicate(timeout=300)
    if process.returncode != 0:
        sys.exit(err.decode()[-3000:])
    return took


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()

    imports = {"bare": [], "ours": []}
    for _ in range(args.rounds):
        for who in imports:
            out = subprocess.run(
                [sys.executable, "-c", IMPORT, who], cwd=REPO, capture_output=True, text=True, check=True
            ).stdout.split()
            imports[who].append((float(out[0]), float(out[1]), out[2]))

    starts = {"bare": [], "ours": []}
    server = FixtureServer(SITE).start()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            bare = Path(tmp) / "bare"
            bare.mkdir()
            (bare / "bare.py").write_text(BARE_SPIDER)
            for n in range(args.rounds):
                starts["bare"].append(
                    first_request(
                        server,
                        [sys.executable, "-m", "scrapy", "runspider", "bare.py", "-a", f"start_urls={server.url}",
                         *SETTINGS],
                        bare,
                    )
                )  # fmt: skip
                starts["ours"].append(
                    first_request(
                        server,
                        [sys.executable, "-m", "scrapy", "crawl", "metrology", "-a", f"start_urls={server.url}",
                         "-s", f"ARCHIVE_DIR={tmp}/archive{n}", *SETTINGS],
                        REPO,
                    )
                )  # fmt: skip
    finally:
        server.stop()

    # The fastest round is the cost; the median shows how much the machine's other work added.
    print(f"{args.rounds} rounds, alternated; fastest (median)")
    for who, label in (("bare", "bare Scrapy spider"), ("ours", "metrology-spider")):
        took = [t for t, _, _ in imports[who]]
        rss = statistics.median(r for _, r, _ in imports[who])
        print(
            f"{label:20} import {min(took):5.2f} s ({statistics.median(took):.2f}), peak RSS {rss:4.0f} MB "
            f"(loaded: {imports[who][0][2]}); launch to first request {min(starts[who]):5.2f} s "
            f"({statistics.median(starts[who]):.2f})"
        )
    ours_import = min(t for t, _, _ in imports["ours"]) - min(t for t, _, _ in imports["bare"])
    print(
        f"difference: import {ours_import:+.2f} s, launch to first request "
        f"{min(starts['ours']) - min(starts['bare']):+.2f} s"
    )


if __name__ == "__main__":
    main()
