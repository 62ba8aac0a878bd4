"""A run's place in the archive: the lock that keeps runs apart, and the manifests
that tell the next run how the last one went.

Layout under ``ARCHIVE_DIR``::

    .lock               held (flock) by the run that uses the archive (a crawl or a
                        re-extraction, through metrology_spider.state.ArchiveState);
                        the OS lets go when it dies
    runs/<run>.json     one manifest per run: written as "running" when it starts,
                        rewritten with its account when it ends
"""

from __future__ import annotations

import fcntl
import json
import os
from pathlib import Path
from typing import IO, Any

RUNS = "runs"
LOCK = ".lock"


class ArchiveLocked(Exception):
    """Another run holds this archive."""


class ArchiveLock:
    """An exclusive lock on an archive folder, taken without waiting.

    flock is released by the kernel when the holder exits, however it exits, so
    a killed run never leaves the archive locked; the file only says who held it.
    """

    def __init__(self, archive_dir: Path) -> None:
        self.path = Path(archive_dir) / LOCK
        self._file: IO[str] | None = None

    def acquire(self, owner: str) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        f = open(self.path, "a+")
        try:
            fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            f.seek(0)
            holder = f.read().strip() or "another run"
            f.close()
            raise ArchiveLocked(f"{self.path.parent} is in use by {holder}") from None
        f.seek(0)
        f.truncate()
        f.write(f"{owner} (pid {os.getpid()})\n")
        f.flush()
        self._file = f

    def release(self) -> None:
        if self._file is not None:
            fcntl.flock(self._file, fcntl.LOCK_UN)
            self._file.close()
            self._file = None

    def __enter__(self) -> ArchiveLock:
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


def manifest_path(archive_dir: Path, run: str) -> Path:
    return Path(archive_dir) / RUNS / f"{run}.json"


def write_manifest(archive_dir: Path, run: str, manifest: dict[str, Any]) -> Path:
    """Write a run's manifest atomically (temporary file, then rename)."""
    path = manifest_path(archive_dir, run)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".json.tmp")
    temporary.write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    os.replace(temporary, path)
    return path


def latest_manifest(archive_dir: Path, before: str | None = None) -> dict[str, Any] | None:
    """The manifest of the latest run (before run ``before``), or None."""
    folder = Path(archive_dir) / RUNS
    for path in sorted(folder.glob("*.json"), reverse=True):
        if before is not None and path.stem >= before:
            continue
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except ValueError:
            continue
    return None
