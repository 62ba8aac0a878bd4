"""Every Scrapy command runs against the project without a traceback, and only
``scrapy crawl`` (which takes the archive's lock) touches the archive."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO, run_crawl


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` with the digest of its bytes."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def scrapy(*args: str, archive: Path) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "scrapy", *args, "-s", f"ARCHIVE_DIR={archive}"]
    return subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def archive_and_portal(tmp_path_factory):
    from tests.fixture_site import SITE, FixtureServer

    archive = tmp_path_factory.mktemp("archive")
    server = FixtureServer(SITE).start()
    result = run_crawl(archive, "-a", f"start_urls={server.url}celiangjishu/")
    assert result.returncode == 0, result.stderr[-3000:]
    # A torn last line, as a crash leaves it: only a run holding the lock may cut it.
    with next(archive.glob("articles/*.jsonl")).open("ab") as f:
        f.write(b'{"url": "' + server.url.encode() + b'celiangjishu/1.html", "id": 1, "cat')
    yield archive, server.url
    server.stop()


COMMANDS = {
    "parse an article": ("parse", "--spider=metrology", "-a", "start_urls={url}", "{url}celiangjishu/63990.html"),
    "parse a list page": ("parse", "--spider=metrology", "-a", "start_urls={url}", "{url}celiangjishu/"),
    "parse a page that is no article": (
        "parse", "--spider=metrology", "-a", "start_urls={url}", "{url}guanyuwomen/1.html",
    ),
    "fetch": ("fetch", "--nolog", "{url}celiangjishu/63990.html"),
    "fetch with the spider": ("fetch", "--spider=metrology", "{url}celiangjishu/63990.html"),
    "shell": ("shell", "-c", "response.status", "{url}celiangjishu/63990.html"),
    "check": ("check",),
    "list": ("list",),
    "bench": ("bench", "-s", "CLOSESPIDER_TIMEOUT=1"),
}  # fmt: skip
EXPECTED = {
    "parse an article": "温度计量中的固定点及其复现",
    "parse a list page": "celiangjishu/list_45_2.html",
    "parse a page that is no article": "'reason': 'no date'",
    "fetch": "温度计量中的固定点及其复现",
    "fetch with the spider": "温度计量中的固定点及其复现",
    "shell": "200",
    "list": "metrology",
}


@pytest.mark.parametrize("name", list(COMMANDS))
def test_command_runs_and_leaves_the_archive_alone(archive_and_portal, name):
    archive, url = archive_and_portal
    before = snapshot(archive)
    args = [a.format(url=url) for a in COMMANDS[name]]
    result = scrapy(*args, archive=archive)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Traceback" not in result.stderr and "] ERROR:" not in result.stderr, result.stderr[-3000:]
    assert EXPECTED.get(name, "") in result.stdout
    assert snapshot(archive) == before  # not a byte written: no lock taken, no manifest, no WARC
