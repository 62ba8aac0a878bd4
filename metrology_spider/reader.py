"""Reading an archive for analysis: every record, the latest per article or the
whole history, with gone articles in or out, as dicts, a pandas DataFrame or an
Arrow table.

    >>> from metrology_spider.reader import ArchiveReader
    >>> reader = ArchiveReader("data/archive")
    >>> df = reader.to_pandas()                          # latest record per article, gone left out
    >>> history = reader.to_arrow(history=True, gone=True)  # every record

The reader reads every ``ARCHIVE_DIR/articles/*.jsonl`` file, oldest run first.
A line that is no record (torn by a crash, not JSON, no ``url`` or ``id``) is
skipped, counted in :attr:`ArchiveReader.skipped` and named, with its file and
line number, in one WARNING per file.

Each record the reader gives has the archived keys (see ``schema.json``) and three
of its own: ``host`` (the host that served it), ``fetched_url`` (the URL it was
fetched from) and ``matched_by``. One article is one article whichever host served
it: a record whose host is not the portal's is matched to a portal record with the
same ``id`` (``matched_by="id"``), else to the one portal article with the same
title and date (``"title+date"``); when matched, its ``url`` is the portal's URL,
else it keeps its own (``matched_by`` null, as on every portal record). The latest
record of an article (same ``url``) is the one fetched last; on a tie, the
portal's. pandas and pyarrow are optional (``pip install 'metrology-spider[analysis]'``).
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

logger = logging.getLogger(__name__)

PORTAL_HOST = "www.chinajl.com.cn"
# The archived keys, in the record's order (items.Article), then the reader's own.
RECORD_FIELDS = (
    "url",
    "id",
    "category",
    "title",
    "date",
    "published_at",
    "author",
    "source",
    "views",
    "paragraphs",
    "crawled_at",
    "warc",
    "gone_at",
)
READER_FIELDS = ("host", "fetched_url", "matched_by")
FIELDS = RECORD_FIELDS + READER_FIELDS
# Optional fields whose share the stats and the report give.
COVERAGE_FIELDS = ("author", "source", "views", "published_at")
SHANGHAI = "Asia/Shanghai"


@dataclass(frozen=True, slots=True)
class SkippedLine:
    """A line of an archive file that holds no record."""

    path: Path
    line: int
    reason: str


def record_files(archive_dir: str | os.PathLike) -> list[Path]:
    """The archive's JSON Lines files, oldest run first (``<run>.jsonl`` before ``<run>-2.jsonl``)."""

    def order(path: Path) -> tuple[str, int]:
        run, _, n = path.stem.partition("-")
        return run, int(n) if n.isdigit() else 1

    return sorted((Path(archive_dir) / "articles").glob("*.jsonl"), key=order)


def host_name(url: str) -> str:
    """The host (and port) of ``url``, lowercase."""
    scheme, sep, rest = url.partition("://")
    if sep and scheme in ("http", "https"):  # the fast road for every archived URL
        return rest.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0].rpartition("@")[2].lower()
    return urlsplit(url).netloc.lower()


def parse_line(line: bytes) -> dict | str:
    """The record on ``line``, or why it is none."""
    if not line.endswith(b"\n"):
        return "torn (no newline)"
    try:
        record = json.loads(line)
    except ValueError:
        return "not JSON"
    return _checked(record)


def _checked(record: Any) -> dict | str:
    if not isinstance(record, dict) or not isinstance(record.get("url"), str):
        return "no url"
    if not isinstance(record.get("id"), int):
        return "no id"
    return record


_DECODER = json.JSONDecoder()


def split_records(line: bytes) -> list[tuple[int, dict]] | None:
    """The records of a line that holds several, one straight after another (a
    newline lost between them: ``{...}{...}``), each with its byte offset in the
    line; None unless the whole line is two or more records."""
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError:
        return None
    found: list[tuple[int, dict]] = []
    at, end = 0, len(text.rstrip())
    offset = 0  # in bytes, as ``at`` is in characters
    while at < end:
        while text[at].isspace():
            at += 1
        offset = len(text[:at].encode("utf-8"))
        try:
            record, after = _DECODER.raw_decode(text, at)
        except ValueError:
            return None
        if isinstance(_checked(record), str):
            return None
        found.append((offset, record))
        at = after
    return found if len(found) > 1 else None


def warn_lost_newline(path: Path, number: int, count: int) -> None:
    """The one line that names a line holding several records (a newline lost between them)."""
    logger.warning("Line %d of %s holds %d records (a lost newline): each read", number, path, count)


def parse_records(line: bytes) -> list[dict] | str:
    """The records on ``line`` (one, or several that lost the newlines between
    them), or why there is none."""
    record = parse_line(line)
    if isinstance(record, str) and record == "not JSON" and (several := split_records(line)):
        return [r for _, r in several]
    return record if isinstance(record, str) else [record]


class ArchiveReader:
    """The records of one archive folder. ``portal_host`` is the host whose URLs
    are canonical (``www.chinajl.com.cn``; ``www.chinajl.test`` for ``data/sample``)."""

    def __init__(
        self,
        archive_dir: str | os.PathLike,
        portal_host: str = PORTAL_HOST,
        progress: bool = False,
    ) -> None:
        self.archive_dir = Path(archive_dir)
        self.portal_host = portal_host.lower()
        self.progress = progress
        self.skipped: list[SkippedLine] = []
        self._history: list[dict] | None = None

    def files(self) -> list[Path]:
        return record_files(self.archive_dir)

    # --- raw records -----------------------------------------------------------

    def records(self) -> Iterator[dict]:
        """Every record as archived, oldest file first, unreadable lines skipped."""
        self.skipped = []
        files = self.files()
        bar = progress_bar(sum(f.stat().st_size for f in files), "reading", self.progress)
        try:
            for path in files:
                yield from self._read(path, bar)
        finally:
            bar.close()

    def _read(self, path: Path, bar: Any) -> Iterator[dict]:
        skipped: list[SkippedLine] = []
        pending = 0
        with open(path, "rb") as f:
            for number, line in enumerate(f, 1):
                pending += len(line)
                if pending > 1 << 20:
                    bar.update(pending)
                    pending = 0
                records = parse_records(line)
                if isinstance(records, str):
                    skipped.append(SkippedLine(path, number, records))
                    continue
                if len(records) > 1:
                    warn_lost_newline(path, number, len(records))
                yield from records
        bar.update(pending)
        if skipped:
            self.skipped.extend(skipped)
            named = ", ".join(f"line {s.line} ({s.reason})" for s in skipped[:10])
            more = f" and {len(skipped) - 10} more" if len(skipped) > 10 else ""
            logger.warning("Skipped %d unreadable line(s) of %s: %s%s", len(skipped), path, named, more)

    # --- articles --------------------------------------------------------------

    def history(self, gone: bool = True) -> list[dict]:
        """Every record, oldest file first, with ``host``, ``fetched_url``, ``matched_by``
        and the canonical ``url``; ``gone=False`` leaves out every record of the
        articles whose latest record says gone."""
        if self._history is None:
            self._history = resolve_mirrors(self.records(), self.portal_host)
        if gone:
            return list(self._history)
        gone_urls = {r["url"] for r in latest_records(self._history, self.portal_host) if r["gone_at"]}
        return [r for r in self._history if r["url"] not in gone_urls]

    def latest(self, gone: bool = False) -> list[dict]:
        """The latest record of each article; ``gone=True`` keeps the articles whose
        latest record says gone (that record, with its empty fields)."""
        if self._history is None:
            self.history()
        latest = latest_records(self._history or [], self.portal_host)
        return latest if gone else [r for r in latest if not r["gone_at"]]

    def select(self, history: bool = False, gone: bool | None = None) -> list[dict]:
        """``latest()`` or ``history()``; ``gone`` defaults to out for the latest view and in for history."""
        if history:
            return self.history(gone=True if gone is None else gone)
        return self.latest(gone=bool(gone))

    def to_pandas(self, history: bool = False, gone: bool | None = None):
        """A DataFrame (see :func:`to_pandas`) of :meth:`select`."""
        return to_pandas(self.select(history, gone))

    def to_arrow(self, history: bool = False, gone: bool | None = None):
        """A ``pyarrow.Table`` (see :func:`to_arrow`) of :meth:`select`."""
        return to_arrow(self.select(history, gone))


def resolve_mirrors(records: Iterable[dict], portal_host: str = PORTAL_HOST) -> list[dict]:
    """The records with every key of :data:`FIELDS`: ``host`` and ``fetched_url`` from
    their URL, and a mirror record's ``url`` made the portal's when it can be matched
    (same id, else the one portal article of the same title and date)."""
    portal_host = portal_host.lower()
    # Records in the archive's shape get the reader's keys added in place; others are rebuilt.
    records = [
        r if tuple(r) == RECORD_FIELDS else {name: r.get(name) for name in RECORD_FIELDS} for r in records
    ]
    by_id: dict[int, str] = {}
    by_title_date: dict[tuple[str, str], str | None] = {}
    for r in records:
        r["host"] = host_name(r["url"])
        r["fetched_url"] = r["url"]
        r["matched_by"] = None
        if r["host"] != portal_host:
            continue
        by_id.setdefault(r["id"], r["url"])
        if r["title"] and r["date"]:
            key = (r["title"], r["date"])
            if by_title_date.get(key, r["url"]) != r["url"]:
                by_title_date[key] = None  # two portal articles share it: no match by title and date
            else:
                by_title_date[key] = r["url"]
    for r in records:
        if r["host"] == portal_host:
            continue
        if r["id"] in by_id:
            r["url"], r["matched_by"] = by_id[r["id"]], "id"
        elif by_title_date.get((r["title"], r["date"])):
            r["url"], r["matched_by"] = by_title_date[(r["title"], r["date"])], "title+date"
    return records


def latest_records(history: list[dict], portal_host: str = PORTAL_HOST) -> list[dict]:
    """The latest record of each article (the portal's same ``id``, whatever its URL: a
    category that moved gives its articles new URLs; a mirror's record, the ``url`` it
    was matched to): fetched last, the portal's on a tie, the later in the archive on a
    tie again; in the order of the archive."""
    portal_host = portal_host.lower()
    portal_ids = {r["url"]: r["id"] for r in history if r["host"] == portal_host}

    def article(r: dict) -> tuple:
        if r["host"] == portal_host:
            return ("id", r["id"])
        return ("id", portal_ids[r["url"]]) if r["url"] in portal_ids else ("url", r["url"])

    best: dict[tuple, tuple[tuple, int]] = {}
    for position, r in enumerate(history):
        rank = (r["crawled_at"] or "", r["host"] == portal_host, position)
        key = article(r)
        current = best.get(key)
        if current is None or rank > current[0]:
            best[key] = (rank, position)
    return [history[position] for _, position in sorted(best.values(), key=lambda v: v[1])]


# --- pandas and Arrow -------------------------------------------------------------


def _require(module: str):
    try:
        return __import__(module)
    except ImportError:
        raise ImportError(f"{module} is not installed: pip install 'metrology-spider[analysis]'") from None


def to_pandas(records: list[dict]):
    """A DataFrame of ``records`` (as the reader gives them: every key of :data:`FIELDS`) with the columns of :data:`FIELDS` and proper dtypes:
    ``date`` as ``datetime.date``, ``published_at`` as a timestamp in Asia/Shanghai,
    ``crawled_at`` and ``gone_at`` as UTC timestamps, ``views`` as nullable Int64,
    ``category`` and ``paragraphs`` as lists, ``warc`` as dicts."""
    pd = _require("pandas")
    columns = {name: [r[name] for r in records] for name in FIELDS}

    def timestamps(values: list) -> Any:
        return pd.to_datetime(pd.Series(values, dtype=object), utc=True, format="ISO8601").dt.as_unit("s")

    frame = {
        name: pd.Series(values, dtype=object if name in ("category", "paragraphs", "warc") else None)
        for name, values in columns.items()
    }
    frame["id"] = pd.Series(columns["id"], dtype="int64")
    frame["views"] = pd.Series(columns["views"], dtype="Int64")
    frame["date"] = pd.Series([date.fromisoformat(d) if d else None for d in columns["date"]], dtype=object)
    frame["published_at"] = timestamps(columns["published_at"]).dt.tz_convert(SHANGHAI)
    frame["crawled_at"] = timestamps(columns["crawled_at"])
    frame["gone_at"] = timestamps(columns["gone_at"])
    return pd.DataFrame(frame, columns=list(FIELDS))


def arrow_schema():
    pa = _require("pyarrow")
    return pa.schema(
        [
            ("url", pa.string()),
            ("id", pa.int64()),
            ("category", pa.list_(pa.string())),
            ("title", pa.string()),
            ("date", pa.date32()),
            ("published_at", pa.timestamp("s", tz=SHANGHAI)),
            ("author", pa.string()),
            ("source", pa.string()),
            ("views", pa.int64()),
            ("paragraphs", pa.list_(pa.string())),
            ("crawled_at", pa.timestamp("s", tz="UTC")),
            (
                "warc",
                pa.struct([("file", pa.string()), ("record_id", pa.string()), ("offset", pa.int64())]),
            ),
            ("gone_at", pa.timestamp("s", tz="UTC")),
            ("host", pa.string()),
            ("fetched_url", pa.string()),
            ("matched_by", pa.string()),
        ]
    )


def to_arrow(records: list[dict]):
    """A ``pyarrow.Table`` of ``records`` (every key of :data:`FIELDS`) with :func:`arrow_schema`'s types."""
    pa = _require("pyarrow")
    schema = arrow_schema()
    arrays = []
    for column in schema:
        values = [r[column.name] for r in records]
        if column.name in ("date", "published_at", "crawled_at", "gone_at"):
            # Arrow parses ISO 8601 dates and times (with their offset) itself.
            arrays.append(pa.array(values, type=pa.string()).cast(column.type))
        else:
            arrays.append(pa.array(values, type=column.type))
    return pa.Table.from_arrays(arrays, schema=schema)


# --- progress ---------------------------------------------------------------------


class _NoBar:
    def update(self, n: int) -> None:
        pass

    def close(self) -> None:
        pass


def progress_bar(total: int, what: str, wanted: bool):
    """A tqdm bar on stderr when ``wanted`` and stderr is a terminal."""
    if not wanted:
        return _NoBar()
    from tqdm import tqdm

    return tqdm(total=total, desc=what, unit="B", unit_scale=True, disable=None, leave=False)
