"""Raw responses as WARC (ISO 28500), through warcio: capture during a crawl, and
reading a capture back for replay and re-extraction.

Layout under ``ARCHIVE_DIR``::

    warc/<run>-00000.warc.gz        a warcinfo record, then request/response pairs;
    warc/<run>-00000.warc.gz.index  what :class:`Capture` needs of each response in it;
    warc/<run>-00001.warc.gz        a new file once one passes WARC_MAX_SIZE ...

A request/response pair's records are the bytes warcio's writer writes (field for
field; tests/test_warc.py holds them to it), built directly: warcio's record builder
searched its header lists field by field, a sixth of the capture's cost.
Each pair is compressed in memory (one gzip member per record,
at zlib's default level 6 rather than warcio's 9: 14 % less CPU per pair of 36 KiB
pages, for 0.2 % more bytes) and written to the file with one ``write()``, so a
crash leaves the file whole up to its last pair. Then a line is added to the file's
index: the response's URL, offset, record id, date, status, redirect and article;
when the file is closed, a last line gives its size and SHA-256. A capture is read
through its index only when the WARC file is exactly what that last line describes;
otherwise (an index left by a crash, a file cut, damaged or appended to, a file
written by an older version) the WARC file itself is read. A response is read back
without warcio where its record is a plain one, as the capture writes them
(:func:`_plain_record`); any other, by warcio.
"""

from __future__ import annotations

import base64
import glob
import hashlib
import io
import logging
import os
import uuid
import zlib
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from http import HTTPStatus
from importlib.metadata import version
from pathlib import Path
from typing import BinaryIO
from urllib.parse import quote, urljoin, urlsplit

import orjson
import scrapy
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider, IgnoreRequest, NotConfigured
from scrapy.http import Request, Response
from scrapy.responsetypes import responsetypes
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders, StatusAndHeadersParser
from warcio.timeutils import datetime_to_iso_date, iso_date_to_datetime
from warcio.warcwriter import WARCWriter

from metrology_spider import __version__
from metrology_spider.archive import ArchiveWriteError, create_exclusive
from metrology_spider.middlewares import cut_short, meta_charset, misdeclared_charset, undeclared_charset
from metrology_spider.navigation import canonical_url, is_article_url
from metrology_spider.state import ArchiveState

logger = logging.getLogger(__name__)
# WARC files a Capture keeps open to read responses from, at most (the last used).
_OPEN_CAPTURE_FILES = 16

WARC_DIR = "warc"
WARC_VERSION = "WARC/1.1"
# Settings written into each file's warcinfo record: what shaped the crawl.
INFO_SETTINGS = (
    "USER_AGENT",
    "ROBOTSTXT_OBEY",
    "DOWNLOAD_DELAY",
    "AUTOTHROTTLE_ENABLED",
    "CONCURRENT_REQUESTS_PER_DOMAIN",
    "RETRY_TIMES",
    "DOWNLOAD_TIMEOUT",
)
# A field of our own on the response record of an article's first page (after any
# redirect): the article's URL as the portal links it. Replay and re-extraction
# take an article's first pages from it, exactly as the crawl took them.
ARTICLE_FIELD = "Metrology-Article-URL"
# zlib's default, as Heritrix and wget write their WARC files (warcio writes 9).
GZIP_LEVEL = 6
# Hop-by-hop framing that no longer describes the stored (de-chunked) body.
_DROPPED_HEADERS = {"transfer-encoding"}


@dataclass(frozen=True, slots=True)
class RecordRef:
    """Where a response is kept: the WARC file's name, the record's id and byte offset."""

    file: str
    record_id: str
    offset: int

    def as_dict(self) -> dict:
        return {"file": self.file, "record_id": self.record_id, "offset": self.offset}


# --- writing ----------------------------------------------------------------


def _headers(raw: scrapy.http.Headers) -> list[tuple[str, str]]:
    return [
        (name.decode("latin-1"), value.decode("latin-1"))
        for name, values in raw.items()
        if name.decode("latin-1").lower() not in _DROPPED_HEADERS
        for value in values
    ]


class WarcFiles:
    """This run's WARC files: one open at a time, a new one past ``max_size`` bytes."""

    def __init__(self, folder: Path, run: str, max_size: int, info: dict[str, str]) -> None:
        self.folder = Path(folder)
        self.run = run
        self.max_size = max_size
        self.info = info
        self.paths: list[Path] = []
        self._file: BinaryIO | None = None
        self._size = 0
        self._digest = hashlib.sha256()  # of the open file's bytes
        self._index: BinaryIO | None = None  # the open file's index (None: none kept)
        self.broken: OSError | None = None
        # warcio's writer, for each file's warcinfo record, into a buffer (warcio's
        # BufferWARCWriter makes a temporary file and asks for the host name each time);
        # the exchanges' records are built by _record. Each record is compressed as a
        # gzip member of its own by _gzip.
        self._buffer = io.BytesIO()
        self._writer = WARCWriter(self._buffer, gzip=False, warc_version=WARC_VERSION)

    def _open(self) -> None:
        path, self._file = create_exclusive(self.folder, f"{self.run}-{len(self.paths):05d}", ".warc.gz")
        self.paths.append(path)
        self._size = 0
        self._digest = hashlib.sha256()
        try:
            self._index = open(index_path(path), "xb")  # closed by close()
        except OSError as exc:
            logger.warning("No index for %s (%s): a replay will read the file itself", path, exc)
            self._index = None
        self._buffer.seek(0)
        self._buffer.truncate()
        self._writer.write_record(self._writer.create_warcinfo_record(path.name, dict(self.info, isPartOf=self.run)))
        self._write(_gzip(self._buffer.getbuffer()))
        logger.info("Capturing responses to %s", path)

    def _write(self, data: bytes) -> int:
        """Append ``data`` (whole records); a write that fails leaves no fragment: the
        file is cut back to its last whole record, and :class:`ArchiveWriteError` is
        raised, now and for every later write."""
        if self.broken is not None:
            raise ArchiveWriteError(f"the WARC file {self.paths[-1]} could not be written: {self.broken}")
        offset = self._size
        view = memoryview(data)
        try:
            while view:  # one write() in practice; loop only on a short write
                written = os.write(self._file.fileno(), view)
                view = view[written:]
        except OSError as exc:
            self.broken = exc
            try:
                os.ftruncate(self._file.fileno(), offset)
            except OSError:
                pass
            raise ArchiveWriteError(f"the WARC file {self.paths[-1]} could not be written: {exc}") from exc
        self._size += len(data)
        self._digest.update(data)
        return offset

    def _add_to_index(self, entry: dict) -> None:
        """One line in the open file's index, for a pair just written. A line that
        cannot be written ends the index: the file is then read by itself."""
        if self._index is None:
            return
        try:
            self._index.write(orjson.dumps(entry) + b"\n")
        except OSError as exc:
            logger.warning("Stopped indexing %s (%s): a replay will read the file itself", self.paths[-1], exc)
            self._close_index(drop=True)

    def _close_index(self, drop: bool = False) -> None:
        """Close the open file's index with a line giving the WARC file's size and
        SHA-256 (an index without it, as a crash leaves it, is not used)."""
        if self._index is None:
            return
        index, self._index = self._index, None
        closing = orjson.dumps({"closed": True, "size": self._size, "sha256": self._digest.hexdigest()}) + b"\n"
        try:
            if not drop:
                index.write(closing)
            index.close()
        except OSError:  # an index without its last line is never used
            drop = True
        if drop:
            try:
                os.unlink(index.name)
            except OSError:
                pass

    def write_exchange(
        self, request: Request, response: Response, fetched_at: datetime, article: str | None = None
    ) -> RecordRef:
        """Write a request record and its response record; return where the response
        is. ``article``: the response is that article's first page."""
        if self._file is None or self._size >= self.max_size:
            self.close()
            self._open()
        date = datetime_to_iso_date(fetched_at.astimezone(UTC).replace(tzinfo=None), use_micros=True)
        protocol = getattr(response, "protocol", None) or "HTTP/1.1"
        record_id = _warc_id()
        response_head, response_headers = _http_head(
            f"{protocol} {response.status} {_reason(response.status)}", _headers(response.headers)
        )
        response_record = _record(
            {
                "WARC-Date": date,
                **({ARTICLE_FIELD: article} if article else {}),
                **({"WARC-Truncated": "disconnect"} if cut_short(response) else {}),
                "WARC-Type": "response",
                "WARC-Record-ID": record_id,
                "WARC-Target-URI": response.url,
            },
            response_head,
            response.body,
            "application/http; msgtype=response",
        )
        parts = urlsplit(request.url)
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        request_head, _ = _http_head(
            f"{request.method} {target} HTTP/1.1", [("Host", parts.netloc), *_headers(request.headers)]
        )
        request_record = _record(
            {
                "WARC-Date": date,
                "WARC-Concurrent-To": record_id,
                **({ARTICLE_FIELD: article} if article else {}),  # named if its response is lost
                "WARC-Type": "request",
                "WARC-Record-ID": _warc_id(),
                "WARC-Target-URI": request.url,
            },
            request_head,
            request.body or b"",
            "application/http; msgtype=request",
        )
        request_member = _gzip(request_record)
        offset = self._write(request_member + _gzip(response_record)) + len(request_member)
        location = (
            next((value for name, value in response_headers if name.lower() == "location"), None)
            if 300 <= response.status < 400
            else None
        )
        self._add_to_index(
            {
                "url": response.url,
                "offset": offset,
                "id": record_id,
                "date": date,
                "status": response.status,
                "location": urljoin(response.url, location) if location else None,
                "article": article,
            }
        )
        return RecordRef(self.paths[-1].name, record_id, offset)

    def close(self) -> None:
        self._close_index()
        if self._file is not None:
            try:
                os.fsync(self._file.fileno())
            except OSError as exc:
                logger.error("Could not sync %s: %s", self.paths[-1], exc)
            self._file.close()
            self._file = None


def _warc_id() -> str:
    return f"<urn:uuid:{uuid.uuid4()}>"


def _digest(*parts: bytes) -> str:
    sha1 = hashlib.sha1()
    for part in parts:
        sha1.update(part)
    return "sha1:" + base64.b32encode(sha1.digest()).decode("ascii")


def _http_head(first_line: str, headers: list[tuple[str, str]]) -> tuple[bytes, list[tuple[str, str]]]:
    """An HTTP message's head as warcio writes it, and its headers as written: ASCII,
    the values that are not percent-encoded (by warcio itself, for those), and so are
    names that are not (which warcio cannot write: a server's bytes, not a token)."""
    text = first_line + "\r\n" + "".join(f"{name}: {value}\r\n" for name, value in headers)
    try:
        return text.encode("ascii") + b"\r\n", headers
    except UnicodeEncodeError:
        protocol, _, status = first_line.partition(" ")
        named = [(name if name.isascii() else quote(name, safe=""), value) for name, value in headers]
        encoded = StatusAndHeaders(status, named, protocol=protocol)
        try:
            return encoded.to_ascii_bytes(), encoded.headers
        except UnicodeEncodeError:
            # A value warcio cannot encode either (it reads '=0;\x80' as parameters):
            # its characters that are not ASCII percent-encoded, one by one.
            named = [(name, "".join(c if c.isascii() else quote(c, safe="") for c in value)) for name, value in named]
            encoded = StatusAndHeaders(status, named, protocol=protocol)
            return encoded.to_ascii_bytes(), encoded.headers


def _record(fields: dict[str, str], head: bytes, payload: bytes, content_type: str) -> bytes:
    """One WARC record: the bytes warcio's ``WARCWriter`` writes for these fields, HTTP
    head and payload (tests/test_warc.py holds the two to the same bytes), without its
    header lists searched field by field: 151.5 against 182.1 µs an exchange, compressing,
    writing and indexing included (benches/capture.py, benches/README.md)."""
    fields = {
        **fields,
        "WARC-Payload-Digest": _digest(payload),
        "WARC-Block-Digest": _digest(head, payload),
        "Content-Type": content_type,
        "Content-Length": str(len(head) + len(payload)),
    }
    warc_head = (
        WARC_VERSION + "\r\n" + "".join(f"{name}: {value}\r\n" for name, value in fields.items()) + "\r\n"
    )
    return b"".join((warc_head.encode("utf-8"), head, payload, b"\r\n\r\n"))


def _gzip(record) -> bytes:
    """A whole record as one gzip member (a capture's reader finds a record at the
    offset where its member starts)."""
    return zlib.compress(record, GZIP_LEVEL, wbits=31)


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""


class WarcCaptureMiddleware:
    """Downloader middleware: every response the crawl receives goes into WARC files.

    Set close to the downloader (after HttpCompressionMiddleware in the response
    path) so the stored bytes are the ones on the wire.
    """

    def __init__(self, crawler: Crawler, files: WarcFiles, state: ArchiveState) -> None:
        self.crawler = crawler
        self.files = files
        self.state = state

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> WarcCaptureMiddleware:
        settings = crawler.settings
        state = crawler.get_extension(ArchiveState)
        if state is None or not settings.getbool("WARC_ENABLED") or settings.get("REPLAY"):
            raise NotConfigured  # the archive is off, or WARC is, or a replay: nothing new to keep
        info = {
            "software": f"metrology-spider/{__version__} (Scrapy {scrapy.__version__}, warcio {version('warcio')})",
            "format": "WARC File Format 1.1",
            "conformsTo": "https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/",
            "robots": "obey" if settings.getbool("ROBOTSTXT_OBEY") else "ignore",
            "start_urls": " ".join(getattr(crawler.spider, "start_urls", [])),
            **{name: str(settings.get(name)) for name in INFO_SETTINGS},
        }
        folder = Path(settings.get("ARCHIVE_DIR")) / WARC_DIR
        files = WarcFiles(folder, state.run_id, settings.getint("WARC_MAX_SIZE"), info)
        middleware = cls(crawler, files, state)
        crawler.signals.connect(middleware.spider_closed, signal=scrapy.signals.spider_closed)
        return middleware

    def process_response(self, request: Request, response: Response) -> Response:
        fetched_at = datetime.now(UTC)
        try:
            ref = self.files.write_exchange(request, response, fetched_at, request.meta.get("article"))
        except ArchiveWriteError as exc:
            # Its article fails (a network-like failure: retried by the next run) and the run stops.
            self.state.write_error(exc)
            raise
        request.meta["fetched_at"] = fetched_at
        request.meta["warc_record"] = ref.as_dict()
        self.crawler.stats.inc_value("metrology/warc/responses")
        return response

    def spider_closed(self) -> None:
        self.files.close()


# --- reading ------------------------------------------------------------------


def index_path(path: Path) -> Path:
    """Where the index of the WARC file ``path`` is kept."""
    return path.with_name(path.name + ".index")


def _sha256(path: Path) -> str:
    with open(path, "rb") as stream:
        return hashlib.file_digest(stream, "sha256").hexdigest()


def _is_index_of_a_warc(path: Path) -> bool:
    return path.name.endswith(".index") and _is_warc_name(path.with_name(path.name.removesuffix(".index")))


def _is_warc_name(path: Path) -> bool:
    return path.name.endswith((".warc", ".warc.gz"))


def capture_files(paths: Iterable[str | os.PathLike]) -> list[Path]:
    """WARC files named by files, folders (searched recursively) or globs."""
    found: list[Path] = []
    for item in paths:
        item = str(item)
        matches = [Path(m) for m in sorted(glob.glob(item))] or [Path(item)]
        for match in matches:
            if match.is_dir():
                found.extend(sorted(p for p in match.rglob("*.warc*") if p.is_file() and _is_warc_name(p)))
            elif match.is_file() and not _is_index_of_a_warc(match):  # a glob such as warc/*
                found.append(match)
    if not found:
        raise FileNotFoundError(f"no WARC files at {', '.join(map(str, paths))}")
    return found


@dataclass(frozen=True, slots=True)
class CapturedResponse:
    url: str
    path: Path
    offset: int
    record_id: str
    date: datetime
    status: int
    location: str | None  # where a redirect points, absolute
    article: str | None  # the article whose first page this is, as the crawl marked it


class NotInCapture(IgnoreRequest):
    """A request a whole capture lacks: asking it again cannot help."""


class LostInCapture(IgnoreRequest):
    """A request a damaged capture lacks: it may have been lost with the damage."""


class CaptureTooLarge(ValueError):
    """A captured response larger than the capture's ``max_size`` once decoded."""


_HTTP_HEADERS = StatusAndHeadersParser(["HTTP/1.0", "HTTP/1.1"], verify=False)


def _status_and_location(record) -> tuple[int, str | None]:
    """A response record's HTTP status (0 when it holds no HTTP message) and, for a
    redirect, its Location: the status line alone is parsed, the headers only for a
    redirect."""
    if not (record.content_type or "").startswith("application/http"):
        return 0, None
    line = record.raw_stream.readline()
    status_line = _HTTP_HEADERS.parse(io.BytesIO(line)) if line else None
    status = int(status_line.get_statuscode()) if status_line and status_line.get_statuscode().isdigit() else 0
    if not 300 <= status < 400:
        return status, None
    return status, _HTTP_HEADERS.parse(record.raw_stream, full_statusline=line).get_header("Location")


_WARC_TYPES = frozenset(
    ("warcinfo", "response", "resource", "request", "metadata", "revisit", "conversion", "continuation")
)


class Capture:
    """An index of the response records in some WARC files, by URL, each URL's in
    WARC-date order; the records themselves are read from disk when asked for.

    A URL captured several times (an article fetched by several runs) is answered
    in that order: an article's first page by :meth:`take` (each capture once, the
    next one each time), any other page by :meth:`find` (the capture made at or
    after the page that led to it).
    """

    def __init__(self, paths: Iterable[str | os.PathLike], max_size: int = 16 * 1024**2) -> None:
        self.files = capture_files(paths)
        # Bytes a response may take once its Content-Encoding is undone (a gzip bomb
        # stops there), as DOWNLOAD_MAXSIZE bounds it in a crawl.
        self.max_size = max_size
        self.responses: list[CapturedResponse] = []
        self.by_url: dict[str, list[CapturedResponse]] = {}
        self.taken: set[tuple[Path, int]] = set()
        self.damaged: list[Path] = []  # files read only up to a damaged or cut record
        self.lost: list[str] = []  # articles whose first page was cut off with the end of a file
        for path in self.files:
            self._index(path)
        self.responses.sort(key=lambda e: e.date)
        for entry in self.responses:
            self.by_url.setdefault(canonical_url(entry.url), []).append(entry)
        # Pages reached through a redirect belong to the URL that was asked for.
        self.redirect_targets = {canonical_url(e.location) for e in self.responses if e.location}
        # Files written by this version mark each article's first page; older ones do not.
        self.marked_files = {e.path for e in self.responses if e.article}
        # The files responses are read from, kept open (the last few used), by this
        # process: a worker forked from it opens its own (never a shared file offset).
        self._streams: OrderedDict[Path, BinaryIO] = OrderedDict()
        self._streams_pid = os.getpid()

    def _stream(self, path: Path) -> BinaryIO:
        if self._streams_pid != os.getpid():
            self._streams, self._streams_pid = OrderedDict(), os.getpid()  # the parent's, left alone
        stream = self._streams.get(path)
        if stream is None:
            stream = self._streams[path] = open(path, "rb")  # closed by close() or on eviction
            if len(self._streams) > _OPEN_CAPTURE_FILES:
                self._streams.popitem(last=False)[1].close()
        else:
            self._streams.move_to_end(path)
        return stream

    def close(self) -> None:
        """Close the files this process has open to read responses."""
        if self._streams_pid == os.getpid():
            for stream in self._streams.values():
                stream.close()
        self._streams = OrderedDict()

    def first_page_of(self, entry: CapturedResponse) -> str | None:
        """The article whose first page ``entry`` is (its URL as linked), or None:
        as the crawl marked it, or for an unmarked capture by the URL's shape (a page
        reached through a redirect counts as the redirect's)."""
        if entry.path in self.marked_files:
            return entry.article if entry.article and not entry.location else None
        if is_article_url(entry.url) and canonical_url(entry.url) not in self.redirect_targets:
            return entry.url
        return None

    def _index(self, path: Path) -> None:
        if self._index_from_file(path):
            return
        with open(path, "rb") as stream:
            # The HTTP headers are parsed only where the index needs them (a response's
            # status and Location), not for every request record too.
            records = ArchiveIterator(stream, no_record_parse=True)
            tail = None  # where the last record starts
            tail_article = None  # the article whose first page it is (or was asked for)
            kind = None
            # The article whose first page is not read whole yet: named by its request,
            # until its response is read to its end. Where the damage shows depends on
            # where warcio's blocks fall (reading the response's WARC header, its HTTP
            # head or its end), so it is followed across the whole response.
            pending = None
            try:
                for record in records:
                    kind = record.rec_type
                    if kind not in _WARC_TYPES or (
                        kind in ("request", "response") and not record.rec_headers.get_header("WARC-Target-URI")
                    ):
                        # (warcio drops a block it cannot inflate, with a line on stderr,
                        # and reads on: a record's header cut (WARC-Type: resp) shows it)
                        raise ValueError(f"a record's WARC header is damaged (WARC-Type: {kind!r})")
                    if kind in ("request", "response"):
                        pending = record.rec_headers.get_header(ARTICLE_FIELD) or (
                            pending if kind == "response" else None
                        )
                    # (before the offset is asked for: that reads the record to its end)
                    status, location = _status_and_location(record) if kind == "response" else (0, None)
                    tail = records.get_record_offset()
                    tail_article = record.rec_headers.get_header(ARTICLE_FIELD)
                    if kind == "response":
                        url = record.rec_headers.get_header("WARC-Target-URI")
                        self.responses.append(
                            CapturedResponse(
                                url=url,
                                path=path,
                                offset=tail,
                                record_id=record.rec_headers.get_header("WARC-Record-ID"),
                                date=iso_date_to_datetime(record.rec_headers.get_header("WARC-Date")).replace(
                                    tzinfo=UTC
                                ),
                                status=status,
                                location=urljoin(url, location) if location else None,
                                article=record.rec_headers.get_header(ARTICLE_FIELD),
                            )
                        )
                        pending = None
            except Exception as exc:  # a damaged record: keep what came before it
                where = f"after byte {tail}" if tail is not None else "at its start"
                logger.warning("Stopped reading %s at a damaged record (%s): %.200r", path, where, exc)
                if pending:  # its page was the damaged record: to be fetched again
                    self.lost.append(pending)
                self.damaged.append(path)
                return
        # warcio reads a record cut short (a crash, a full disk, a copy cut off) as if
        # whole: the last record of the file is checked to its end.
        if _last_record_cut(path, tail or 0):
            logger.warning(
                "Stopped reading %s at a record cut short (at byte %d): the records before it are used", path, tail
            )
            cut_response = self.responses and self.responses[-1].path == path and self.responses[-1].offset == tail
            if cut_response:
                del self.responses[-1]
            if tail_article and cut_response:  # its page cut off: to be fetched again
                self.lost.append(tail_article)
            elif pending:  # (its request read, its response not)
                self.lost.append(pending)
            self.damaged.append(path)

    def _index_from_file(self, path: Path) -> bool:
        """The responses of ``path`` as its index lists them, when there is one and
        the WARC file is exactly what its last line describes (size and SHA-256);
        False (nothing taken) otherwise."""
        try:
            *lines, last = index_path(path).read_bytes().splitlines()
            closing = orjson.loads(last)
            if closing.get("closed") is not True:
                raise ValueError("the index was not closed")
            size, digest = closing["size"], closing["sha256"]
            entries = [orjson.loads(line) for line in lines]
            if os.path.getsize(path) != size or _sha256(path) != digest:
                raise ValueError("the WARC file is not what its index describes")
            responses = [
                CapturedResponse(
                    url=e["url"],
                    path=path,
                    offset=e["offset"],
                    record_id=e["id"],
                    date=iso_date_to_datetime(e["date"]).replace(tzinfo=UTC),
                    status=e["status"],
                    location=e["location"],
                    article=e["article"],
                )
                for e in entries
            ]
        except FileNotFoundError:
            return False
        except (OSError, ValueError, LookupError, TypeError) as exc:  # a cut, damaged or stale index
            logger.info("Reading %s itself, not its index: %.200s", path, exc)
            return False
        self.responses.extend(responses)
        return True

    def captured_again(self, entry: CapturedResponse) -> bool:
        """Whether the capture holds a later response for ``entry``'s URL."""
        entries = self.by_url.get(canonical_url(entry.url)) or []
        return bool(entries) and entries[-1] is not entry

    def find(self, url: str, at: datetime | None = None) -> CapturedResponse | None:
        """The capture of ``url`` made at or after ``at`` (else the last before it);
        without ``at``, the first."""
        entries = self.by_url.get(canonical_url(url))
        if not entries:
            return None
        if at is None:
            return entries[0]
        return next((e for e in entries if e.date >= at), entries[-1])

    def take(self, url: str) -> CapturedResponse | None:
        """The first capture of an article's first page not taken yet (the last one
        once all are), now taken."""
        entries = self.by_url.get(canonical_url(url))
        if not entries:
            return None
        entry = next((e for e in entries if (e.path, e.offset) not in self.taken), entries[-1])
        self.taken.add((entry.path, entry.offset))
        return entry

    def untaken_first_pages(self) -> list[tuple[str, CapturedResponse]]:
        """For each article with first-page captures not taken yet, its URL and the
        first of them, in WARC-date order."""
        found: dict[str, CapturedResponse] = {}
        for entry in self.responses:
            if (entry.path, entry.offset) in self.taken or not (article := self.first_page_of(entry)):
                continue
            found.setdefault(canonical_url(article), entry)
        return [(entry.article or entry.url, entry) for entry in found.values()]

    def response(self, entry: CapturedResponse, request: Request, decoded: bool = False) -> Response:
        """The captured response as Scrapy received it for ``request``; ``decoded``
        undoes its Content-Encoding (what HttpCompressionMiddleware does in a crawl)."""
        stream = self._stream(entry.path)
        stream.seek(entry.offset)
        if (plain := _plain_record(stream, decoded, self.max_size)) is not None:
            status, protocol, http_headers, body, truncated = plain
        else:
            stream.seek(entry.offset)
            record = next(iter(ArchiveIterator(stream)))
            http = record.http_headers
            if decoded:
                body = record.content_stream().read(self.max_size + 1)
            else:
                body = record.raw_stream.read()
            status, protocol, http_headers = int(http.get_statuscode()), http.protocol, http.headers
            truncated = bool(record.rec_headers.get_header("WARC-Truncated"))
        if decoded and len(body) > self.max_size:
            logger.warning(
                "Left out %s (in %s): larger than %d bytes once decoded", entry.url, entry.path, self.max_size
            )
            raise CaptureTooLarge(entry.url)
        headers: dict[str, list[str]] = {}
        for name, value in http_headers:
            if decoded and name.lower() in ("content-encoding", "content-length"):
                continue
            headers.setdefault(name, []).append(value)
        # A page the crawl received cut short (its connection closed before its end).
        flags = ["truncated"] if truncated else []
        cls = responsetypes.from_args(headers=headers, url=entry.url, body=body)
        request.meta["fetched_at"] = entry.date
        request.meta["warc_record"] = RecordRef(entry.path.name, entry.record_id, entry.offset).as_dict()
        response = cls(
            url=entry.url,
            status=status,
            headers=headers,
            body=body,
            request=request,
            protocol=protocol or None,
            flags=flags,
        )
        # Decoded, as the crawl's middlewares left it: read in the charset its <meta> says
        # when its header says one it cannot be in, as GB18030 when nothing declares one
        # and it is no UTF-8 (a replay's CharsetMiddleware does it).
        if decoded and (
            read_as := meta_charset(response) or misdeclared_charset(response) or undeclared_charset(response)
        ):
            response = response.replace(encoding=read_as)
        return response

    def fetch(self, url: str, at: datetime | None = None, redirects: int = 5) -> Response | None:
        """The captured response for ``url`` (see :meth:`find`), content-decoded, with
        redirects followed in the capture as a crawl follows them; or None."""
        entry = self.find(url, at)
        if entry is None:
            return None
        if entry.location and redirects:
            return self.fetch(entry.location, entry.date, redirects - 1)
        try:
            return self.response(entry, Request(entry.url), decoded=True)
        except CaptureTooLarge:
            return None

    def __iter__(self) -> Iterator[CapturedResponse]:
        return iter(self.responses)


def _plain_record(stream: BinaryIO, decoded: bool, max_size: int) -> tuple | None:
    """The HTTP response in the record at ``stream``'s position, read without warcio where
    it is a plain one (as the capture writes them): a gzip member of its own, inflated
    whole; ASCII heads without folded lines; a body without ``Transfer-Encoding``, in no
    ``Content-Encoding`` or, where ``decoded``, in gzip inflated whole. Its status,
    protocol, headers, body (decoded where asked; at most ``max_size`` + 1 bytes of it)
    and whether the record says it was cut short; None for any other record, which
    warcio reads: the same values either way (tests/test_warc.py). warcio parses a record's
    heads line by line through its buffered readers: a response read back cost 85 µs
    through it, 58 µs so (Scrapy's response built included; benches/README.md)."""
    head = stream.read(_PLAIN_READ)
    if head[:2] != b"\x1f\x8b":
        return None
    member = zlib.decompressobj(wbits=31)
    try:
        data = member.decompress(head, _PLAIN_MAX)
        while not member.eof and not member.unconsumed_tail and len(data) < _PLAIN_MAX:
            more = stream.read(_PLAIN_READ)
            if not more:
                return None
            data += member.decompress(more, _PLAIN_MAX - len(data))
    except zlib.error:
        return None
    if not member.eof:
        return None  # (cut, or larger than a plain record is read: warcio's, bounded as it bounds it)
    warc_end = data.find(b"\r\n\r\n")
    http_end = data.find(b"\r\n\r\n", warc_end + 4)
    if warc_end < 0 or http_end < 0:
        return None
    try:
        warc_lines = data[:warc_end].decode("ascii").split("\r\n")
        http_lines = data[warc_end + 4 : http_end].decode("ascii").split("\r\n")
    except UnicodeDecodeError:
        return None
    if warc_lines[0] not in ("WARC/1.1", "WARC/1.0"):
        return None
    fields = {}
    for line in warc_lines[1:]:
        name, colon, value = line.partition(":")
        if not colon or line[:1] in (" ", "\t"):
            return None
        fields[name.rstrip(" \t").lower()] = value.strip()
    if fields.get("warc-type") != "response" or not fields.get("content-type", "").startswith("application/http"):
        return None
    try:
        block_end = warc_end + 4 + int(fields["content-length"])
    except (KeyError, ValueError):
        return None
    if data[block_end:] != b"\r\n\r\n":
        return None
    protocol, _, rest = http_lines[0].partition(" ")
    code = rest.strip().partition(" ")[0]
    if protocol.upper() not in ("HTTP/1.0", "HTTP/1.1") or not code.isdigit():
        return None
    headers = []
    encoding = None
    for line in http_lines[1:]:
        name, colon, value = line.partition(":")
        if not colon or line[:1] in (" ", "\t"):
            return None
        name, value = name.rstrip(" \t"), value.strip()
        lowered = name.lower()
        if lowered == "transfer-encoding":
            return None
        if lowered == "content-encoding":
            encoding = value.lower()
        headers.append((name, value))
    body = data[http_end + 4 : block_end]
    if decoded and encoding not in (None, "", "identity"):
        if encoding != "gzip":
            return None
        inflater = zlib.decompressobj(wbits=31)
        try:
            body = inflater.decompress(body, max_size + 1)
        except zlib.error:
            return None
        if (not inflater.eof and len(body) <= max_size) or inflater.unused_data:
            return None  # (damaged, cut, or more than one member: warcio's way with it)
    return int(code), protocol, headers, body, bool(fields.get("warc-truncated"))


# A plain record is read in pieces of this many bytes, and read whole up to this size.
_PLAIN_READ = 65536
_PLAIN_MAX = 64 * 1024**2


def _last_record_cut(path: Path, offset: int) -> bool:
    """Whether the gzipped record at ``offset`` of ``path`` (the last that warcio
    read, the file's start if none) ends before its end-of-stream marker, or bytes
    that are no whole record follow it; False for a file that is not gzipped."""
    with open(path, "rb") as f:
        f.seek(offset)
        data = f.read(65536)
        if not data.startswith(b"\x1f\x8b"):
            return False
        member = zlib.decompressobj(wbits=31)
        try:
            while data:
                while data and not member.eof:
                    member.decompress(data, 1 << 20)  # inflated a little at a time: a bomb costs no memory
                    data = member.unconsumed_tail
                if member.eof:
                    return bool(member.unused_data.strip(b"\r\n") or f.read(1))
                data = f.read(65536)
        except zlib.error:
            return True  # (a member whose data or check is damaged: the records before it are used)
        return True


def capture_start_urls(paths: Iterable[str | os.PathLike]) -> list[str]:
    """The start URLs the captured crawl was given (its first warcinfo record's)."""
    for path in capture_files(paths):
        try:
            with open(path, "rb") as stream:
                for record in ArchiveIterator(stream):
                    if record.rec_type == "warcinfo":
                        return _warcinfo_fields(record).get("start_urls", "").split()
                    break
        except Exception as exc:  # (no WARC: named when the capture is read)
            logger.info("No start URLs in %s: %.200r", path, exc)
    return []


def _warcinfo_fields(record) -> dict[str, str]:
    fields = {}
    for line in record.content_stream().read().decode("utf-8", "replace").splitlines():
        name, sep, value = line.partition(":")
        if sep:
            fields[name.strip()] = value.strip()
    return fields


class WarcReplayMiddleware:
    """Downloader middleware for ``REPLAY`` (``-a replay=PATH``): answers every
    request from a capture; nothing goes to the network. A request the capture
    lacks is ignored, counted and logged.

    The crawl walks the capture as it walked the portal, each article's first page
    answered by its first capture. When it has done, the captures of article pages
    not used yet (later runs' re-reads, refreshes, retries) are requested in
    rounds, each URL's in WARC-date order, so that an article captured with its
    content and later as a 404 gets its record and then its record saying gone, as
    the captured runs did.
    """

    def __init__(self, crawler: Crawler, capture: Capture) -> None:
        self.crawler = crawler
        self.capture = capture

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> WarcReplayMiddleware:
        replay = crawler.settings.get("REPLAY")
        if not replay:
            raise NotConfigured
        capture = Capture([replay])
        logger.info("Replaying %d responses from %d WARC files", len(capture.responses), len(capture.files))
        crawler.stats.set_value("metrology/warc/damaged_captures", len(capture.damaged))
        middleware = cls(crawler, capture)
        crawler.signals.connect(middleware.spider_idle, signal=scrapy.signals.spider_idle)
        crawler.signals.connect(capture.close, signal=scrapy.signals.spider_closed)
        return middleware

    def process_request(self, request: Request) -> Response:
        entry = request.meta.pop("replay_entry", None)
        if entry is not None:
            self.capture.taken.add((entry.path, entry.offset))
        elif "article" in request.meta:
            entry = self.capture.take(request.url)
        else:
            entry = self.capture.find(request.url, request.meta.get("replay_at"))
        if entry is None:
            self.crawler.stats.inc_value("metrology/replay/missing")
            logger.info("Not in the capture: %s", request.url)
            if self.capture.damaged:
                raise LostInCapture(f"not in the damaged capture: {request.url}")
            raise NotInCapture(f"not in the capture: {request.url}")
        self.crawler.stats.inc_value("metrology/replay/responses")
        return self.capture.response(entry, request)

    def spider_idle(self) -> None:
        """The next round of article captures not used yet, if any."""
        spider = self.crawler.spider
        scheduled = 0
        for url, entry in self.capture.untaken_first_pages():
            request = spider.article_request(url, again=True) if hasattr(spider, "article_request") else None
            if request is None:
                self.capture.taken.add((entry.path, entry.offset))  # off the crawl's hosts
                continue
            request.meta["replay_entry"] = entry
            self.crawler.engine.crawl(request)
            scheduled += 1
        if scheduled:
            logger.info("Replaying %d later captures of article pages", scheduled)
            raise DontCloseSpider


class ReplayFollowMiddleware:
    """Spider middleware for ``REPLAY``: a page's links are answered from the
    captures made at or after it (a later run's view count for a later run's page)."""

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ReplayFollowMiddleware:
        if not crawler.settings.get("REPLAY"):
            raise NotConfigured
        return cls()

    async def process_spider_output(self, response: Response, result):
        at = response.meta.get("fetched_at")
        async for item in result:
            if isinstance(item, Request) and at is not None:
                item.meta.setdefault("replay_at", at)
            yield item
