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

import hashlib
import io
import json
import logging
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO

from scrapy.exporters import JsonLinesItemExporter

from metrology_spider.navigation import host_of

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
        self._size = 0
        self.count = 0

    def serialize(self, item: Any) -> bytes:
        """The line ``item`` is written as (Scrapy's JSON Lines exporter, field serializers and all)."""
        buffer = io.BytesIO()
        JsonLinesItemExporter(buffer, encoding="utf-8", ensure_ascii=False).export_item(item)
        return buffer.getvalue()

    def write_line(self, line: bytes) -> int:
        """Append one serialized line with one ``write()``; return its offset in :attr:`path`."""
        if self._file is None:
            self.path, self._file = create_exclusive(self.folder, self.name, ".jsonl")
            logger.info("Archiving to %s", self.path)
        offset = self._size
        view = memoryview(line)
        while view:  # one write() in practice; loop only on a short write
            view = view[self._file.write(view) :]
        self._size += len(line)
        self.count += 1
        return offset

    def write(self, item: Any) -> int:
        return self.write_line(self.serialize(item))

    def close(self) -> None:
        if self._file is None:
            return
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


# --- what the archive already holds ----------------------------------------------

# Every line starts with the url and id keys (the record's first fields), and ends
# with gone_at: enough to index it without parsing the JSON.
_LINE_HEAD_RE = re.compile(rb'^\{"url": "((?:[^"\\]|\\.)*)", "id": (\d+)')
_CRAWLED_AT = b', "crawled_at": '
_NOT_GONE = b'"gone_at": null}\n'


@dataclass(slots=True)
class Archived:
    """The latest archived record of one article: where it is, and whether it says gone."""

    url: str
    path: Path
    offset: int
    gone: bool


def record_fingerprint(line: bytes) -> bytes:
    """What makes two records of an article the same: every field but the fetch
    (``crawled_at``, ``warc``, ``gone_at``), i.e. the content and the view count."""
    head = line[: line.rfind(_CRAWLED_AT)]
    return hashlib.blake2b(head, digest_size=16).digest()


class ArchiveIndex:
    """The articles in an archive, by (host, id), loaded from the JSON Lines files.

    Loading reads each line's first bytes only. A torn last line (a crash in the
    middle of its write) is cut off the file, with a WARNING: it holds no record,
    and its article is fetched again.
    """

    def __init__(self, archive_dir: Path, repair: bool = True) -> None:
        self.latest: dict[tuple[str, int], Archived] = {}
        self.lines = 0
        self.repaired: list[Path] = []
        self.torn_urls: list[str] = []  # the articles of cut lines, where their start survived
        for path in archive_files(archive_dir):
            self._load(path, repair)

    def _load(self, path: Path, repair: bool) -> None:
        offset = 0
        with open(path, "rb") as f:
            for line in f:
                if not line.endswith(b"\n"):
                    if repair:
                        self._cut(path, offset, len(line), line)
                    break
                m = _LINE_HEAD_RE.match(line)
                if m:
                    url = json.loads(b'"' + m.group(1) + b'"')
                    self.latest[(host_of(url), int(m.group(2)))] = Archived(
                        url, path, offset, not line.endswith(_NOT_GONE)
                    )
                    self.lines += 1
                offset += len(line)

    def _cut(self, path: Path, offset: int, size: int, line: bytes) -> None:
        logger.warning("Cutting a torn last line (%d bytes, no record) off %s", size, path)
        if m := _LINE_HEAD_RE.match(line):
            self.torn_urls.append(json.loads(b'"' + m.group(1) + b'"'))
        with open(path, "r+b") as f:
            f.truncate(offset)
        self.repaired.append(path)

    def __contains__(self, key: tuple[str, int]) -> bool:
        return key in self.latest

    def __len__(self) -> int:
        return len(self.latest)

    def get(self, key: tuple[str, int]) -> Archived | None:
        return self.latest.get(key)

    def fingerprint(self, key: tuple[str, int]) -> bytes | None:
        entry = self.latest.get(key)
        if entry is None:
            return None
        with open(entry.path, "rb") as f:
            f.seek(entry.offset)
            return record_fingerprint(f.readline())

    def add(self, key: tuple[str, int], entry: Archived) -> None:
        self.latest[key] = entry

    def is_unchanged(self, key: tuple[str, int], line: bytes, gone: bool) -> bool:
        """Whether the archive's latest record of ``key`` already says what ``line``
        says: the same content and view count, or, for a gone record, gone."""
        previous = self.latest.get(key)
        if previous is None:
            return False
        return previous.gone if gone else self.fingerprint(key) == record_fingerprint(line)


def append_record(writer: ArchiveWriter, index: ArchiveIndex, item: Any) -> str:
    """Append ``item`` unless the archive holds it unchanged; say which it was:
    ``new``, ``updated``, ``gone`` or ``unchanged``."""
    key = (host_of(item.url), item.id)
    gone = item.gone_at is not None
    line = writer.serialize(item)
    if index.is_unchanged(key, line, gone):
        return "unchanged"
    known = key in index
    offset = writer.write_line(line)
    index.add(key, Archived(item.url, writer.path, offset, gone))
    return "gone" if gone else "updated" if known else "new"


from metrology_spider.reader import ArchiveReader, SkippedLine, record_files, to_arrow, to_pandas  # noqa: E402, F401
