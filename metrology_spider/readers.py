"""Article pages read in another process while the crawl goes on.

A crawl that is not paced (``-s DOWNLOAD_DELAY=0`` without AutoThrottle, or a replay
of a capture) is bound by one core: Scrapy's engine and the reading of article pages
(parsing, extraction, the article's links: a quarter to a third of its CPU time) take
turns on it while the machine's other cores wait. :class:`PageReaders` hands the
reading (:func:`~metrology_spider.assemble.read_page`: a page's decoded text in, a
:class:`~metrology_spider.assemble.PageReading` out; pure, the very function the
assembly calls when it reads a page itself) to worker processes; the spider awaits
the reading and gives it to the article's assembly, which goes on as it would have.
The records are the same bytes either way (tests/test_readers.py).

``EXTRACTION_PROCESSES``: how many workers; ``auto`` (the default) is one where the
crawl is not paced and the machine has more than one core, else none (a crawl paced
by ``DOWNLOAD_DELAY`` waits for the portal, not for the CPU: a worker would only add
its memory, 11-19 MB). ``0``: every page is read in the crawl's process.

Each worker is forked when the spider opens, before the reactor has started any
thread (none is copied into it), with the garbage collector's objects frozen (in
both processes) so that what it inherits stays shared. It talks with the crawl over
a socket pair that the reactor watches like any connection: no thread in the crawl's
process (a thread would take the interpreter's lock from the engine;
``concurrent.futures`` took back in overhead most of what the crawl saved). A worker keeps
open nothing of the crawl's but its standard streams (not the archive's lock or
files, not the capture); it ignores SIGINT (Ctrl-C is the crawl's: it finishes the
pages in hand, then closes the sockets) and ends when its socket closes, as when the
crawl's process is killed. A worker that dies takes no page with it: the pages it
held are read in the crawl's process, and an ERROR says so.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import os
import pickle
import signal
import socket
import struct
import time
from collections import deque

from scrapy import signals
from scrapy.exceptions import NotConfigured
from scrapy.http import HtmlResponse, Response
from twisted.internet import defer, protocol
from twisted.protocols.basic import Int32StringReceiver

from metrology_spider.assemble import PageReading, read_page
from metrology_spider.normalize import preload

logger = logging.getLogger(__name__)

_LENGTH = struct.Struct("!I")  # Int32StringReceiver's prefix
try:
    _MAX_FD = os.sysconf("SC_OPEN_MAX")
except (AttributeError, ValueError):
    _MAX_FD = 65536


def default_jobs() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def processes_for(settings) -> int:
    """The number of extraction processes ``settings`` ask for (see the module's docstring)."""
    value = str(settings.get("EXTRACTION_PROCESSES", "auto")).strip().lower()
    if value == "auto":
        paced = settings.getfloat("DOWNLOAD_DELAY") > 0 or settings.getbool("AUTOTHROTTLE_ENABLED")
        unpaced = bool(settings.get("REPLAY")) or not paced
        return 1 if unpaced and default_jobs() > 1 else 0
    try:
        processes = int(value)
    except ValueError:
        processes = -1
    if processes < 0:
        raise ValueError(
            f"EXTRACTION_PROCESSES must be auto or a number of processes, 0 or more, not {value!r}"
        )
    return processes


# --- the worker --------------------------------------------------------------------


def _serve(sock: socket.socket) -> None:
    """A worker's life: read each page sent, send back its reading (or the exception the
    reading raised), until the socket closes."""
    stream = sock.makefile("rb")
    while len(header := stream.read(_LENGTH.size)) == _LENGTH.size:
        (size,) = _LENGTH.unpack(header)
        text, url, first = pickle.loads(stream.read(size))
        try:
            answer = (True, read_page(text, url, first))
        except Exception as exc:  # raised in the crawl's process, as if read there
            answer = (False, exc)
        try:
            data = pickle.dumps(answer, pickle.HIGHEST_PROTOCOL)
        except Exception:  # an exception that cannot travel: its kind and words do
            data = pickle.dumps((False, RuntimeError(f"{url}: {answer[1]!r}")), pickle.HIGHEST_PROTOCOL)
        sock.sendall(_LENGTH.pack(len(data)) + data)


def _fork_worker() -> tuple[int, socket.socket]:
    """A worker process, forked now: its pid, and the crawl's end of its socket."""
    ours, theirs = socket.socketpair()
    # Every object made so far (the code, Scrapy's and the crawler's) moved out of the
    # garbage collector's passes, in both processes, for good: a pass writes into every
    # object it visits, and each page written in one process is copied, the other
    # keeping the old one. Left to the crawl's passes, they took 12 MB more memory
    # (benches/README.md). They live as long as the crawl anyway.
    gc.freeze()
    pid = os.fork()
    if pid == 0:
        status = 1
        try:
            # Ctrl-C and SIGTERM sent to the crawl's process group are the crawl's to handle:
            # the worker ends when the crawl closes its socket (or dies, and the socket with it).
            signal.signal(signal.SIGINT, signal.SIG_IGN)
            signal.signal(signal.SIGTERM, signal.SIG_IGN)
            ours.close()
            # Nothing of the crawl's stays open here (the archive's lock and files, the
            # capture, the reactor's, the portal's connections): a crawl that dies leaves
            # nothing held by its worker, however long the worker takes to end.
            keep = theirs.fileno()
            os.closerange(3, keep)
            os.closerange(keep + 1, _MAX_FD)
            _serve(theirs)
            status = 0
        finally:
            os._exit(status)  # nothing of the crawl's (atexit, buffered logs) runs here
    theirs.close()
    return pid, ours


def _reap(pid: int, patience: float = 10.0) -> None:
    """Wait for the worker ``pid`` to end (it does once its socket is closed); killed
    after ``patience`` seconds."""
    deadline = time.monotonic() + patience
    while True:
        try:
            done, _ = os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:
            return
        if done:
            return
        if time.monotonic() > deadline:
            logger.warning("Extraction process %d did not end with the crawl: killed", pid)
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            return
        time.sleep(0.005)


# --- the crawl's side --------------------------------------------------------------


class _Worker(Int32StringReceiver):
    """The crawl's side of one worker: pages out, readings back, in the same order."""

    MAX_LENGTH = 2**31 - 1

    def __init__(self, readers: PageReaders, pid: int) -> None:
        self.readers = readers
        self.pid = pid
        self.waiting: deque[defer.Deferred] = deque()
        self.gone = False
        self.read = 0  # pages read

    def send(self, text: str, url: str, first: bool) -> defer.Deferred[PageReading | None]:
        result: defer.Deferred[PageReading | None] = defer.Deferred()
        self.waiting.append(result)
        self.sendString(pickle.dumps((text, url, first), pickle.HIGHEST_PROTOCOL))
        return result

    def stringReceived(self, data: bytes) -> None:
        ok, value = pickle.loads(data)
        result = self.waiting.popleft()
        self.read += 1
        if ok:
            result.callback(value)
        else:
            result.errback(value)

    def connectionLost(self, reason=protocol.connectionDone) -> None:
        self.gone = True
        if not self.readers.closing:
            self.readers.lost(self, reason.getErrorMessage())
        while self.waiting:
            self.waiting.popleft().callback(None)  # read in the crawl's process


class _Factory(protocol.Factory):
    def __init__(self, worker: _Worker) -> None:
        self.worker = worker

    def buildProtocol(self, addr) -> _Worker:
        return self.worker


class PageReaders:
    """The crawl's extraction processes (see the module's docstring)."""

    def __init__(self, processes: int, crawler=None) -> None:
        if processes < 1:
            raise NotConfigured
        self.processes = processes
        self.crawler = crawler
        self.closing = False
        self.workers: list[_Worker] = []

    def start(self) -> None:
        """Fork the workers: when the spider opens, once the crawler has made all it
        makes at the start (what the crawl writes into after the fork is copied, the
        worker keeping the old pages: forked when the crawler was made, 7 MB more), and
        before the reactor has started any thread of its own."""
        from twisted.internet import reactor  # (the one the crawler installed)

        # What both processes read (the workers for every record; the crawl's process for
        # the articles of several pages it puts together): one copy, shared.
        preload()
        for _ in range(self.processes):
            pid, sock = _fork_worker()
            worker = _Worker(self, pid)
            self.workers.append(worker)
            reactor.adoptStreamConnection(sock.fileno(), socket.AF_UNIX, _Factory(worker))
            sock.close()  # (the reactor holds its own copy)

    @classmethod
    def from_crawler(cls, crawler) -> PageReaders | None:
        """The crawl's readers, or None where it reads every page itself."""
        processes = processes_for(crawler.settings)
        try:
            readers = cls(processes, crawler)
        except NotConfigured:
            return None
        crawler.signals.connect(readers.opened, signal=signals.spider_opened)
        crawler.signals.connect(readers.closed, signal=signals.spider_closed)
        return readers

    def opened(self, spider) -> None:
        self.start()
        self.crawler.stats.set_value("metrology/extraction_processes", len(self.workers))
        logger.info(
            "Article pages are read by %d extraction process(es), pids %s (EXTRACTION_PROCESSES=%s)",
            len(self.workers), ", ".join(str(w.pid) for w in self.workers),
            self.crawler.settings.get("EXTRACTION_PROCESSES", "auto"),
        )  # fmt: skip

    def read(self, response: Response, first: bool) -> defer.Deferred[PageReading | None]:
        """The reading of ``response``, an article's page (``first``: its first page), made
        by a worker; None for a page the assembly reads itself (one that is not a whole
        HTML page with a 2xx status), or when no worker is left."""
        live = [w for w in self.workers if not w.gone]
        if (
            not live
            or not isinstance(response, HtmlResponse)
            or not 200 <= response.status < 300
            or "truncated" in response.flags
        ):
            return defer.succeed(None)
        worker = min(live, key=lambda w: len(w.waiting))
        return worker.send(response.text, response.url, first)

    def lost(self, worker: _Worker, reason: str) -> None:
        logger.error(
            "Extraction process %d ended in the middle of the crawl (%s): the %d pages it held, "
            "and the pages to come if it was the last, are read in the crawl's process",
            worker.pid, reason, len(worker.waiting),
        )  # fmt: skip
        if self.crawler is not None:
            self.crawler.stats.inc_value("metrology/extraction_processes/lost")

    def closed(self, spider) -> None:
        """Count the pages the workers read; close their sockets at once (the engine has
        no page left to read, and the reactor may not turn again) and wait for them to end."""
        self.crawler.stats.set_value(
            "metrology/extraction_processes/pages", sum(w.read for w in self.workers)
        )
        self.closing = True
        for worker in self.workers:
            if worker.transport is not None and not worker.gone:
                with contextlib.suppress(OSError):
                    worker.transport.socket.shutdown(socket.SHUT_RDWR)
        for worker in self.workers:
            _reap(worker.pid)
