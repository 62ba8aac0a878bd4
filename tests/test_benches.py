"""The benches run in an environment with the project alone (the README's first
command), without the test tools: they take the saved pages from tests/saved_pages.py,
never from the tests' conftest (which imports pytest)."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.conftest import REPO

# pytest made unimportable in the child, as in a venv made by `pip install -e .`
WITHOUT_PYTEST = "import runpy, sys; sys.modules['pytest'] = None; "


def run_without_pytest(code: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", WITHOUT_PYTEST + code], cwd=REPO, capture_output=True, text=True, timeout=120
    )


def test_the_extraction_bench_runs_without_pytest():
    done = run_without_pytest(
        "sys.argv = ['benches/extract.py', '--seconds', '0.02']; runpy.run_path('benches/extract.py', run_name='__main__')"
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "parse + extract + normalise (ours)" in done.stdout


def test_the_capture_bench_runs_without_pytest():
    done = run_without_pytest(
        "sys.argv = ['benches/capture.py', '--articles', '20', '--rounds', '1']; "
        "runpy.run_path('benches/capture.py', run_name='__main__')"
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "write_exchange / warcio's writer: " in done.stdout


def test_the_archive_index_bench_imports_without_pytest():
    done = run_without_pytest("runpy.run_path('benches/archive_index.py', run_name='bench')")
    assert done.returncode == 0, done.stderr[-2000:]


def _goals(
    tmp_path, crawl_wall: float, ours: float, within: list[float], identical: bool = True, memory: float = 1.2
) -> str:
    """benches/all.py's goals table over figures written as the benches write them."""
    variant = {"wall": 0.9, "round_ratios": [0.85, 0.95], "memory": 1.1, "variant_memory": 99.0, "cpu": 0.9}
    (tmp_path / "crawl.json").write_text(
        json.dumps(
            {
                "wall": crawl_wall,
                "round_ratios": [crawl_wall],
                "memory": memory,
                "project_memory": 90.0 * memory,
                "bare_memory": 90.0,
                "project_processes": 2,
                "rss": 1.1,
                "startup": 0.05,
                "variants": {"EXTRACTION_PROCESSES=0": variant},
            }
        )
    )
    (tmp_path / "extract.json").write_text(
        json.dumps({"pages": 34, "floor": 3000.0, "ours": ours, "parsed": ours, "trafilatura": ours / 25})
    )
    (tmp_path / "reextract.json").write_text(
        json.dumps({"jobs": 2, "within": {"1": [2.0], "2": within}, "identical": identical})
    )
    (tmp_path / "incremental.json").write_text(
        json.dumps(
            {
                "records": 5013,
                "noop": 0.8,
                "big_records": 101383,
                "rss": 90,
                "big_rss": 128,
                "index": 1,
                "big_index": 32,
            }
        )
    )
    done = subprocess.run(
        [sys.executable, "-c", f"import sys; sys.path.insert(0, 'benches'); import all; all.print_goals(__import__('pathlib').Path({str(tmp_path)!r}))"],
        cwd=REPO, capture_output=True, text=True, timeout=60, check=True,
    )  # fmt: skip
    return done.stdout


def _verdict(table: str, goal: str) -> str:
    line = next(line for line in table.splitlines() if goal in line)
    return "NOT MET" if line.endswith("NOT MET") else "met" if line.endswith("met") else line


def test_the_goals_table_says_which_goals_this_run_met(tmp_path):
    table = _goals(tmp_path, crawl_wall=0.79, ours=1000.0, within=[5.2, 4.9, 5.1])
    assert _verdict(table, "crawl wall time") == "met"
    assert _verdict(table, "parse + extract + normalise") == "met"  # 3000 / 1000 = 3.0x
    assert _verdict(table, "trafilatura") == "met"
    assert _verdict(table, "re-extraction --jobs 2") == "met"  # the median, 5.1x
    assert _verdict(table, "no-op run") == "met"

    assert _verdict(table, "peak memory / the bare spider's") == "met"  # 1.2x
    # The variant's figures, each with its verdict.
    assert _verdict(table, "with EXTRACTION_PROCESSES=0: crawl wall time") == "NOT MET"  # 0.9x
    assert _verdict(table, "with EXTRACTION_PROCESSES=0: peak memory") == "met"  # 1.1x

    table = _goals(tmp_path, crawl_wall=0.81, ours=999.0, within=[4.9, 5.2, 4.8], memory=1.31)
    assert _verdict(table, "crawl wall time") == "NOT MET"
    assert _verdict(table, "peak memory / the bare spider's") == "NOT MET"
    assert _verdict(table, "parse + extract + normalise") == "NOT MET"
    assert _verdict(table, "re-extraction --jobs 2") == "NOT MET"


def test_the_goals_table_fails_re_extraction_whose_archives_differ(tmp_path):
    table = _goals(tmp_path, crawl_wall=0.7, ours=1000.0, within=[6.0], identical=False)
    assert _verdict(table, "re-extraction --jobs 2") == "NOT MET"
    assert "ARCHIVES DIFFER" in table
