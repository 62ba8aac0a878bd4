"""The HTML report: self-contained, and its charts drawn by a real headless Chromium."""

from __future__ import annotations

import html
import json
import math
import re
import shutil
import subprocess
import tempfile

import pytest

from tests.conftest import SAMPLE_PORTAL_HOST

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
HOST = ("--portal-host", SAMPLE_PORTAL_HOST)

# Run in the page after it rendered: each chart's label, its width on screen, and
# how many of its data marks (bars) the browser laid out with a non-empty box.
COUNT_DRAWN = """<script>
const charts = [...document.querySelectorAll("svg.chart")].map(svg => ({
  label: svg.getAttribute("aria-label"),
  width: svg.getBoundingClientRect().width,
  drawn: [...svg.querySelectorAll(".mark")].filter(m => {
    const box = m.getBBox(); return box.width > 0 && box.height > 0; }).length,
}));
const out = document.createElement("pre"); out.id = "drawn"; out.textContent = JSON.stringify(charts);
document.body.appendChild(out);
</script>"""


def dump_dom(page) -> str:
    """The DOM of ``page`` after a headless Chromium loaded it and ran its scripts, offline."""
    with tempfile.TemporaryDirectory() as profile:
        done = subprocess.run(
            [
                CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                f"--user-data-dir={profile}", "--dump-dom", page.as_uri(),
            ],
            capture_output=True, text=True, timeout=180,
        )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


@pytest.fixture(scope="module")
def report(sample_archive, tmp_path_factory):
    from metrology_spider.__main__ import main

    out = tmp_path_factory.mktemp("report") / "report.html"
    assert main(["report", str(sample_archive), *HOST, "--out", str(out)]) == 0
    return out


def test_report_is_self_contained(report):
    page = report.read_text(encoding="utf-8")
    assert not re.search(r"<(script|link|img|iframe)\b", page)
    assert not re.search(r"\b(src|href)\s*=", page)
    assert "url(" not in page and "@import" not in page
    assert page.count("<svg") == 6


@pytest.mark.skipif(not CHROMIUM, reason="needs Chromium (apt-get install chromium); .ci/run installs it")
def test_charts_draw_in_a_real_browser(report, sample_archive, tmp_path, cli):
    figures = json.loads(cli("stats", sample_archive, *HOST, "--json").stdout)
    page = tmp_path / "report.html"
    page.write_text(
        report.read_text(encoding="utf-8").replace("</body>", COUNT_DRAWN + "</body>"), encoding="utf-8"
    )
    dom = dump_dom(page)
    found = re.search(r'<pre id="drawn">(.*?)</pre>', dom, flags=re.S)
    assert found, "the page's script did not run"
    charts = {c["label"]: c for c in json.loads(html.unescape(found.group(1)))}
    expected = {
        "Articles per month by category": sum(len(c) for c in figures["per_month"].values()),
        "Views by year": len(figures["views_by_year"]),
        "Top sources": len(figures["top_sources"]),
        "Top authors": len(figures["top_authors"]),
        "Field coverage": 4,
        "Articles per category": 4,
    }
    assert {label: c["drawn"] for label, c in charts.items()} == expected
    assert all(c["width"] > 300 for c in charts.values())
    assert expected["Articles per month by category"] > 10 and expected["Top sources"] == 10


@pytest.mark.parametrize("peak", [0, 1, 3, 7, 8, 13, 99, 100, 101, 42686, 3_880_000, 10**9 + 1])
def test_value_axis_holds_the_peak_in_round_steps(peak):
    from metrology_spider.report import nice_top

    top, step = nice_top(peak)
    assert top >= peak and top - step < max(peak, 1)
    assert round(step / 10 ** math.floor(math.log10(step)), 6) in (1, 2, 5)
    assert top / step <= 6


def test_compact_figures():
    from metrology_spider.report import compact

    assert [compact(v) for v in (0, 999, 9999, 42686, 40_719_840)] == ["0", "999", "9,999", "42.7k", "40.7M"]


def test_a_killed_run_ran_no_checks_and_says_so():
    from metrology_spider.report import run_line

    killed = {"run": "20261128T001304Z", "status": "running", "counts": {}}  # (no checks key: never closed)
    assert run_line(killed)["checks"] == "not run"
    assert run_line({**killed, "status": "finished", "checks": {"passed": True}})["checks"] == "passed"
    assert run_line({**killed, "status": "finished", "checks": {"passed": False}})["checks"] == "failed"
