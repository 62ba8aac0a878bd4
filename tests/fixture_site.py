"""Serve the fixture portal (tests/fixtures/site) on 127.0.0.1, as the crawl tests do.

    python tests/fixture_site.py --port 8000

Given ``hosts`` it also answers as an HTTP proxy for those virtual hosts, each
from its own folder (``scripts/make_sample.py`` uses that to capture a sample
portal under its own host names).

Pages are served as saved, with ``Content-Type: text/html`` and no charset (the
pages declare their own, as the portal's do). ``/plus/count.php?aid=N`` answers
like DedeCMS's view counter, from ``plus/views.json``. Every request is logged
(method, path, User-Agent), for the tests to check what a crawl asked for.
"""

from __future__ import annotations

import argparse
import json
import sys
import threading
import time
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

SITE = Path(__file__).parent / "fixtures" / "site"


class FixtureHandler(SimpleHTTPRequestHandler):
    server: FixtureServer

    def do_GET(self) -> None:
        self.server.record(self)
        if self.server.delay:
            time.sleep(self.server.delay)
        if self.server.is_held(urlsplit(self.path).path):
            self.server.released.wait(timeout=300)
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
        super().do_GET()

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
