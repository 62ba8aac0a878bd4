"""The JSON Lines archive on disk.

Layout under ``ARCHIVE_DIR``::

    articles/<run>.jsonl    one file per run that archived anything, named by its
                            start time (UTC, ``20261124T183058Z``); never rewritten

Each line is one record, UTF-8, written with a single ``write()`` on an
unbuffered file opened for appending, so a line is written whole or not at all
short of a crash in the middle of that one call; readers skip a last line
that does not end in a newline (see :func:`read_records`).
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO

from scrapy.exporters import JsonLinesItemExporter

logger = logging.getLogger(__name__)

ARTICLES = "articles"


def run_id(moment: datetime | None = None) -> str:
    """A run's name: its start time in UTC, sortable as text."""
    return (moment or datetime.now(UTC)).strftime("%Y%m%dT%H%M%SZ")


def create_exclusive(folder: Path, stem: str, suffix: str) -> tuple[Path, BinaryIO]:
    """Create a new file ``stem + suffix`` (``stem-2`` ... if taken) and open it for appending."""
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(1, 1000):
        path = folder / (f"{stem}{suffix}" if n == 1 else f"{stem}-{n}{suffix}")
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_APPEND, 0o644)
        except FileExistsError:
            continue
        return path, os.fdopen(fd, "ab", buffering=0)
    raise FileExistsError(f"no free file name for {stem}{suffix} in {folder}")


class ArchiveWriter:
    """Appends records to this run's file, created on the first record."""

    def __init__(self, archive_dir: Path, name: str) -> None:
        self.folder = Path(archive_dir) / ARTICLES
        self.name = name
        self.path: Path | None = None
        self._file: BinaryIO | None = None
        self._exporter: JsonLinesItemExporter | None = None
        self.count = 0

    def write(self, item: Any) -> None:
        if self._exporter is None:
            self.path, self._file = create_exclusive(self.folder, self.name, ".jsonl")
            # One write() per line on an unbuffered file: see the module docstring.
            self._exporter = JsonLinesItemExporter(self._file, encoding="utf-8", ensure_ascii=False)
            self._exporter.start_exporting()
            logger.info("Archiving to %s", self.path)
        self._exporter.export_item(item)
        self.count += 1

    def close(self) -> None:
        if self._file is None:
            return
        self._exporter.finish_exporting()
        os.fsync(self._file.fileno())
        self._file.close()
        self._file = None


def archive_files(archive_dir: Path) -> list[Path]:
    """The archive's JSON Lines files, oldest run first (``<run>.jsonl`` before ``<run>-2.jsonl``)."""

    def order(path: Path) -> tuple[str, int]:
        run, _, n = path.stem.partition("-")
        return run, int(n) if n.isdigit() else 1

    return sorted((Path(archive_dir) / ARTICLES).glob("*.jsonl"), key=order)


def read_records(path: Path) -> Iterator[dict]:
    """The whole records of one file; a torn last line (no newline, or not JSON) is skipped."""
    with open(path, "rb") as f:
        for number, line in enumerate(f, 1):
            if not line.endswith(b"\n"):
                logger.warning("Skipping torn last line %d of %s", number, path)
                return
            try:
                yield json.loads(line)
            except ValueError:
                logger.warning("Skipping unreadable line %d of %s", number, path)
