"""Serve the fixture portal (tests/fixtures/site) on 127.0.0.1, as the crawl tests do.

    python tests/fixture_site.py --port 8000

Given ``hosts`` it also answers as an HTTP proxy for those virtual hosts, each
from its own folder (``scripts/make_sample.py`` uses that to capture a sample
portal under its own host names).

Given ``faults`` (path -> :class:`Fault`), it serves those paths badly, as
:data:`FAULTS` lists: the fault-injecting harness of tests/test_faults.py.

Pages are served as saved, with ``Content-Type: text/html`` and no charset (the
pages declare their own, as the portal's do). ``/plus/count.php?aid=N`` answers
like DedeCMS's view counter, from ``plus/views.json``. A path without an extension
is served from ``PATH.html`` and a query from ``PATH__QUERY.html`` (the root's from
``__QUERY.html``: WordPress's ``/?p=123``; a script's, ``/index.php?id=31``, from
``index.php__id=31.html``) where those exist
(the sites of CMSes that write no file names, ``tests/fixtures/sites/drupal``). Every request is logged
(method, path, User-Agent), for the tests to check what a crawl asked for.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import json
import re
import socket
import struct
import sys
import threading
import time
from dataclasses import dataclass
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

SITE = Path(__file__).parent / "fixtures" / "site"


# The faults a path can be given (FixtureServer.faults), and what the server then does.
FAULTS = {
    "500": "answers 500 Internal Server Error",
    "503": "answers 503 Service Unavailable",
    "reset": "resets the connection (TCP RST) without answering",
    "stall": "holds the answer back (until the server stops): the crawler times out",
    "redirect chain": "redirects three times (301, 302, 307) to itself with ?hop=N, then serves the page",
    "redirect loop": "redirects to ?loop=1, which redirects back: for ever",
    "redirect off host": "redirects (301) to the same path on FixtureServer.elsewhere (another host or port)",
    "pdf": "serves a small PDF (application/pdf) at the page's URL",
    "empty": "answers 200 with an empty body",
    "big": "serves the page padded to FixtureServer.big_size bytes (with its Content-Length)",
    "gzip bomb": "serves 64 MiB of HTML gzipped to 65 KB (Content-Encoding: gzip)",
    "cut": "sends no Content-Length, 70% of the page, and closes the connection (close-delimited, cut short)",
    "wrong charset": "sends the page as 'text/html; charset=iso-8859-1', whatever its <meta> says",
    "no charset": (
        "sends the page in GB18030 as 'text/html', its <meta> charset taken out (nothing declares one)"
        " and a character cut in half in a comment, as old pages have"
    ),
}


@dataclass
class Fault:
    """What the server does to a path: one of :data:`FAULTS`, on the next ``times``
    requests (None: on every one); after that the path is served as saved."""

    kind: str
    times: int | None = None

    def __post_init__(self) -> None:
        if self.kind not in FAULTS:
            raise ValueError(f"unknown fault {self.kind!r}: one of {', '.join(FAULTS)}")


@functools.cache
def _gzip_bomb() -> bytes:
    return gzip.compress(b"<html><body><p>" + b"\0" * (64 * 1024**2) + b"</p></body></html>", 9)


class FixtureHandler(SimpleHTTPRequestHandler):
    server: FixtureServer

    def do_GET(self) -> None:
        self.server.record(self)
        if self.server.delay:
            time.sleep(self.server.delay)
        if self.server.is_held(urlsplit(self.path).path):
            self.server.released.wait(timeout=300)
        if kind := self.server.take_fault(urlsplit(self.path).path):
            self.send_fault(kind)
            return
        if urlsplit(self.path).path in self.server.failing:
            self.send_error(500, "failing on purpose")
            return
        if self.server.busy.get(urlsplit(self.path).path):
            self.server.busy[urlsplit(self.path).path] -= 1
            body = "<html><body><p>系统繁忙，请稍后再试</p></body></html>".encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        if urlsplit(self.path).path in self.server.chunked:
            self.send_chunked(Path(self.directory) / urlsplit(self.path).path.lstrip("/"))
            return
        if target := self.server.redirects.get(urlsplit(self.path).path):
            self.send_response(301)
            self.send_header("Location", target)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        parts = urlsplit(self.path)
        # As a proxy (absolute URI) it serves each virtual host from its own folder.
        host = (parts.netloc or self.headers.get("Host", "")).lower()
        if host in self.server.hosts:
            self.directory = str(self.server.hosts[host])
        elif self.server.hosts:
            self.send_error(502, f"unknown host {host}")
            return
        if parts.netloc:
            self.path = parts.path + (f"?{parts.query}" if parts.query else "")
        if parts.path == "/plus/count.php":
            self.send_count(parse_qs(parts.query).get("aid", [""])[0])
            return
        if file := self.site_file(parts.path, parts.query):
            self.path = file
        super().do_GET()

    def site_file(self, path: str, query: str) -> str | None:
        """Where a site of ``sites/`` keeps a page of a CMS that writes no file names
        (Drupal): ``/news?page=1`` in ``news__page=1.html``, ``/news`` (no extension) in
        ``news.html``; None for a path served as it is."""
        root = Path(self.directory)
        stem = path.rstrip("/")
        named = "." in stem.rsplit("/", 1)[-1]  # (a script's own name: /index.php?id=31)
        if (not stem and not query) or (named and not query):
            return None
        for name in ([f"{stem}/__{query}.html" if not stem else f"{stem}__{query}.html"] if query else []) + (
            [f"{stem}.html"] if stem and not named else []
        ):
            # (The handler serves the path unquoted: /categories/%E8%AE%A1 from categories/计.)
            if (root / unquote(name).lstrip("/")).is_file():
                return name
        return None

    def send_fault(self, kind: str) -> None:
        """Answer as :data:`FAULTS` says of ``kind``."""
        parts = urlsplit(self.path)
        query = parse_qs(parts.query)
        file = Path(self.directory) / parts.path.lstrip("/")
        if kind in ("500", "503"):
            self.send_error(int(kind), "failing on purpose")
        elif kind == "reset":
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.close_connection = True
        elif kind == "stall":
            self.server.released.wait(timeout=120)
            self.close_connection = True
        elif kind == "redirect chain":
            hop = int(query.get("hop", ["0"])[0])
            if hop >= 3:
                self.send_body(file.read_bytes(), "text/html")
            else:
                self.send_redirect((301, 302, 307)[hop], f"{parts.path}?hop={hop + 1}")
        elif kind == "redirect loop":
            self.send_redirect(302, parts.path if query.get("loop") else f"{parts.path}?loop=1")
        elif kind == "redirect off host":
            self.send_redirect(301, self.server.elsewhere.rstrip("/") + parts.path)
        elif kind == "pdf":
            self.send_body(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n", "application/pdf")
        elif kind == "empty":
            self.send_body(b"", "text/html")
        elif kind == "big":
            body = file.read_bytes()
            self.send_body(body.replace(b"</body>", b" " * max(0, self.server.big_size - len(body)) + b"</body>"), "text/html")
        elif kind == "gzip bomb":
            self.send_body(_gzip_bomb(), "text/html", [("Content-Encoding", "gzip")])
        elif kind == "cut":
            body = file.read_bytes()
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(body[: len(body) * 7 // 10])
            self.close_connection = True
        elif kind == "wrong charset":
            self.send_body(file.read_bytes(), "text/html; charset=iso-8859-1")
        elif kind == "no charset":
            text = re.sub(r"<meta[^>]*charset[^>]*>", "", file.read_bytes().decode("utf-8"), flags=re.I)
            body = text.encode("gb18030").replace(b"</body>", "<!-- 侧栏".encode("gb18030")[:-1] + b" --></body>")
            self.send_body(body, "text/html")

    def send_body(self, body: bytes, content_type: str, headers: list[tuple[str, str]] = ()) -> None:
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def send_redirect(self, status: int, location: str) -> None:
        self.send_response(status)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def guess_type(self, path) -> str:
        # A Content-Type a test gives a path (a wrong charset, say), else the usual guess.
        return self.server.content_types.get(urlsplit(self.path).path) or super().guess_type(path)

    def send_count(self, aid: str) -> None:
        views = json.loads((Path(self.directory) / "plus" / "views.json").read_text()).get(aid)
        body = (f"document.write('{views}');" if views is not None else "").encode()
        self.send_response(200 if views is not None else 404)
        self.send_header("Content-Type", "application/x-javascript")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def send_chunked(self, path: Path) -> None:
        """The file in HTTP/1.1 chunks of 1000 bytes (Transfer-Encoding: chunked)."""
        body = path.read_bytes()
        self.protocol_version = "HTTP/1.1"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Transfer-Encoding", "chunked")
        self.send_header("Connection", "close")
        self.end_headers()
        for start in range(0, len(body), 1000):
            chunk = body[start : start + 1000]
            self.wfile.write(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
        self.wfile.write(b"0\r\n\r\n")
        self.close_connection = True

    def log_message(self, format: str, *args) -> None:
        if self.server.verbose:
            super().log_message(format, *args)


class FixtureServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(
        self,
        root: Path = SITE,
        port: int = 0,
        verbose: bool = False,
        hosts: dict[str, Path] | None = None,
        delay: float = 0.0,
    ) -> None:
        super().__init__(("127.0.0.1", port), partial(FixtureHandler, directory=str(root)))
        self.root = Path(root)
        self.hosts = {h.lower(): Path(p) for h, p in (hosts or {}).items()}
        self.verbose = verbose
        self.delay = delay  # seconds before each answer: a slow portal, for interruption tests
        self.failing: set[str] = set()  # paths answered with 500
        self.content_types: dict[str, str] = {}  # path -> the Content-Type header to send
        self.redirects: dict[str, str] = {}  # path -> Location of a 301
        self.chunked: set[str] = set()  # paths answered with Transfer-Encoding: chunked
        self.busy: dict[str, int] = {}  # path -> how many more times it answers 系统繁忙
        # path -> the fault it is served with (see FAULTS): the fault-injecting harness.
        self.faults: dict[str, Fault] = {}
        self.elsewhere = "http://localhost:9/"  # where "redirect off host" points
        self.big_size = 1024**2  # bytes of a "big" page
        # Paths under these prefixes get no answer until release(): a crawl held at a known point.
        self.held: tuple[str, ...] = ()
        self.released = threading.Event()
        self.requests: list[tuple[str, str, str]] = []
        self._lock = threading.Lock()

    def handle_error(self, request, client_address) -> None:
        # A crawler killed mid-answer is what some tests do; the broken pipe is expected.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/"

    def record(self, handler: FixtureHandler) -> None:
        with self._lock:
            path = urlsplit(handler.path)
            path = path.path + (f"?{path.query}" if path.query else "")
            self.requests.append((handler.command, path, handler.headers.get("User-Agent", "")))

    def take_fault(self, path: str) -> str | None:
        """The fault to serve ``path`` with this time, if any (one of its ``times`` used)."""
        with self._lock:
            fault = self.faults.get(path)
            if fault is None or fault.times == 0:
                return None
            if fault.times is not None:
                fault.times -= 1
            return fault.kind

    def hold(self, *prefixes: str) -> None:
        self.released.clear()
        self.held = prefixes

    def is_held(self, path: str) -> bool:
        return bool(self.held) and path.startswith(self.held) and not self.released.is_set()

    def release(self) -> None:
        self.released.set()

    def wait_for(self, condition, what: str, timeout: float = 120) -> None:
        """Wait until ``condition()`` holds (a state reached, not a time passed)."""
        deadline = time.monotonic() + timeout
        while not condition():
            if time.monotonic() > deadline:
                raise TimeoutError(f"never reached: {what}")
            time.sleep(0.02)

    def paths(self) -> list[str]:
        with self._lock:
            return [path for _, path, _ in self.requests]

    def clear_log(self) -> None:
        with self._lock:
            self.requests.clear()

    def start(self) -> FixtureServer:
        threading.Thread(target=self.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        self.release()
        self.shutdown()
        self.server_close()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--root", type=Path, default=SITE, help="folder to serve (default: the fixture site)")
    args = parser.parse_args(argv)
    server = FixtureServer(args.root, args.port, verbose=True)
    print(f"Serving {args.root} at {server.url}", file=sys.stderr, flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
