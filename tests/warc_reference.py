"""What the capture wrote before it built its records itself: an exchange's records
made by warcio's ``WARCWriter``. tests/test_warc.py holds the capture's bytes to these;
benches/capture.py times the two."""

from __future__ import annotations

import io
from urllib.parse import urlsplit

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from metrology_spider.middlewares import cut_short
from metrology_spider.warc import ARTICLE_FIELD, WARC_VERSION, _headers, _reason


def warcio_records(request, response, date: str, article: str | None) -> tuple[bytes, bytes, str | None]:
    """The request and response records warcio's ``WARCWriter`` writes for an exchange
    (uncompressed), and the response's Location as it wrote it: what the capture wrote
    before it built the records itself."""
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=False, warc_version=WARC_VERSION)
    response_record = writer.create_warc_record(
        response.url,
        "response",
        payload=io.BytesIO(response.body),
        length=len(response.body),
        warc_headers_dict={
            "WARC-Date": date,
            **({ARTICLE_FIELD: article} if article else {}),
            **({"WARC-Truncated": "disconnect"} if cut_short(response) else {}),
        },
        http_headers=StatusAndHeaders(
            f"{response.status} {_reason(response.status)}",
            _headers(response.headers),
            protocol=getattr(response, "protocol", None) or "HTTP/1.1",
        ),
    )
    parts = urlsplit(request.url)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    request_record = writer.create_warc_record(
        request.url,
        "request",
        payload=io.BytesIO(request.body or b""),
        length=len(request.body or b""),
        warc_headers_dict={
            "WARC-Date": date,
            "WARC-Concurrent-To": response_record.rec_headers.get_header("WARC-Record-ID"),
            **({ARTICLE_FIELD: article} if article else {}),
        },
        http_headers=StatusAndHeaders(
            f"{request.method} {target} HTTP/1.1",
            [("Host", parts.netloc), *_headers(request.headers)],
            is_http_request=True,
        ),
    )
    writer.write_record(request_record)
    request_bytes = out.getvalue()
    writer.write_record(response_record)
    return (
        request_bytes,
        out.getvalue()[len(request_bytes) :],
        response_record.http_headers.get_header("Location"),
    )
