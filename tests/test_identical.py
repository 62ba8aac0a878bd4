"""The byte-identity guard: crawls whose records must not change by one byte when the
code is made faster or lighter. The expected files were written by
``python scripts/make_expected_crawl.py`` (run it only for a change meant to change
records, and read the diff)."""

from __future__ import annotations

from tests.conftest import EXPECTED_CRAWL, EXPECTED_SAMPLE, run_crawl, stable_lines


def test_fixture_portal_crawl_gives_the_expected_bytes(fixture_server, tmp_path):
    result = run_crawl(tmp_path, "-a", f"start_urls={fixture_server.url}")
    assert result.returncode == 0, result.stderr[-3000:]
    assert stable_lines(tmp_path, fixture_server.url) == EXPECTED_CRAWL.read_text(encoding="utf-8").splitlines()


def test_sample_replay_gives_the_expected_bytes(sample_archive):
    # data/sample holds the mirror's Traditional page with injected readings.
    assert stable_lines(sample_archive) == EXPECTED_SAMPLE.read_text(encoding="utf-8").splitlines()
