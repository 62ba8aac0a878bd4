"""Re-extraction against a replay crawl of the same capture (both offline).

    python benches/reextract.py [CAPTURE]   (default: data/sample/)

Prints wall time and records per second for ``scrapy crawl metrology -a replay=``
and for ``python -m metrology_spider reextract``, each run as a user runs it
(a new process, start-up included) and in-process (re-extraction through Scrapy's
engine and the item pipelines, without the interpreter's start-up).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from metrology_spider.reextract import reextract  # noqa: E402


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=REPO, check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    capture = sys.argv[1] if len(sys.argv) > 1 else "data/sample/"
    with tempfile.TemporaryDirectory() as tmp:
        crawl = timed(
            [
                sys.executable,
                "-m",
                "scrapy",
                "crawl",
                "metrology",
                "-a",
                f"replay={capture}",
                "-s",
                f"ARCHIVE_DIR={tmp}/crawl",
            ]
        )
        command = timed(
            [sys.executable, "-m", "metrology_spider", "reextract", capture, "--out", f"{tmp}/cli"]
        )
        start = time.perf_counter()
        _, counts = reextract([capture], Path(tmp) / "inproc")
        inproc = time.perf_counter() - start
    n = counts["articles_archived"]
    print(f"capture: {capture}, {n} articles")
    print(f"scrapy crawl -a replay=   (process): {crawl:6.2f} s  {n / crawl:7.0f} records/s")
    print(f"reextract                 (process): {command:6.2f} s  {n / command:7.0f} records/s")
    print(f"reextract                (in-proc.): {inproc:6.2f} s  {n / inproc:7.0f} records/s")


if __name__ == "__main__":
    main()
