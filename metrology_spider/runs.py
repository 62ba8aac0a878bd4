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
import logging
import os
from pathlib import Path
from typing import IO, Any

logger = logging.getLogger(__name__)

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
    try:
        temporary.write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        os.replace(temporary, path)
    except OSError:
        temporary.unlink(missing_ok=True)  # no stray half-written manifest
        raise
    return path


def read_manifests(archive_dir: Path) -> list[dict[str, Any]]:
    """Every readable manifest of the archive, oldest first. A manifest that is not
    a JSON object is skipped with a WARNING naming its file, never a stop.

    Runs are ordered by the sequence number each manifest carries (``seq``: one more
    than the run before), then by name: a clock set back does not make the newest
    run look older.
    """
    found = []
    for path in sorted((Path(archive_dir) / RUNS).glob("*.json")):
        try:
            manifest = json.loads(path.read_text(encoding="utf-8"))
        except (ValueError, OSError) as exc:
            logger.warning("Unreadable run manifest %s, left aside: %s", path, exc)
            continue
        if not isinstance(manifest, dict):
            logger.warning("Run manifest %s is not a JSON object, left aside", path)
            continue
        seq = manifest.get("seq")
        found.append((seq if isinstance(seq, int) else -1, path.stem, manifest))
    found.sort(key=lambda item: (item[0], item[1]))
    return [manifest for _, _, manifest in found]


def latest_manifest(archive_dir: Path, before: str | None = None) -> dict[str, Any] | None:
    """The manifest of the latest run (other than run ``before``), or None."""
    runs = [m for m in read_manifests(archive_dir) if before is None or m.get("run") != before]
    return runs[-1] if runs else None


def unique_run_id(archive_dir: Path, run: str) -> str:
    """``run``, or ``run-2``, ``run-3`` ... when a run of that name already left files
    (two runs in the same second): no run's manifest or files are ever overwritten."""
    archive_dir = Path(archive_dir)
    candidate, n = run, 1
    while (
        manifest_path(archive_dir, candidate).exists()
        or (archive_dir / "articles" / f"{candidate}.jsonl").exists()
        or any((archive_dir / "warc").glob(f"{candidate}-[0-9]*.warc.gz"))
    ):
        n += 1
        candidate = f"{run}-{n}"
    return candidate
