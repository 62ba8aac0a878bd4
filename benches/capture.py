"""The WARC capture's cost an exchange: ``WarcFiles.write_exchange`` (the two records
built directly, compressed, written, indexed) beside warcio's ``WARCWriter`` building
the same records (what the capture did until 2026-11-27: tests/warc_reference.py)
and compressing them alike, and zlib alone on those records (the floor).

    python benches/capture.py [--articles 1000] [--rounds 5]

The exchanges are the synthetic portal's pages (benches/portal.py: every list page,
article page and continuation page of ``--articles`` articles) as Scrapy responses
with the headers the bench's server sends, each with the request Scrapy sends for it.
Each round times the three over all the exchanges, in an order turned every round;
printed: each one's best CPU time an exchange (µs) and the ratios. The capture's
records are the bytes warcio's writer writes (tests/test_warc.py); this says what
building them directly saves.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

BENCHES = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCHES))
sys.path.insert(0, str(BENCHES.parent))

import orjson  # noqa: E402
from portal import build  # noqa: E402
from scrapy.http import HtmlResponse, Request  # noqa: E402

from metrology_spider.warc import WarcFiles, _gzip  # noqa: E402
from tests.warc_reference import warcio_records  # noqa: E402

DATE = "2026-11-27T07:40:01.123456Z"
REQUEST_HEADERS = {
    "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
    "Accept-Language": "en",
    "User-Agent": "metrology-spider/1.0 (archiver of www.chinajl.com.cn; Scrapy)",
    "Accept-Encoding": "gzip, deflate, br, zstd",
}


def exchanges(articles: int) -> list[tuple[Request, HtmlResponse]]:
    portal = build(articles)
    pairs = []
    for path, body in portal.pages.items():
        request = Request("http://127.0.0.1:8000" + path, headers=REQUEST_HEADERS)
        headers = {
            "Server": "BaseHTTP/0.6 Python/3.11.7",
            "Date": "Fri, 27 Nov 2026 07:40:01 GMT",
            "Content-Type": "text/html",
            "Content-Length": str(len(body)),
        }
        pairs.append((request, HtmlResponse(request.url, headers=headers, body=body, request=request)))
    return pairs


def ours(pairs, folder: Path) -> float:
    files = WarcFiles(folder, "bench", 10**12, {"software": "benches/capture.py"})
    at = datetime(2026, 11, 27, 7, 40, 1, 123456, tzinfo=UTC)
    files.write_exchange(*pairs[0], at)  # the file opened (and its warcinfo written) before timing
    start = time.process_time()
    for request, response in pairs:
        files.write_exchange(request, response, at)
    spent = time.process_time() - start
    files.close()
    return spent


def warcio_built(pairs, folder: Path) -> float:
    """The records built by warcio's writer, then compressed, written, hashed and indexed
    as write_exchange does it."""
    folder.mkdir(parents=True)
    digest = hashlib.sha256()
    with open(folder / "warcio.warc.gz", "wb", buffering=0) as out, open(folder / "index", "wb") as index:
        start = time.process_time()
        for request, response in pairs:
            request_record, response_record, location = warcio_records(request, response, DATE, None)
            data = _gzip(request_record) + _gzip(response_record)
            out.write(data)
            digest.update(data)
            index.write(orjson.dumps({"url": response.url, "date": DATE, "location": location}) + b"\n")
        return time.process_time() - start


def zlib_alone(records) -> float:
    start = time.process_time()
    for request_record, response_record in records:
        _gzip(request_record) + _gzip(response_record)
    return time.process_time() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    pairs = exchanges(args.articles)
    records = [warcio_records(request, response, DATE, None)[:2] for request, response in pairs]
    size = sum(len(r.body) for _, r in pairs) / len(pairs)
    print(
        f"{len(pairs)} exchanges of the synthetic portal ({args.articles} articles), bodies of {size / 1024:.1f} KiB"
    )
    best = {"write_exchange": [], "warcio's writer": [], "zlib alone": []}
    with tempfile.TemporaryDirectory(prefix="capture-bench-") as work:
        for number in range(args.rounds):
            folder = Path(work) / str(number)
            runs = [
                ("write_exchange", lambda folder=folder: ours(pairs, folder / "ours")),
                ("warcio's writer", lambda folder=folder: warcio_built(pairs, folder / "warcio")),
                ("zlib alone", lambda: zlib_alone(records)),
            ]
            turn = number % len(runs)
            for name, run in runs[turn:] + runs[:turn]:
                best[name].append(run() / len(pairs) * 1e6)
    for name, times in best.items():
        print(f"{name:16s} {min(times):7.1f} µs an exchange (best of {args.rounds})")
    direct, warcio, floor = (min(times) for times in best.values())
    print(
        f"write_exchange / warcio's writer: {direct / warcio:.2f}x; "
        f"beyond zlib: {direct - floor:.1f} µs against {warcio - floor:.1f} µs"
    )


if __name__ == "__main__":
    main()
