"""The JSON Lines archive on disk.

Layout under ``ARCHIVE_DIR``::

    articles/<run>.jsonl    one file per run that archived anything, named by its
                            start time (UTC, ``20261124T183058Z``); never rewritten

Each line is one record, UTF-8, written with a single ``write()`` on an
unbuffered file opened for appending, so a line is written whole or not at all
short of a crash in the middle of that one call; readers skip a last line
that does not end in a newline (see :func:`read_records`), and only the run that
holds the archive's lock cuts it off (:meth:`ArchiveIndex.repair`).

:class:`ArchiveIndex` is what a run knows of the archive: the latest record of
each article, read as JSON whatever wrote it; :func:`append_record` writes a
record unless the archive already says the same.
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
import os
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO

import orjson
from scrapy.utils.serialize import ScrapyJSONEncoder

from metrology_spider.extract import record_id
from metrology_spider.items import Article
from metrology_spider.navigation import host_of
from metrology_spider.reader import parse_records, split_records, warn_lost_newline

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


class ArchiveWriteError(OSError):
    """A record could not be written (a full disk, a file too large): the file was
    cut back to its last whole line, and the writer takes no more."""


# A record's fields in order with their serializers, and the encoder Scrapy's JSON
# Lines exporter uses (as ArchiveWriter's exporter is set up: UTF-8, not ASCII-escaped).
_ARTICLE_FIELDS = tuple((f.name, f.metadata.get("serializer")) for f in dataclasses.fields(Article))
_ENCODER = ScrapyJSONEncoder(ensure_ascii=False)


class ArchiveWriter:
    """Appends records to this run's file, created on the first record.

    A write that fails leaves no fragment: the file is cut back to its last whole
    line and :class:`ArchiveWriteError` raised, now and for every later record."""

    def __init__(self, archive_dir: Path, name: str) -> None:
        self.folder = Path(archive_dir) / ARTICLES
        self.name = name
        self.path: Path | None = None
        self._file: BinaryIO | None = None
        self._size = 0
        self.count = 0
        self.broken: OSError | None = None

    def serialize(self, item: Article) -> bytes:
        """The line ``item`` is written as: the bytes Scrapy's JSON Lines exporter writes
        (each field in order, through its serializer, by the exporter's encoder), without
        the exporter's per-field lookups (a third of the time; tests/test_archive.py holds
        the two to the same bytes)."""
        fields = {name: value if serializer is None else serializer(value)
                  for name, serializer in _ARTICLE_FIELDS for value in (getattr(item, name),)}  # fmt: skip
        return (_ENCODER.encode(fields) + "\n").encode("utf-8")

    def write_line(self, line: bytes) -> int:
        """Append one serialized line with one ``write()``; return its offset in :attr:`path`."""
        if self.broken is not None:
            raise ArchiveWriteError(f"the archive file {self.path} could not be written: {self.broken}")
        offset = self._size
        try:
            if self._file is None:
                self.path, self._file = create_exclusive(self.folder, self.name, ".jsonl")
                logger.info("Archiving to %s", self.path)
            view = memoryview(line)
            while view:  # one write() in practice; loop only on a short write
                view = view[self._file.write(view) :]
        except OSError as exc:
            self.broken = exc
            if self._file is not None:
                try:
                    os.ftruncate(self._file.fileno(), offset)  # no fragment of a line stays
                except OSError:
                    pass
            raise ArchiveWriteError(f"the archive file {self.path or self.folder} could not be written: {exc}") from exc
        self._size += len(line)
        self.count += 1
        return offset

    def write(self, item: Article) -> int:
        return self.write_line(self.serialize(item))

    def close(self) -> None:
        if self._file is None:
            return
        try:
            os.fsync(self._file.fileno())
        except OSError as exc:
            logger.error("Could not sync %s: %s", self.path, exc)
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
            if not line.endswith(b"\n") and not _whole_record(line):
                logger.warning("Skipping torn last line %d of %s", number, path)
                return
            records = parse_records(line if line.endswith(b"\n") else line + b"\n")
            if isinstance(records, str):
                logger.warning("Skipping unreadable line %d of %s", number, path)
                continue
            if len(records) > 1:
                warn_lost_newline(path, number, len(records))
            yield from records


# --- what the archive already holds ----------------------------------------------

# What a record says beyond its fetch: two records of an article that agree on
# every other field say the same thing (same content, same view count).
_FETCH_FIELDS = ("crawled_at", "warc", "gone_at")


@dataclass(slots=True)
class Archived:
    """The latest archived record of one article: where it is, and whether it says gone."""

    url: str
    path: Path
    offset: int
    gone: bool


# Fields whose share among records a run compares with the archive's (see monitors.py).
COVERED_FIELDS = ("author", "source", "views", "published_at", "category")


def coverage(present: Counter, total: int) -> dict[str, float | None]:
    """Each covered field's share of ``total`` records."""
    return {name: round(present[name] / total, 4) if total else None for name in COVERED_FIELDS}


def record_fingerprint(record: dict) -> bytes:
    """What makes two records of an article the same: every field but the fetch
    (``crawled_at``, ``warc``, ``gone_at``), i.e. the content and the view count,
    whatever the separators or key order of the JSON that held them."""
    content = {k: v for k, v in record.items() if k not in _FETCH_FIELDS}
    return hashlib.blake2b(orjson.dumps(content, option=orjson.OPT_SORT_KEYS), digest_size=16).digest()


class _Hosts:
    """``host_of`` for many URLs of few hosts: one ``urlsplit`` per scheme and host."""

    def __init__(self) -> None:
        self._cache: dict[str, str] = {}

    def __call__(self, url: str) -> str:
        end = url.find("/", url.find("//") + 2)
        prefix = url if end < 0 else url[:end]
        host = self._cache.get(prefix)
        if host is None:
            host = self._cache[prefix] = host_of(prefix)
        return host


class ArchiveIndex:
    """The articles in an archive, by (host, id), loaded from the JSON Lines files.

    Each line is read as JSON (orjson: any separators, any key order). A line that
    is not a JSON record with ``url`` and ``id`` is skipped with a WARNING naming
    the file and the line. A last line without its newline is a torn write (a
    crash in the middle of it): it holds no record; :meth:`repair` cuts it off,
    which only the holder of the archive's lock may do.
    """

    def __init__(self, archive_dir: Path) -> None:
        self.archive_dir = Path(archive_dir)
        self.latest: dict[tuple[str, int], Archived] = {}
        self.lines = 0
        self.unreadable = 0
        # Records with content (not gone), and how many of them give each field.
        self.with_content = 0
        self.present: Counter[str] = Counter()
        # Files whose last line is torn: (path, offset of the torn line, its bytes).
        self.torn: list[tuple[Path, int, bytes]] = []
        # Files whose last line is a whole record without its newline.
        self.unterminated: list[Path] = []
        # Lines that hold no record: (path, line number, the URL their start names, if any).
        self.damaged: list[tuple[Path, int, str | None]] = []
        hosts = _Hosts()
        for path in archive_files(self.archive_dir):
            self._load(path, hosts)

    def _load(self, path: Path, hosts: _Hosts) -> None:
        offset = 0
        latest = self.latest
        with open(path, "rb") as f:
            for number, line in enumerate(f, 1):
                if not line.endswith(b"\n"):
                    if _whole_record(line):
                        # A whole record that lost only its newline: kept, and the
                        # newline put back by repair(); nothing of it is cut.
                        logger.warning("Last line %d of %s is a whole record without its newline", number, path)
                        self.unterminated.append(path)
                    else:
                        logger.warning("Torn last line %d of %s (%d bytes, no record)", number, path, len(line))
                        self.torn.append((path, offset, line))
                        break
                try:
                    records = [(0, orjson.loads(line))]
                except ValueError:
                    # A newline lost between two records ({...}{...}): both are read.
                    records = split_records(line) or [(0, None)]
                    if len(records) > 1:
                        warn_lost_newline(path, number, len(records))
                for at, record in records:
                    try:
                        url, ident = record["url"], record["id"]
                        key = (hosts(url), int(ident))
                        gone = record.get("gone_at") is not None
                    except (ValueError, TypeError, KeyError, AttributeError):
                        if line.strip():
                            self.unreadable += 1
                            m = _TORN_URL_RE.match(line)
                            self.damaged.append((path, number, _url_of(m.group(1)) if m else None))
                            logger.warning("Skipping unreadable line %d of %s: not a JSON record", number, path)
                        continue
                    latest[key] = Archived(url, path, offset + at, gone)
                    self.lines += 1
                    if not gone:
                        self.with_content += 1
                        for name in COVERED_FIELDS:
                            if record.get(name) not in (None, [], ""):
                                self.present[name] += 1
                offset += len(line)

    def repair(self) -> list[str]:
        """Cut the torn last lines off their files, with a WARNING each; return the
        URLs of their articles, where the start of the line kept one."""
        for path in self.unterminated:
            logger.warning("Ending the last line of %s with its newline (the record is kept whole)", path)
            with open(path, "ab") as f:
                f.write(b"\n")
        self.unterminated = []
        urls = []
        for path, offset, line in self.torn:
            logger.warning("Cutting a torn last line (%d bytes, no record) off %s", len(line), path)
            if (m := _TORN_URL_RE.match(line)) and (url := _url_of(m.group(1))):
                urls.append(url)
            with open(path, "r+b") as f:
                f.truncate(offset)
        self.torn = []
        return urls

    def damaged_urls(self) -> list[str]:
        """The articles named at the start of a damaged line that the archive holds
        no readable record of: not archived, so to be fetched again."""
        return [
            url for _, _, url in self.damaged if url and (host_of(url), record_id(url)) not in self.latest
        ]

    def __contains__(self, key: tuple[str, int]) -> bool:
        return key in self.latest

    def __len__(self) -> int:
        return len(self.latest)

    def get(self, key: tuple[str, int]) -> Archived | None:
        return self.latest.get(key)

    def fingerprint(self, key: tuple[str, int]) -> bytes | None:
        """What makes the latest record of ``key`` the same as another (:func:`record_fingerprint`)."""
        record = self.latest_record(key)
        return None if record is None else record_fingerprint(record)

    def latest_record(self, key: tuple[str, int]) -> dict | None:
        """The archive's latest record of ``key``, read from its file."""
        entry = self.latest.get(key)
        if entry is None:
            return None
        with open(entry.path, "rb") as f:
            f.seek(entry.offset)
            line = f.readline()
        try:
            return orjson.loads(line)
        except ValueError:  # the first of several records on one line (a lost newline)
            return split_records(line)[0][1]

    def add(self, key: tuple[str, int], entry: Archived) -> None:
        self.latest[key] = entry

    def is_unchanged(self, key: tuple[str, int], record: dict, gone: bool) -> bool:
        """Whether the archive's latest record of ``key`` already says what ``record``
        says: the same content and view count, or, for a gone record, gone."""
        previous = self.latest.get(key)
        if previous is None:
            return False
        if gone or previous.gone:
            return gone and previous.gone
        archived = self.latest_record(key)
        if record.get("views") is None and archived.get("views") is not None:
            # A count that could not be read (its script answered an error) says nothing new:
            # the archived one stands, and no record with a hole is written for it.
            record = {**record, "views": archived["views"]}
        return record_fingerprint(archived) == record_fingerprint(record)


def _whole_record(line: bytes) -> bool:
    """A line that is a complete JSON record (an object with ``url`` and ``id``), or
    several straight after one another."""
    try:
        record = orjson.loads(line)
    except ValueError:
        return split_records(line) is not None
    return isinstance(record, dict) and "url" in record and "id" in record


def _url_of(quoted: bytes) -> str | None:
    try:
        return orjson.loads(b'"' + quoted + b'"')
    except ValueError:
        return None


# The url of a torn line, when its start survived (the record's first key).
_TORN_URL_RE = re.compile(rb'^\{\s*"url"\s*:\s*"((?:[^"\\]|\\.)*)"')


def append_record(writer: ArchiveWriter, index: ArchiveIndex, item: Article) -> str:
    """Append ``item`` unless the archive holds it unchanged; say which it was:
    ``new``, ``updated``, ``gone`` or ``unchanged``."""
    key = (host_of(item.url), item.id)
    gone = item.gone_at is not None
    line = writer.serialize(item)
    if index.is_unchanged(key, orjson.loads(line), gone):
        return "unchanged"
    known = key in index
    offset = writer.write_line(line)
    index.add(key, Archived(item.url, writer.path, offset, gone))
    return "gone" if gone else "updated" if known else "new"


from metrology_spider.reader import ArchiveReader, SkippedLine, record_files, to_arrow, to_pandas  # noqa: E402, F401
