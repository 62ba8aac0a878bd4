"""The benches run in an environment with the project alone (the README's first
command), without the test tools: they take the saved pages from tests/saved_pages.py,
never from the tests' conftest (which imports pytest)."""

from __future__ import annotations

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


def test_the_archive_index_bench_imports_without_pytest():
    done = run_without_pytest("runpy.run_path('benches/archive_index.py', run_name='bench')")
    assert done.returncode == 0, done.stderr[-2000:]
