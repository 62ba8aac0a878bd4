"""Raw responses as WARC (ISO 28500), through warcio: capture during a crawl, and
reading a capture back for replay and re-extraction.

Layout under ``ARCHIVE_DIR``::

    warc/<run>-00000.warc.gz    a warcinfo record, then request/response pairs;
    warc/<run>-00001.warc.gz    a new file once one passes WARC_MAX_SIZE

Each request/response pair is compressed in memory (one gzip member per record)
and written to the file with one ``write()``, so a crash leaves the file whole up
to its last pair.
"""

from __future__ import annotations

import glob
import io
import logging
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from http import HTTPStatus
from importlib.metadata import version
from pathlib import Path
from typing import BinaryIO
from urllib.parse import urlsplit

import scrapy
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import Request, Response
from scrapy.responsetypes import responsetypes
from w3lib.url import canonicalize_url
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.timeutils import datetime_to_iso_date, iso_date_to_datetime
from warcio.warcwriter import BufferWARCWriter

from metrology_spider import __version__
from metrology_spider.archive import create_exclusive

logger = logging.getLogger(__name__)

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

    def _open(self) -> None:
        path, self._file = create_exclusive(self.folder, f"{self.run}-{len(self.paths):05d}", ".warc.gz")
        self.paths.append(path)
        self._size = 0
        buffer = BufferWARCWriter(gzip=True, warc_version=WARC_VERSION)
        buffer.write_record(buffer.create_warcinfo_record(path.name, dict(self.info, isPartOf=self.run)))
        self._write(buffer.get_contents())
        logger.info("Capturing responses to %s", path)

    def _write(self, data: bytes) -> int:
        offset = self._size
        view = memoryview(data)
        while view:  # one write() in practice; loop only on a short write
            written = os.write(self._file.fileno(), view)
            view = view[written:]
        self._size += len(data)
        return offset

    def write_exchange(self, request: Request, response: Response, fetched_at: datetime) -> RecordRef:
        """Write a request record and its response record; return where the response is."""
        if self._file is None or self._size >= self.max_size:
            self.close()
            self._open()
        date = datetime_to_iso_date(fetched_at.astimezone(UTC).replace(tzinfo=None), use_micros=True)
        protocol = getattr(response, "protocol", None) or "HTTP/1.1"
        status_line = f"{response.status} {_reason(response.status)}"
        buffer = BufferWARCWriter(gzip=True, warc_version=WARC_VERSION)
        response_record = buffer.create_warc_record(
            response.url,
            "response",
            payload=io.BytesIO(response.body),
            warc_headers_dict={"WARC-Date": date},
            http_headers=StatusAndHeaders(status_line, _headers(response.headers), protocol=protocol),
        )
        record_id = response_record.rec_headers.get_header("WARC-Record-ID")
        parts = urlsplit(request.url)
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        request_headers = [("Host", parts.netloc), *_headers(request.headers)]
        request_record = buffer.create_warc_record(
            request.url,
            "request",
            payload=io.BytesIO(request.body or b""),
            warc_headers_dict={"WARC-Date": date, "WARC-Concurrent-To": record_id},
            http_headers=StatusAndHeaders(
                f"{request.method} {target} HTTP/1.1", request_headers, is_http_request=True
            ),
        )
        buffer.write_record(request_record)
        request_size = len(buffer.get_contents())
        buffer.write_record(response_record)
        offset = self._write(buffer.get_contents()) + request_size
        return RecordRef(self.paths[-1].name, record_id, offset)

    def close(self) -> None:
        if self._file is not None:
            os.fsync(self._file.fileno())
            self._file.close()
            self._file = None


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

    def __init__(self, crawler: Crawler, files: WarcFiles) -> None:
        self.crawler = crawler
        self.files = files

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> WarcCaptureMiddleware:
        settings = crawler.settings
        spider = crawler.spider
        if not settings.getbool("WARC_ENABLED") or getattr(spider, "replay", None):
            raise NotConfigured  # off, or replaying a capture: nothing new to keep
        info = {
            "software": f"metrology-spider/{__version__} (Scrapy {scrapy.__version__}, warcio {version('warcio')})",
            "format": "WARC File Format 1.1",
            "conformsTo": "https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/",
            "robots": "obey" if settings.getbool("ROBOTSTXT_OBEY") else "ignore",
            "start_urls": " ".join(getattr(spider, "start_urls", [])),
            **{name: str(settings.get(name)) for name in INFO_SETTINGS},
        }
        folder = Path(settings.get("ARCHIVE_DIR")) / WARC_DIR
        files = WarcFiles(folder, spider.run_id, settings.getint("WARC_MAX_SIZE"), info)
        middleware = cls(crawler, files)
        crawler.signals.connect(middleware.spider_closed, signal=scrapy.signals.spider_closed)
        return middleware

    def process_response(self, request: Request, response: Response) -> Response:
        fetched_at = datetime.now(UTC)
        ref = self.files.write_exchange(request, response, fetched_at)
        request.meta["fetched_at"] = fetched_at
        request.meta["warc_record"] = ref.as_dict()
        self.crawler.stats.inc_value("metrology/warc/responses")
        return response

    def spider_closed(self) -> None:
        self.files.close()


# --- reading ------------------------------------------------------------------


def capture_files(paths: Iterable[str | os.PathLike]) -> list[Path]:
    """WARC files named by files, folders (searched recursively) or globs."""
    found: list[Path] = []
    for item in paths:
        item = str(item)
        matches = [Path(m) for m in sorted(glob.glob(item))] or [Path(item)]
        for match in matches:
            if match.is_dir():
                found.extend(sorted(p for p in match.rglob("*.warc*") if p.is_file()))
            elif match.is_file():
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


class Capture:
    """An index of the response records in some WARC files, by URL; the records
    themselves are read from disk when asked for."""

    def __init__(self, paths: Iterable[str | os.PathLike]) -> None:
        self.files = capture_files(paths)
        self.responses: list[CapturedResponse] = []
        self.by_url: dict[str, CapturedResponse] = {}
        self.start_urls: list[str] = []
        for path in self.files:
            self._index(path)

    def _index(self, path: Path) -> None:
        with open(path, "rb") as stream:
            records = ArchiveIterator(stream)
            try:
                for record in records:
                    kind = record.rec_type
                    if kind == "warcinfo" and not self.start_urls:
                        self.start_urls = _warcinfo_fields(record).get("start_urls", "").split()
                    elif kind == "response":
                        entry = CapturedResponse(
                            url=record.rec_headers.get_header("WARC-Target-URI"),
                            path=path,
                            offset=records.get_record_offset(),
                            record_id=record.rec_headers.get_header("WARC-Record-ID"),
                            date=iso_date_to_datetime(record.rec_headers.get_header("WARC-Date")).replace(
                                tzinfo=UTC
                            ),
                        )
                        self.responses.append(entry)
                        self.by_url[canonicalize_url(entry.url)] = entry  # the latest wins
            except Exception as exc:  # a torn last record: keep what came before it
                logger.warning("Stopped reading %s at a damaged record: %s", path, exc)

    def find(self, url: str) -> CapturedResponse | None:
        return self.by_url.get(canonicalize_url(url))

    def response(self, entry: CapturedResponse, request: Request, decoded: bool = False) -> Response:
        """The captured response as Scrapy received it for ``request``; ``decoded``
        undoes its Content-Encoding (what HttpCompressionMiddleware does in a crawl)."""
        with open(entry.path, "rb") as stream:
            stream.seek(entry.offset)
            record = next(iter(ArchiveIterator(stream)))
            http = record.http_headers
            body = (record.content_stream() if decoded else record.raw_stream).read()
        headers: dict[str, list[str]] = {}
        for name, value in http.headers:
            if decoded and name.lower() in ("content-encoding", "content-length"):
                continue
            headers.setdefault(name, []).append(value)
        cls = responsetypes.from_args(headers=headers, url=entry.url, body=body)
        request.meta["fetched_at"] = entry.date
        request.meta["warc_record"] = RecordRef(entry.path.name, entry.record_id, entry.offset).as_dict()
        return cls(
            url=entry.url,
            status=int(http.get_statuscode()),
            headers=headers,
            body=body,
            request=request,
            protocol=http.protocol or None,
        )

    def fetch(self, url: str) -> Response | None:
        """The captured response for ``url``, content-decoded, or None."""
        entry = self.find(url)
        return None if entry is None else self.response(entry, Request(url), decoded=True)

    def __iter__(self) -> Iterator[CapturedResponse]:
        return iter(self.responses)


def _warcinfo_fields(record) -> dict[str, str]:
    fields = {}
    for line in record.content_stream().read().decode("utf-8", "replace").splitlines():
        name, sep, value = line.partition(":")
        if sep:
            fields[name.strip()] = value.strip()
    return fields


class WarcReplayMiddleware:
    """Downloader middleware for ``-a replay=PATH``: answers every request from a
    capture; nothing goes to the network. A request the capture lacks is ignored,
    counted and logged."""

    def __init__(self, crawler: Crawler, capture: Capture) -> None:
        self.crawler = crawler
        self.capture = capture

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> WarcReplayMiddleware:
        capture = getattr(crawler.spider, "capture", None)
        if capture is None:
            raise NotConfigured
        logger.info("Replaying %d responses from %d WARC files", len(capture.responses), len(capture.files))
        return cls(crawler, capture)

    def process_request(self, request: Request) -> Response:
        entry = self.capture.find(request.url)
        if entry is None:
            self.crawler.stats.inc_value("metrology/replay/missing")
            logger.info("Not in the capture: %s", request.url)
            raise IgnoreRequest(f"not in the capture: {request.url}")
        self.crawler.stats.inc_value("metrology/replay/responses")
        return self.capture.response(entry, request)
