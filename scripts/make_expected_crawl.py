"""Write the expected records of the byte-identity guard (tests/test_identical.py).

    python scripts/make_expected_crawl.py

It crawls the fixture portal served on 127.0.0.1 and replays data/sample/ with the
real spider, as the tests do, and writes what each archived, byte for byte but for the
run-specific fields (``crawled_at``, ``warc``), to tests/fixtures/expected_crawl.jsonl and
tests/fixtures/expected_sample.jsonl. Run it only when a record is meant to change (an
extraction fix), and read the diff before committing it: a change that should be
invisible (speed, memory) must leave both files as they are.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.conftest import EXPECTED_CRAWL, EXPECTED_SAMPLE, run_crawl, stable_lines
from tests.fixture_site import SITE, FixtureServer


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        server = FixtureServer(SITE).start()
        try:
            done = run_crawl(Path(tmp) / "portal", "-a", f"start_urls={server.url}")
        finally:
            server.stop()
        if done.returncode != 0:
            sys.exit(done.stderr[-3000:])
        EXPECTED_CRAWL.write_text("".join(f"{line}\n" for line in stable_lines(Path(tmp) / "portal", server.url)))

        done = run_crawl(Path(tmp) / "sample", "-a", "replay=data/sample/")
        if done.returncode != 0:
            sys.exit(done.stderr[-3000:])
        EXPECTED_SAMPLE.write_text("".join(f"{line}\n" for line in stable_lines(Path(tmp) / "sample")))
    print(f"wrote {EXPECTED_CRAWL} and {EXPECTED_SAMPLE}")


if __name__ == "__main__":
    main()
